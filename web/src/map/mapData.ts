import type { Feature, FeatureCollection } from 'geojson';
import { api, request, urlOf } from '../api/client.js';
import type { components } from '../api/schema.js';
import { locationFeature, type Location } from './geometry.js';

type Site = components['schemas']['Site'];
type Unit = components['schemas']['Unit'];
type Zone = components['schemas']['RiskZone'];

const collection = (features: (Feature | undefined)[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: features.filter((f): f is Feature => f !== undefined),
});

/** Sites: their perimeters, and each site at its location (a point, or an area when coarsened). */
export async function loadSites(): Promise<{ points: FeatureCollection; perimeters: FeatureCollection }> {
  const { items } = (await api.get('/api/v1/sites', {}, { limit: 500 })) as { items: Site[] };
  return {
    points: collection(
      items.map((site) =>
        locationFeature(site.location as Location, {
          kind: 'site',
          id: site.id,
          name: site.name ?? null,
          partyId: site.partyId,
        }),
      ),
    ),
    perimeters: collection(
      items.map((site) =>
        site.perimeter
          ? { type: 'Feature', geometry: site.perimeter, properties: { kind: 'site', id: site.id } }
          : undefined,
      ),
    ),
  };
}

/**
 * Units at their bases: a unit has no position of its own until tracking, so it is drawn where its
 * base site is, as precisely as the agreement shows the viewer that site (and not at all when it
 * withholds the base or the site's place).
 */
export async function loadUnits(): Promise<FeatureCollection> {
  const [{ items: units }, { items: sites }] = (await Promise.all([
    api.get('/api/v1/units', {}, { limit: 500 }),
    api.get('/api/v1/sites', {}, { limit: 500 }),
  ])) as [{ items: Unit[] }, { items: Site[] }];
  const siteLocation = new Map(sites.map((site) => [site.id, site.location as Location]));
  return collection(
    units.map((unit) =>
      locationFeature(
        (unit.location as Location) ?? (unit.baseSiteId ? siteLocation.get(unit.baseSiteId) : null) ?? null,
        {
          kind: 'unit',
          id: unit.id,
          name: unit.callSign ?? null,
          partyId: unit.partyId,
        },
      ),
    ),
  );
}

export async function loadZones(): Promise<FeatureCollection> {
  const { items } = (await api.get('/api/v1/risk/zones')) as { items: Zone[] };
  return zoneFeatures(items);
}

/** Zones pending and in force as features coloured by level (a withdrawn zone is not drawn). */
export function zoneFeatures(items: Zone[]): FeatureCollection {
  return collection(
    items
      .filter((zone) => zone.status !== 'withdrawn')
      .map((zone) => ({
        type: 'Feature',
        geometry: zone.polygon,
        properties: {
          kind: 'zone',
          id: zone.id,
          level: zone.level,
          status: zone.status,
          partyId: zone.partyId,
          reason: zone.reason,
        },
      })),
  );
}

/** The risk grid's cells at level 2 and above (zones come from their own list, pending ones too). */
export async function loadRiskGrid(): Promise<FeatureCollection> {
  const grid = await request<FeatureCollection>(
    'GET',
    urlOf('/api/v1/risk/grid.geojson', {}, { minLevel: 2 }),
  );
  return collection(grid.features.filter((f) => f.properties?.kind === 'cell'));
}

interface IncidentProperties {
  id: string;
  date: string;
  type: string | null;
  place: string | null;
  province: string | null;
  killed: { best: number | null };
  wounded: { best: number | null };
}

const dayMs = 86_400_000;

/**
 * Incidents of a period as flat points for clustering: `day` counts from the period's start, so the
 * time slider filters on the GPU; `casualties` (killed and wounded, best estimates) sizes and colours.
 */
export async function loadIncidents(
  from: string,
  to: string,
): Promise<{ points: FeatureCollection; withoutLocation: number }> {
  const answer = await request<FeatureCollection & { withoutLocation: number }>(
    'GET',
    urlOf('/api/v1/incidents.geojson', {}, { from, to }),
  );
  const start = Date.parse(from);
  return {
    withoutLocation: answer.withoutLocation,
    points: collection(
      answer.features.map((f) => {
        const p = f.properties as IncidentProperties;
        return {
          type: 'Feature',
          geometry: f.geometry,
          properties: {
            kind: 'incident',
            id: p.id,
            date: p.date,
            type: p.type,
            place: p.place ?? p.province,
            day: Math.floor((Date.parse(p.date) - start) / dayMs),
            casualties: (p.killed?.best ?? 0) + (p.wounded?.best ?? 0),
          },
        };
      }),
    ),
  };
}
