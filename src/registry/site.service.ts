import { owningParty, type Actor } from '../access/actor.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { validationFailed } from '../platform/errors.js';
import { mapPage } from '../platform/paging.js';
import type { Viewing } from './registry.presenter.js';
import { type SiteInput, siteInput } from './registry.js';
import { columnOf, columnsOf, givenFields, newColumnsOf, recordOf, type RecordOf } from './record-columns.js';
import { findOwned, type OwnedRow } from './owned.repository.js';
import type { SiteRow } from './registry.tables.js';
import * as repo from './site.repository.js';
import { ownedChanges } from './owned.writes.js';
import type { RegistryAccess } from './visibility.js';
import { placeOf, polygonProblem, type Polygon } from '../platform/geo.js';

/** A site as stored, each column under its field's name; `partyKind` is its owner's kind. */
export type Site = Omit<RecordOf<OwnedRow<'sites'>>, 'perimeter'> & { perimeter: Polygon | null };

const fields = Object.keys(siteInput.shape) as (keyof SiteInput)[];
// Every input field is a column of the row, under its snake_case name: this fails to compile otherwise.
const inputsHaveColumns: Site extends Record<keyof SiteInput, unknown> ? true : never = true;
void inputsHaveColumns;

// PostgreSQL returns numerics as text; the perimeter is stored as GeoJSON text.
const toSite = (row: OwnedRow<'sites'>): Site =>
  recordOf(row, {
    lat: Number,
    lon: Number,
    perimeter: (perimeter) => (perimeter ? (JSON.parse(perimeter) as Polygon) : null),
  }) as Site;
const encode = {
  perimeter: (perimeter: Polygon | null) => (perimeter === null ? null : JSON.stringify(perimeter)),
};

/** Project sites, camps, residences, offices and bases. */
/** A perimeter is an area like a zone's: the same domain check, 400 naming `perimeter`. */
function assertPerimeter(perimeter: Polygon | null | undefined): void {
  if (!perimeter) return;
  const problem = polygonProblem(perimeter);
  if (!problem) return;
  throw validationFailed('perimeter', `perimeter${placeOf(problem)}: ${problem.message}`);
}

export function siteService(deps: { db: Db; writes: AuditedWrites; access: RegistryAccess }) {
  const { db, writes, access } = deps;

  const { visible: loadVisible, owned: loadOwned } = access.loaders('site', async (id) => {
    const row = await findOwned(db, 'sites', id);
    return row ? toSite(row) : null;
  });

  const changes = ownedChanges({ writes, table: 'sites', entity: 'site', toRecord: toSite });

  return {
    /** A site the viewing's actor may see. */
    get: loadVisible,

    /** A page of the sites the viewing's actor may see. */
    async list(
      viewing: Viewing,
      query: { kind?: SiteRow['kind']; includeInactive?: boolean; after?: string; limit: number },
    ) {
      const page = await repo.listSites(db, {
        ...query,
        ownerIds: await access.visibleOwners(viewing, 'site'),
      });
      return mapPage(page, toSite);
    },

    async create(actor: Actor, input: SiteInput & { partyId?: string; isDemo?: boolean }) {
      const partyId = owningParty(actor, input.partyId, 'site');
      assertPerimeter(input.perimeter);
      const given = fields.filter((field) => input[field] != null).map(columnOf);
      return changes.create(actor, { partyId, isDemo: input.isDemo }, given, () =>
        newColumnsOf<keyof SiteInput, SiteRow>(fields, input, encode),
      );
    },

    async update(actor: Actor, id: string, input: Partial<SiteInput>) {
      assertPerimeter(input.perimeter);
      const site = await loadOwned(actor, id);
      const changed = givenFields(fields, input);
      if (changed.length === 0) return site;
      return changes.change(actor, site, 'site.updated', changed.map(columnOf), () =>
        columnsOf<keyof SiteInput, SiteRow>(fields, input, encode),
      );
    },

    async deactivate(actor: Actor, id: string) {
      return changes.deactivate(actor, await loadOwned(actor, id));
    },
  };
}

export type SiteService = ReturnType<typeof siteService>;
