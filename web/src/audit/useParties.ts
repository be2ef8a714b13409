import { api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useApi } from '../common/useApi.js';

export type Party = components['schemas']['Party'];

/** Both parties, to name who signed and to know who has not yet. */
export function useParties() {
  return useApi(async () => (await api.get('/api/v1/parties')).items, []);
}
