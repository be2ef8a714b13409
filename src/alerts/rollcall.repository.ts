import type { Role } from '../access/actor.js';
import type { Db, Tx } from '../database.js';
import type { Subject } from '../tracking/live-index.js';
import type { RollcallPinRow, RollcallRow, RollcallSubjectRow, RollcallWaveRow } from './rollcall.tables.js';

/** Roll-call SQL: rows in, rows out. */

const subjectsPerInsert = 500;

export async function insertRollcall(
  tx: Tx,
  row: RollcallRow,
  subjects: readonly RollcallSubjectRow[],
  waves: readonly RollcallWaveRow[],
): Promise<void> {
  await tx.insertInto('rollcalls').values(row).execute();
  for (let i = 0; i < subjects.length; i += subjectsPerInsert)
    await tx
      .insertInto('rollcall_subjects')
      .values(subjects.slice(i, i + subjectsPerInsert))
      .execute();
  if (waves.length > 0)
    await tx
      .insertInto('rollcall_waves')
      .values([...waves])
      .execute();
}

export async function findRollcall(db: Db | Tx, id: string): Promise<RollcallRow | undefined> {
  return db.selectFrom('rollcalls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function rollcallOfIncident(db: Db, incidentId: string): Promise<RollcallRow | undefined> {
  return db.selectFrom('rollcalls').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
}

/** Roll-calls, newest first, a page after the keyset `after` (started_at and id). */
export async function listRollcalls(
  db: Db,
  query: {
    limit: number;
    status?: 'open' | 'closed' | undefined;
    after?: { startedAt: string; id: string } | undefined;
  },
): Promise<RollcallRow[]> {
  let q = db.selectFrom('rollcalls').selectAll();
  if (query.status) q = q.where('status', '=', query.status);
  const after = query.after;
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('started_at', '<', after.startedAt),
        eb.and([eb('started_at', '=', after.startedAt), eb('id', '<', after.id)]),
      ]),
    );
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function openRollcalls(db: Db): Promise<RollcallRow[]> {
  return db.selectFrom('rollcalls').selectAll().where('status', '=', 'open').execute();
}

export async function subjectsOf(db: Db | Tx, rollcallId: string): Promise<RollcallSubjectRow[]> {
  return db
    .selectFrom('rollcall_subjects')
    .selectAll()
    .where('rollcall_id', '=', rollcallId)
    .orderBy('subject_type')
    .orderBy('subject_id')
    .execute();
}

