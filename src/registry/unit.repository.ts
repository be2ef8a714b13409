import type { Db, Tx } from '../database.js';
import type { UnitRow } from './registry.tables.js';
import type { NamedFilter } from './site.repository.js';

export async function insertUnit(tx: Tx, row: UnitRow): Promise<void> {
  await tx.insertInto('units').values(row).execute();
}

export async function updateUnit(tx: Tx, id: string, changes: Partial<UnitRow>): Promise<void> {
  await tx.updateTable('units').set(changes).where('id', '=', id).execute();
}

export async function findUnit(db: Db, id: string) {
  return db
    .selectFrom('units')
    .innerJoin('parties', 'parties.id', 'units.party_id')
    .selectAll('units')
    .select('parties.kind as party_kind')
    .where('units.id', '=', id)
    .executeTakeFirst();
}

export async function listUnits(
  db: Db,
  filter: NamedFilter & { kind?: UnitRow['kind'] | undefined; status?: UnitRow['status'] | undefined },
) {
  if (filter.ownerIds.length === 0) return [];
  let query = db
    .selectFrom('units')
    .innerJoin('parties', 'parties.id', 'units.party_id')
    .selectAll('units')
    .select('parties.kind as party_kind')
    .where('units.party_id', 'in', filter.ownerIds);
  if (!filter.includeInactive) query = query.where('units.active', '=', 1);
  if (filter.kind) query = query.where('units.kind', '=', filter.kind);
  if (filter.status) query = query.where('units.status', '=', filter.status);
  if (filter.after) {
    const { name, id } = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('units.call_sign', '>', name),
        eb.and([eb('units.call_sign', '=', name), eb('units.id', '>', id)]),
      ]),
    );
  }
  return query.orderBy('units.call_sign').orderBy('units.id').limit(filter.limit).execute();
}

/** Whether the party is the host or a partner: the agreement allows unit kinds by it. */
export async function partyKindOf(db: Db, partyId: string): Promise<'host' | 'partner'> {
  const party = await db
    .selectFrom('parties')
    .select('kind')
    .where('id', '=', partyId)
    .executeTakeFirstOrThrow();
  return party.kind;
}
