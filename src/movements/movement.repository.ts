import { type SelectQueryBuilder, sql, type SqlBool } from 'kysely';
import type { PartyKind } from '../access/actor.js';
import type { Database, Db, Tx } from '../database.js';
import { keysetPage, type PageKey, type PageRequest } from '../platform/paging.js';
import type { MovementState } from './movement.js';
import type {
  MovementApprovalRow,
  MovementCheckpointRow,
  MovementHistoryRow,
  MovementPassengerRow,
  MovementRow,
} from './movement.tables.js';

/** A movement row with its owner's kind, which the agreement's sharing rules ask of every record. */
export type OwnedMovementRow = MovementRow & { party_kind: PartyKind };

type MovementQuery = SelectQueryBuilder<Database, 'movements' | 'parties', OwnedMovementRow>;

function selectMovements(db: Db): MovementQuery {
  return db
    .selectFrom('movements')
    .innerJoin('parties', 'parties.id', 'movements.party_id')
    .selectAll('movements')
    .select('parties.kind as party_kind');
}

export async function findMovement(db: Db, id: string): Promise<OwnedMovementRow | undefined> {
  return selectMovements(db).where('movements.id', '=', id).executeTakeFirst();
}

/** Movements by id, in no order; one query. */
export async function findMovements(db: Db, ids: readonly string[]): Promise<OwnedMovementRow[]> {
  if (ids.length === 0) return [];
  return selectMovements(db).where('movements.id', 'in', ids).execute();
}

/** The ids of the movements in `states`, for the re-assessment index's load at start. */
export async function movementIdsIn(db: Db, states: readonly MovementState[]): Promise<string[]> {
  const rows = await db.selectFrom('movements').select('id').where('state', 'in', states).execute();
  return rows.map((r) => r.id);
}

/**
 * Who is on the road: the passengers and the accepted escort units of every movement under way
 * (`movementId` given: of that one only), for the live picture to tie them to it.
 */
export async function crewsUnderway(
  db: Db,
  movementId?: string,
): Promise<
  { movement_id: string; subject_type: 'person' | 'unit'; subject_id: string; departed_at: string | null }[]
> {
  let passengers = db
    .selectFrom('movement_passengers as p')
    .innerJoin('movements as m', 'm.id', 'p.movement_id')
    .select([
      'p.movement_id',
      sql<'person' | 'unit'>`'person'`.as('subject_type'),
      'p.person_id as subject_id',
      'm.departed_at',
    ])
    .where('m.state', '=', 'underway')
    .where('p.active', '=', 1);
  let units = db
    .selectFrom('movement_units as u')
    .innerJoin('movements as m', 'm.id', 'u.movement_id')
    .select([
      'u.movement_id',
      sql<'person' | 'unit'>`'unit'`.as('subject_type'),
      'u.unit_id as subject_id',
      'm.departed_at',
    ])
    .where('m.state', '=', 'underway')
    .where('u.status', '=', 'accepted');
  if (movementId) {
    passengers = passengers.where('m.id', '=', movementId);
    units = units.where('m.id', '=', movementId);
  }
  return passengers.unionAll(units).execute();
}

export async function insertMovement(tx: Tx, row: MovementRow): Promise<void> {
  await tx.insertInto('movements').values(row).execute();
}

/**
 * Changes a movement that is still at `version` and in `state`, raising the version by one:
 * false when another write changed it first (two writes never both build on one state).
 */
