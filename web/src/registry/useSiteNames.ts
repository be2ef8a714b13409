import { api } from '../api/client.js';
import { useApi } from '../common/useApi.js';
import type { Site } from './kinds.js';

/**
 * The names of the sites the viewer may see, by id: a person's site and a unit's base are shown by
 * name. A site whose name the agreement withholds is left out (it shows as an unnamed site).
 */
const noSites: Site[] = [];

export function useSiteNames() {
  const loaded = useApi(async () => {
    const { items } = (await api.get('/api/v1/sites', {}, { limit: 500 })) as { items: Site[] };
    return { sites: items, names: new Map(items.flatMap((s) => (s.name ? [[s.id, s.name] as const] : []))) };
  }, []);
  return { sites: loaded.data?.sites ?? noSites, names: loaded.data?.names ?? new Map<string, string>() };
}