export async function findSubject(
  db: Db | Tx,
  rollcallId: string,
  subject: Subject,
): Promise<RollcallSubjectRow | undefined> {
  return db
    .selectFrom('rollcall_subjects')
    .selectAll()
    .where('rollcall_id', '=', rollcallId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
}

export async function subjectByLink(db: Db | Tx, linkIndex: string): Promise<RollcallSubjectRow | undefined> {
  return db
    .selectFrom('rollcall_subjects')
    .selectAll()
    .where('link_index', '=', linkIndex)
    .executeTakeFirst();
}

/** The open roll-calls a subject is expected in, newest first. */
export async function openFor(
  db: Db,
  subject: Subject,
): Promise<(RollcallSubjectRow & { started_at: string; question: string; closes_at: string })[]> {
  return db
    .selectFrom('rollcall_subjects as s')
    .innerJoin('rollcalls as r', 'r.id', 's.rollcall_id')
    .selectAll('s')
    .select(['r.started_at', 'r.question', 'r.closes_at'])
    .where('r.status', '=', 'open')
    .where('s.subject_type', '=', subject.type)
    .where('s.subject_id', '=', subject.id)
    .orderBy('r.started_at', 'desc')
    .execute();
}

export async function updateSubject(
  tx: Tx,
  rollcallId: string,
  subject: Subject,
  changes: Partial<RollcallSubjectRow>,
): Promise<void> {
  await tx
    .updateTable('rollcall_subjects')
    .set(changes)
    .where('rollcall_id', '=', rollcallId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .execute();
}

/** Marks a subject corroborated once; false when it already was. */
export async function markCorroborated(
  tx: Tx,
  rollcallId: string,
  subject: Subject,
  at: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('rollcall_subjects')
    .set({ corroborated_at: at })
    .where('rollcall_id', '=', rollcallId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('corroborated_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function closeRollcall(tx: Tx, id: string, at: string, by: string): Promise<boolean> {
  const result = await tx
    .updateTable('rollcalls')
    .set({ status: 'closed', closed_at: at, closed_by: by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function wavesOf(db: Db | Tx, rollcallId: string): Promise<RollcallWaveRow[]> {
  return db
    .selectFrom('rollcall_waves')
    .selectAll()
    .where('rollcall_id', '=', rollcallId)
    .orderBy('wave')
    .execute();
}

/** Records a wave as run; false when it had run already (a job run twice runs it once). */
export async function markWaveRan(
  tx: Tx,
  rollcallId: string,
  wave: number,
  changes: Pick<RollcallWaveRow, 'ran_at' | 'recipients' | 'silent'>,
): Promise<boolean> {
  const result = await tx
    .updateTable('rollcall_waves')
    .set(changes)
    .where('rollcall_id', '=', rollcallId)
    .where('wave', '=', wave)
    .where('ran_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findPins(db: Db | Tx, personId: string): Promise<RollcallPinRow | undefined> {
  return db.selectFrom('rollcall_pins').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function savePins(tx: Tx, row: RollcallPinRow): Promise<void> {
  await tx
    .insertInto('rollcall_pins')
    .values(row)
    .onConflict((oc) =>
      oc.column('person_id').doUpdateSet({
        pin_hash: row.pin_hash,
        duress_hash: row.duress_hash,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/** Active persons assigned to these sites. */
export async function personsAtSites(
  db: Db,
  siteIds: readonly string[],
): Promise<{ id: string; party_id: string; site_id: string }[]> {
  if (siteIds.length === 0) return [];
  const rows = await db
    .selectFrom('persons')
    .select(['id', 'party_id', 'site_id'])
    .where('site_id', 'in', [...siteIds])
    .where('active', '=', 1)
    .execute();
  return rows.map((r) => ({ id: r.id, party_id: r.party_id, site_id: r.site_id! }));
}

/** Active sites: where each is and its perimeter. */
export async function activeSites(db: Db) {
  return db
    .selectFrom('sites')
    .select(['id', 'party_id', 'lat', 'lon', 'perimeter'])
    .where('active', '=', 1)
    .execute();
}

export async function findSite(db: Db, id: string) {
  return db
    .selectFrom('sites')
    .select(['id', 'party_id', 'lat', 'lon', 'perimeter', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Movements under way with their route and corridor. */
export async function movementsUnderway(db: Db, id?: string) {
  let q = db
    .selectFrom('movements')
    .select(['id', 'party_id', 'route', 'corridor_m', 'state'])
    .where('state', '=', 'underway');
  if (id) q = q.where('id', '=', id);
  return q.execute();
}

/** The manifests of movements: active passengers, and the units whose escort task is accepted. */
export async function manifestsOf(db: Db, movementIds: readonly string[]) {
  if (movementIds.length === 0) return [];
  const ids = [...movementIds];
  const passengers = await db
    .selectFrom('movement_passengers as p')
    .innerJoin('persons as s', 's.id', 'p.person_id')
    .select(['p.movement_id', 'p.person_id as subject_id', 's.party_id', 's.site_id'])
    .where('p.movement_id', 'in', ids)
    .where('p.active', '=', 1)
    .execute();
  const escorts = await db
    .selectFrom('movement_units as u')
    .select(['u.movement_id', 'u.unit_id as subject_id', 'u.unit_party_id as party_id'])
    .where('u.movement_id', 'in', ids)
    .where('u.status', '=', 'accepted')
    .execute();
  return [
    ...passengers.map((p) => ({ ...p, subject_type: 'person' as const })),
    ...escorts.map((e) => ({ ...e, site_id: null, subject_type: 'unit' as const })),
  ];
}

/** Owners and sites of persons, for subjects found by their fix. */
export async function personsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('persons')
    .select(['id', 'party_id', 'site_id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
}

export async function unitsByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'party_id', 'call_sign', 'base_site_id'])
    .where('id', 'in', [...ids])
    .execute();
}

/** Enabled users with what they are tied to: the escalation's recipients are chosen among them. */
export async function enabledUsers(
  db: Db,
): Promise<
  { id: string; party_id: string; roles: Role[]; person_id: string | null; unit_id: string | null }[]
> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'party_id', 'roles', 'person_id', 'unit_id'])
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => ({ ...r, roles: JSON.parse(r.roles) as Role[] }));
}

/** The devices still reporting for these subjects. */
export async function devicesOf(db: Db, subjects: readonly Subject[]): Promise<string[]> {
  const ids = subjects.map((s) => s.id);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'subject_type', 'subject_id'])
    .where('subject_id', 'in', ids)
    .where('revoked_at', 'is', null)
    .execute();
  const wanted = new Set(subjects.map((s) => `${s.type}:${s.id}`));
  return rows.filter((r) => wanted.has(`${r.subject_type}:${r.subject_id}`)).map((r) => r.id);
}

export async function incidentOf(db: Db, id: string) {
  return db
    .selectFrom('incidents')
    .select(['id', 'lat', 'lon', 'geo_precision', 'status', 'date', 'killed_best', 'wounded_best'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Uses a subject's one-time link; false when it was used already (two clicks at once answer once). */
export async function useLink(tx: Tx, rollcallId: string, subject: Subject, at: string): Promise<boolean> {
  const result = await tx
    .updateTable('rollcall_subjects')
    .set({ link_used_at: at })
    .where('rollcall_id', '=', rollcallId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('link_used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A movement's route and corridor width. */
export async function routeOf(db: Db, movementId: string) {
  return db
    .selectFrom('movements')
    .select(['route', 'corridor_m'])
    .where('id', '=', movementId)
    .executeTakeFirstOrThrow();
}

/** Active units' bases: a site's lead is the commander of a unit based there. */
export async function unitBases(db: Db) {
  return db.selectFrom('units').select(['id', 'base_site_id']).where('active', '=', 1).execute();
}