export async function updateMovement(
  tx: Tx,
  id: string,
  version: number,
  state: MovementState,
  changes: Partial<Omit<MovementRow, 'id' | 'version'>>,
): Promise<boolean> {
  const result = await tx
    .updateTable('movements')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('state', '=', state)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** What a list of movements filters on. */
export interface MovementFilter extends PageRequest {
  /** Parties whose movements the viewer sees under the agreement's sharing. */
  ownerIds: readonly string[];
  /** Whose drafts the viewer sees: its own party's, or any (an operator of no party). */
  draftsOf: string | 'any' | null;
  /** Besides those: the other side's movements at these levels, past draft (the viewer's party approves them). */
  involved: { ownerKind: PartyKind; levels: readonly number[] } | null;
  states?: readonly MovementState[] | undefined;
  /** Besides those: the movements this unit escorts (assigned or accepted), for its commander. */
  escortUnit?: string | null;
  /** Only the movements this person travels on (a protected person's own view). */
  passenger?: string | null | undefined;
}

/** Listed by planned departure, soonest first. */
const byDeparture: PageKey<OwnedMovementRow>[] = [
  { column: 'movements.planned_departure', kind: 'string', of: (m) => m.planned_departure },
  { column: 'movements.id', kind: 'string', of: (m) => m.id },
];

/** One page of the movements the filter lets through; the visibility is part of the query. */
export async function listMovements(db: Db, filter: MovementFilter) {
  let query = selectMovements(db).where((eb) => {
    const shown = [];
    // Another party's drafts stay its own until submitted.
    const { draftsOf } = filter;
    const withDrafts = filter.ownerIds.filter((id) => draftsOf === 'any' || id === draftsOf);
    const others = filter.ownerIds.filter((id) => !withDrafts.includes(id));
    if (withDrafts.length > 0) shown.push(eb('movements.party_id', 'in', withDrafts));
    if (others.length > 0)
      shown.push(eb.and([eb('movements.party_id', 'in', others), eb('movements.state', '!=', 'draft')]));
    const { involved } = filter;
    if (involved && involved.levels.length > 0)
      shown.push(
        eb.and([
          eb('parties.kind', '=', involved.ownerKind),
          eb('movements.state', '!=', 'draft'),
          eb('movements.risk_level', 'in', [...involved.levels]),
        ]),
      );
    if (filter.escortUnit)
      shown.push(
        eb.exists(
          eb
            .selectFrom('movement_units')
            .select('movement_units.id')
            .whereRef('movement_units.movement_id', '=', 'movements.id')
            .where('movement_units.unit_id', '=', filter.escortUnit)
            .where('movement_units.status', 'in', ['assigned', 'accepted']),
        ),
      );
    return shown.length > 0 ? eb.or(shown) : sql<SqlBool>`1 = 0`;
  });
  if (filter.states && filter.states.length > 0)
    query = query.where('movements.state', 'in', [...filter.states]);
  if (filter.passenger !== undefined) {
    const personId = filter.passenger;
    query =
      personId === null
        ? query.where(sql<SqlBool>`1 = 0`)
        : query.where((eb) =>
            eb.exists(
              eb
                .selectFrom('movement_passengers')
                .select('movement_passengers.person_id')
                .whereRef('movement_passengers.movement_id', '=', 'movements.id')
                .where('movement_passengers.person_id', '=', personId),
            ),
          );
  }
  return keysetPage(query, byDeparture, 'asc', filter);
}

// Passengers: who travels, with the planned window copied for the overlap query.

export async function passengersOf(db: Db, movementId: string): Promise<MovementPassengerRow[]> {
  return db
    .selectFrom('movement_passengers')
    .selectAll()
    .where('movement_id', '=', movementId)
    .orderBy('person_id')
    .execute();
}

/** The passengers of several movements at once (a page), by movement then person. */
export async function passengersOfMany(
  db: Db,
  movementIds: readonly string[],
): Promise<MovementPassengerRow[]> {
  if (movementIds.length === 0) return [];
  return db
    .selectFrom('movement_passengers')
    .selectAll()
    .where('movement_id', 'in', movementIds)
    .orderBy('movement_id')
    .orderBy('person_id')
    .execute();
}

export async function replacePassengers(tx: Tx, movementId: string, rows: MovementPassengerRow[]) {
  await tx.deleteFrom('movement_passengers').where('movement_id', '=', movementId).execute();
  if (rows.length > 0) await tx.insertInto('movement_passengers').values(rows).execute();
}

/** Moves the passengers' planned window with the movement's. */
export async function setPassengerWindow(tx: Tx, movementId: string, startsAt: string, endsAt: string) {
  await tx
    .updateTable('movement_passengers')
    .set({ starts_at: startsAt, ends_at: endsAt })
    .where('movement_id', '=', movementId)
    .execute();
}

/** A closed movement no longer holds its passengers. */
export async function releasePassengers(tx: Tx, movementId: string) {
  await tx
    .updateTable('movement_passengers')
    .set({ active: 0 })
    .where('movement_id', '=', movementId)
    .execute();
}

/**
 * Of `personIds`, those on another movement that still holds them (active, past draft) whose
 * planned window overlaps [startsAt, endsAt): with that movement's id.
 */
export async function overlappingPassengers(
  db: Db,
  personIds: readonly string[],
  startsAt: string,
  endsAt: string,
  exceptMovementId: string | null,
): Promise<{ person_id: string; movement_id: string }[]> {
  if (personIds.length === 0) return [];
  let query = db
    .selectFrom('movement_passengers')
    .innerJoin('movements', 'movements.id', 'movement_passengers.movement_id')
    .select(['movement_passengers.person_id', 'movement_passengers.movement_id'])
    .where('movement_passengers.person_id', 'in', [...personIds])
    .where('movement_passengers.active', '=', 1)
    .where('movement_passengers.starts_at', '<', endsAt)
    .where('movement_passengers.ends_at', '>', startsAt)
    .where('movements.state', '!=', 'draft');
  if (exceptMovementId) query = query.where('movement_passengers.movement_id', '!=', exceptMovementId);
  return query.orderBy('movement_passengers.person_id').execute();
}

// Checkpoints, in order.

export async function checkpointsOf(db: Db, movementId: string): Promise<MovementCheckpointRow[]> {
  return db
    .selectFrom('movement_checkpoints')
    .selectAll()
    .where('movement_id', '=', movementId)
    .orderBy('position')
    .execute();
}

/** The checkpoints of several movements at once (a page), each movement's in order. */
export async function checkpointsOfMany(
  db: Db,
  movementIds: readonly string[],
): Promise<MovementCheckpointRow[]> {
  if (movementIds.length === 0) return [];
  return db
    .selectFrom('movement_checkpoints')
    .selectAll()
    .where('movement_id', 'in', movementIds)
    .orderBy('movement_id')
    .orderBy('position')
    .execute();
}

export async function replaceCheckpoints(tx: Tx, movementId: string, rows: MovementCheckpointRow[]) {
  await tx.deleteFrom('movement_checkpoints').where('movement_id', '=', movementId).execute();
  if (rows.length > 0) await tx.insertInto('movement_checkpoints').values(rows).execute();
}

export async function passCheckpoint(
  tx: Tx,
  movementId: string,
  position: number,
  at: string,
  by: string | null,
): Promise<void> {
  await tx
    .updateTable('movement_checkpoints')
    .set({ passed_at: at, passed_by: by })
    .where('movement_id', '=', movementId)
    .where('position', '=', position)
    .execute();
}

// Approvals: read here for departure; the approval use cases write them.

/** The approvals of several movements at once, in the order `approvalsOf` gives each. */
export async function approvalsOfMany(
  db: Db,
  movementIds: readonly string[],
): Promise<MovementApprovalRow[]> {
  if (movementIds.length === 0) return [];
  return db
    .selectFrom('movement_approvals')
    .selectAll()
    .where('movement_id', 'in', movementIds)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
}

export async function approvalsOf(db: Db, movementId: string): Promise<MovementApprovalRow[]> {
  return db
    .selectFrom('movement_approvals')
    .selectAll()
    .where('movement_id', '=', movementId)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
}

/** The approvals given so far no longer count (a re-assessment raised the requirement). */
export async function supersedeApprovals(tx: Tx, movementId: string): Promise<number> {
  const result = await tx
    .updateTable('movement_approvals')
    .set({ superseded: 1 })
    .where('movement_id', '=', movementId)
    .where('superseded', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// History: the timeline, one row per change.

export async function appendHistory(tx: Tx, row: Omit<MovementHistoryRow, 'seq'>): Promise<number> {
  const last = await tx
    .selectFrom('movement_history')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('movement_id', '=', row.movement_id)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  await tx
    .insertInto('movement_history')
    .values({ ...row, seq })
    .execute();
  return seq;
}

const bySeq: PageKey<MovementHistoryRow>[] = [{ column: 'seq', kind: 'number', of: (h) => h.seq }];

export async function historyOf(db: Db, movementId: string, page: PageRequest) {
  const query = db.selectFrom('movement_history').selectAll().where('movement_id', '=', movementId);
  return keysetPage(query, bySeq, 'asc', page);
}
