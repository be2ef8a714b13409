import { type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { Database, Db, Tx } from '../database.js';
import { keysetPage, type PageRequest } from '../platform/paging.js';
import type { Alert, AlertRule, AlertState, AlertSubject } from './alert.js';
import type { AlertRow } from './alert.tables.js';

/** An alert row as the service holds it. */
export function alertOf(row: AlertRow): Alert {
  return {
    id: row.id,
    rule: row.rule,
    subject: { type: row.subject_type, id: row.subject_id },
    partyId: row.party_id,
    state: row.state,
    severity: row.severity,
    eventAt: row.event_at,
    raisedAt: row.raised_at,
    location: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    details: JSON.parse(row.details) as Record<string, unknown>,
    affected: JSON.parse(row.affected) as Alert['affected'],
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    acknowledgeNote: row.acknowledge_note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    resolveNote: row.resolve_note,
    version: row.version,
  };
}

export function rowOf(alert: Alert): AlertRow {
  return {
    id: alert.id,
    rule: alert.rule,
    subject_type: alert.subject.type,
    subject_id: alert.subject.id,
    party_id: alert.partyId,
    state: alert.state,
    severity: alert.severity,
    event_at: alert.eventAt,
    raised_at: alert.raisedAt,
    lat: alert.location?.lat ?? null,
    lon: alert.location?.lon ?? null,
    details: JSON.stringify(alert.details),
    affected: JSON.stringify(alert.affected),
    acknowledged_by: alert.acknowledgedBy,
    acknowledged_at: alert.acknowledgedAt,
    acknowledge_note: alert.acknowledgeNote,
    resolved_by: alert.resolvedBy,
    resolved_at: alert.resolvedAt,
    resolve_note: alert.resolveNote,
    version: alert.version,
  };
}

/**
 * Inserts an open alert unless one is open for its rule and subject: the partial unique index
 * decides, so two instances racing open one. Returns whether this one was stored.
 */
export async function insertOpen(tx: Tx, alert: Alert): Promise<boolean> {
  const result = await tx
    .insertInto('alerts')
    .values(rowOf(alert))
    // The literal, not a parameter: SQLite matches the partial index by its predicate's text.
    .onConflict((oc) =>
      oc
        .columns(['rule', 'subject_type', 'subject_id'])
        .where('state', '<>', sql.lit('resolved'))
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Moves the rule's mark for the subject forward to `at`; false when it already stood at or past
 * it (the trigger is late or replayed). The row lock of the upsert orders concurrent callers.
 */
export async function advanceMark(
  tx: Tx,
  rule: AlertRule,
  subject: AlertSubject,
  at: string,
): Promise<boolean> {
  const rows = await tx
    .insertInto('alert_marks')
    .values({ rule, subject_type: subject.type, subject_id: subject.id, evaluated_at: at })
    .onConflict((oc) =>
      oc
        .columns(['rule', 'subject_type', 'subject_id'])
        .doUpdateSet({ evaluated_at: at })
        .where('alert_marks.evaluated_at', '<', at),
    )
    .returning('evaluated_at')
    .execute();
  return rows.length > 0;
}

export async function findAlert(db: Db | Tx, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOpen(
  db: Db | Tx,
  rule: AlertRule,
  subject: AlertSubject,
): Promise<AlertRow | undefined> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('rule', '=', rule)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('state', '<>', 'resolved')
    .executeTakeFirst();
}

/** Writes the alert's new state if it is still at `version`; false when another write came first. */
export async function updateAlert(tx: Tx, alert: Alert, version: number): Promise<boolean> {
  const { id: _id, ...row } = rowOf(alert);
  const result = await tx
    .updateTable('alerts')
    .set(row)
    .where('id', '=', alert.id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Open alerts of a rule, every subject: the live picture's open SOS at start. */
export async function openOf(db: Db, rule: AlertRule): Promise<AlertRow[]> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('rule', '=', rule)
    .where('state', '<>', 'resolved')
    .execute();
}

/** The marks of a rule, every subject. */
export async function marksOf(db: Db, rule: AlertRule) {
  return db.selectFrom('alert_marks').selectAll().where('rule', '=', rule).execute();
}

export interface AlertFilter extends PageRequest {
  state?: AlertState[] | undefined;
  rule?: AlertRule | undefined;
  subjectType?: AlertSubject['type'] | undefined;
  subjectId?: string | undefined;
}

/** The owners whose alerts of each subject type a viewer may see (an incident's alert: everyone's). */
export interface VisibleOwners {
  person: readonly string[];
  unit: readonly string[];
  movement: readonly string[];
}

/** One page of alerts, newest first, of the owners the viewer sees: filtered in SQL, so paging never leaks. */
export async function listAlerts(db: Db, filter: AlertFilter, owners: VisibleOwners) {
  let query = db
    .selectFrom('alerts')
    .selectAll()
    .where((eb: ExpressionBuilder<Database, 'alerts'>) => {
      const of = (type: keyof VisibleOwners) =>
        owners[type].length === 0
          ? sql<SqlBool>`1 = 0`
          : eb.and([eb('subject_type', '=', type), eb('party_id', 'in', owners[type])]);
      return eb.or([eb('subject_type', '=', 'incident'), of('person'), of('unit'), of('movement')]);
    });
  if (filter.state?.length) query = query.where('state', 'in', filter.state);
  if (filter.rule) query = query.where('rule', '=', filter.rule);
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  return keysetPage(
    query,
    [
      { column: 'raised_at', kind: 'string', of: (row) => row.raised_at },
      { column: 'id', kind: 'string', of: (row) => row.id },
    ],
    'desc',
    filter,
  );
}

/** Who is in an SOS now (open alerts of persons and units) and when each other's last one ended. */
export async function sosState(db: Db) {
  const [open, marks] = await Promise.all([openOf(db, 'sos'), marksOf(db, 'sos')]);
  const isOpen = new Set(open.map((row) => `${row.subject_type}:${row.subject_id}`));
  const tracked = (type: string): type is 'person' | 'unit' => type === 'person' || type === 'unit';
  return {
    open: open.flatMap((row) =>
      tracked(row.subject_type) ? [{ type: row.subject_type, id: row.subject_id }] : [],
    ),
    resolved: marks.flatMap((mark) =>
      tracked(mark.subject_type) && !isOpen.has(`${mark.subject_type}:${mark.subject_id}`)
        ? [{ subject: { type: mark.subject_type, id: mark.subject_id }, at: mark.evaluated_at }]
        : [],
    ),
  };
}

/** The party owning a person, unit or movement; undefined when there is no such record. */
export async function ownerOf(db: Db, type: 'person' | 'unit' | 'movement', id: string) {
  const table = type === 'person' ? 'persons' : type === 'unit' ? 'units' : 'movements';
  const row = await db.selectFrom(table).select('party_id').where('id', '=', id).executeTakeFirst();
  return row?.party_id;
}

/** An incident's place, time and toll, for the rule of incidents near people. */
export async function incidentFacts(db: Db, id: string) {
  return db
    .selectFrom('incidents')
    .select(['id', 'date', 'lat', 'lon', 'killed_best', 'wounded_best', 'type', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Active sites with their point and perimeter (GeoJSON text). */
export async function activeSites(db: Db) {
  return db
    .selectFrom('sites')
    .select(['id', 'party_id', 'lat', 'lon', 'perimeter'])
    .where('active', '=', 1)
    .execute();
}

/** Movements under way with their route (GeoJSON text) and corridor. */
export async function movementsUnderway(db: Db) {
  return db
    .selectFrom('movements')
    .select(['id', 'party_id', 'route', 'corridor_m'])
    .where('state', '=', 'underway')
    .execute();
}

/** What the movement rules ask of a movement: its state, route, corridor, plan and checkpoints. */
export async function movementPlan(db: Db, id: string) {
  const movement = await db
    .selectFrom('movements')
    .select(['id', 'party_id', 'state', 'route', 'corridor_m', 'planned_arrival'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!movement) return undefined;
  const checkpoints = await db
    .selectFrom('movement_checkpoints')
    .select(['position', 'name', 'planned_at', 'passed_at'])
    .where('movement_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...movement, checkpoints };
}

/** A person's site perimeter (GeoJSON text), if the person is assigned to a site that has one. */
export async function perimeterOf(db: Db, personId: string) {
  return db
    .selectFrom('persons as p')
    .innerJoin('sites as s', 's.id', 'p.site_id')
    .select(['s.id as site_id', 's.perimeter'])
    .where('p.id', '=', personId)
    .where('s.active', '=', 1)
    .where('s.perimeter', 'is not', null)
    .executeTakeFirst();
}

/** Open alerts of a subject, any rule: what a movement's end clears. */
export async function openOfSubject(db: Db, subject: AlertSubject): Promise<AlertRow[]> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('state', '<>', 'resolved')
    .execute();
}

/** Every open alert's rule and subject. */
export async function openAll(db: Db) {
  return db
    .selectFrom('alerts')
    .select(['id', 'rule', 'subject_type', 'subject_id'])
    .where('state', '<>', 'resolved')
    .execute();
}
