import type { Db, Tx } from '../database.js';
import { compileOnce } from '../platform/db/compile-once.js';
import type { AgreementSignatureRow, AgreementVersionRow } from './agreement.tables.js';

export async function findInForce(
  db: Db,
): Promise<Pick<AgreementVersionRow, 'version' | 'document'> | undefined> {
  return db
    .selectFrom('agreement_versions')
    .select(['version', 'document'])
    .where('status', '=', 'in_force')
    .executeTakeFirst();
}

const selectInForceVersion = compileOnce((db: Db) =>
  db.selectFrom('agreement_versions').select('version').where('status', '=', 'in_force'),
);

/** The number of the version in force, if any: what every request reads, without its document. */
export async function findInForceVersion(db: Db): Promise<number | undefined> {
  const [row] = await selectInForceVersion(db);
  return row?.version;
}

export async function findVersion(db: Db, version: number): Promise<AgreementVersionRow | undefined> {
  return db.selectFrom('agreement_versions').selectAll().where('version', '=', version).executeTakeFirst();
}

export async function listVersions(db: Db): Promise<AgreementVersionRow[]> {
  return db.selectFrom('agreement_versions').selectAll().orderBy('version', 'desc').execute();
}

export async function nextVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('agreement_versions')
    .select((eb) => eb.fn.max('version').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertVersion(tx: Tx, row: AgreementVersionRow): Promise<void> {
  await tx.insertInto('agreement_versions').values(row).execute();
}

/** Takes the version's row lock (PostgreSQL), so two last signatures cannot both miss each other. */
export async function lockVersion(tx: Tx, version: number): Promise<void> {
  await tx
    .updateTable('agreement_versions')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('version', '=', version)
    .execute();
}

export async function setStatus(
  db: Db,
  version: number,
  changes: Partial<AgreementVersionRow>,
): Promise<void> {
  await db.updateTable('agreement_versions').set(changes).where('version', '=', version).execute();
}

export async function listSignatures(db: Db, versions: number[]): Promise<AgreementSignatureRow[]> {
  if (versions.length === 0) return [];
  return db
    .selectFrom('agreement_signatures')
    .selectAll()
    .where('version', 'in', versions)
    .orderBy('signed_at')
    .execute();
}

export async function insertSignature(tx: Tx, row: AgreementSignatureRow): Promise<void> {
  await tx.insertInto('agreement_signatures').values(row).execute();
}
