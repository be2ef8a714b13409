import type { Database, Db, Tx } from '../database.js';
import { compileOnce } from '../platform/db/compile-once.js';
import { raiseDataVersion } from '../platform/db/data-version.js';
import type { PartyRow } from './access.tables.js';

export interface Party {
  id: string;
  name: string;
  kind: 'host' | 'partner';
  isDemo: boolean;
  createdAt: string;
}

function toParty(row: PartyRow): Party {
  return { id: row.id, name: row.name, kind: row.kind, isDemo: row.is_demo === 1, createdAt: row.created_at };
}

const selectParties = compileOnce((db: Db) =>
  db.selectFrom('parties').selectAll().orderBy('kind').orderBy('id'),
);

/** Every party, the host first: read by every list of the registry. */
export async function listParties(db: Db): Promise<Party[]> {
  return (await selectParties(db)).map(toParty);
}

export async function findParty(db: Db, id: string): Promise<Party | null> {
  const row = await db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toParty(row) : null;
}

export async function insertParty(tx: Tx, party: Party): Promise<void> {
  await raiseDataVersion<Database>(tx, 'parties');
  await tx
    .insertInto('parties')
    .values({
      id: party.id,
      name: party.name,
      kind: party.kind,
      is_demo: party.isDemo ? 1 : 0,
      created_at: party.createdAt,
    })
    .execute();
}
