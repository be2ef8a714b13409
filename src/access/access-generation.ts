import type { Db, Tx } from '../database.js';
import { compileOnce } from '../platform/db/compile-once.js';

/**
 * Raises the access generation inside the transaction of a change that can end or narrow a
 * credential or the user behind it: every instance then forgets the credentials it remembers.
 */
export async function raiseAccessGeneration(tx: Tx): Promise<void> {
  await tx
    .updateTable('access_generation')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}

const selectGeneration = compileOnce((db: Db) =>
  db.selectFrom('access_generation').select('value').where('id', '=', 1),
);

/** The access generation now: one point read, the whole cost of checking a remembered credential. */
export async function readAccessGeneration(db: Db): Promise<number> {
  const [row] = await selectGeneration(db);
  return Number(row?.value ?? 0);
}
