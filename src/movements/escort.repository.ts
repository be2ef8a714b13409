import { sql, type SqlBool } from 'kysely';
import type { Db, Tx } from '../database.js';
import { conflict } from '../platform/errors.js';
import { keysetPage, type PageKey, type PageRequest } from '../platform/paging.js';
import type { BookingWindow, EscortStatus } from './escort.js';
import type { MovementUnitRow } from './movement.tables.js';

/** A new booking: it holds its unit from `starts_ms` to `ends_ms` once inserted. */
export type NewBooking = Omit<
  MovementUnitRow,
  'status' | 'active' | 'responded_by' | 'responded_at' | 'decline_reason' | 'released_by' | 'released_at'
>;

/** The names the database gives a refused overlap: the PostgreSQL constraint, the SQLite trigger's message. */
const overlapConstraint = 'movement_units_no_overlap';
const overlapMessage = 'unit_booked';

/**
 * Whether `error` is the database refusing a second active booking of a unit over an overlapping
 * window: PostgreSQL's exclusion violation (SQLSTATE 23P01) of our constraint, or SQLite's abort
 * from our trigger.
 */
export function isOverlapRefusal(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, constraint } = error as Error & { code?: unknown; constraint?: unknown };
  if (code === '23P01') return constraint === overlapConstraint;
  return code === 'SQLITE_CONSTRAINT_TRIGGER' && error.message.startsWith(overlapMessage);
}

/**
 * Runs a write that may book a unit, inside a savepoint: when the database refuses an overlap,
 * the savepoint is rolled back (PostgreSQL refuses every later statement of a transaction whose
 * statement failed, until then), the booking that holds the unit is read, and the write is refused
 * with `unit_booked` naming the unit and the movement that holds it.
 */
async function refusingOverlaps<T>(
  tx: Tx,
  unitOf: () => Promise<{ unitId: string; window: BookingWindow; exceptId?: string }[]>,
  write: () => Promise<T>,
): Promise<T> {
  await sql`savepoint unit_booking`.execute(tx);
  let result: T;
  try {
    result = await write();
  } catch (error) {
    if (!isOverlapRefusal(error)) throw error;
    await sql`rollback to savepoint unit_booking`.execute(tx);
    await sql`release savepoint unit_booking`.execute(tx);
    for (const { unitId, window, exceptId } of await unitOf()) {
      const holder = await findHolder(tx, unitId, window, exceptId);
      if (holder) throw unitBooked(unitId, holder);
    }
    // The holder committed its release between the refusal and this read: still a conflict.
    throw conflict('unit_booked', 'The unit is booked for an overlapping movement');
  }
  await sql`release savepoint unit_booking`.execute(tx);
  return result;
}

function unitBooked(
  unitId: string,
  holder: Pick<MovementUnitRow, 'movement_id' | 'starts_ms' | 'ends_ms'> & { call_sign: string },
) {
  const startsAt = new Date(holder.starts_ms).toISOString();
  const endsAt = new Date(holder.ends_ms).toISOString();
  return conflict(
    'unit_booked',
    `Unit ${holder.call_sign} is booked for movement ${holder.movement_id} from ${startsAt} to ${endsAt}`,
    { unitId, movementId: holder.movement_id, startsAt, endsAt },
  );
}

/** The active booking of a unit that overlaps `window`, other than `exceptId`, with its call sign. */
async function findHolder(db: Db, unitId: string, window: BookingWindow, exceptId?: string) {
  let query = db
    .selectFrom('movement_units')
    .innerJoin('units', 'units.id', 'movement_units.unit_id')
    .select([
      'movement_units.movement_id',
      'movement_units.starts_ms',
      'movement_units.ends_ms',
      'units.call_sign',
    ])
    .where('movement_units.unit_id', '=', unitId)
    .where('movement_units.active', '=', 1)
    .where('movement_units.starts_ms', '<', window.endsMs)
    .where('movement_units.ends_ms', '>', window.startsMs);
  if (exceptId) query = query.where('movement_units.id', '<>', exceptId);
  return query.orderBy('movement_units.starts_ms').limit(1).executeTakeFirst();
}

/**
 * Books a unit for a movement: the booking is active and `assigned` until its commander answers.
 * A unit already booked over an overlapping window is refused by the database itself, here as
 * `unit_booked` (409) naming the unit and the movement that holds it.
 */
export async function bookUnit(tx: Tx, booking: NewBooking): Promise<MovementUnitRow> {
  const row: MovementUnitRow = {
    ...booking,
    status: 'assigned',
    active: 1,
    responded_by: null,
    responded_at: null,
    decline_reason: null,
    released_by: null,
    released_at: null,
  };
  const window = { startsMs: booking.starts_ms, endsMs: booking.ends_ms };
  await refusingOverlaps(
    tx,
    async () => [{ unitId: booking.unit_id, window }],
    () => tx.insertInto('movement_units').values(row).execute(),
  );
  return row;
}

/** A booking by id. */
export async function findBooking(db: Db, id: string): Promise<MovementUnitRow | undefined> {
  return db.selectFrom('movement_units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The booking that holds a unit for a movement, if one does. */
export async function findActiveBooking(
  db: Db,
  movementId: string,
  unitId: string,
): Promise<MovementUnitRow | undefined> {
  return db
    .selectFrom('movement_units')
    .selectAll()
    .where('movement_id', '=', movementId)
    .where('unit_id', '=', unitId)
    .where('active', '=', 1)
    .executeTakeFirst();
}

/**
 * A commander's answer to an active booking still in `from` (the status the caller read, so that
 * of two answers at once only the first counts): accepted keeps the unit, declined frees it.
 * Undefined when the booking is no longer active or in `from`.
 */
export async function respondToBooking(
  tx: Tx,
  change: {
    id: string;
    from: EscortStatus;
    to: 'accepted' | 'declined';
    by: string;
    at: string;
    reason?: string | null;
  },
): Promise<MovementUnitRow | undefined> {
  return tx
    .updateTable('movement_units')
    .set({
      status: change.to,
      active: change.to === 'declined' ? 0 : 1,
      responded_by: change.by,
      responded_at: change.at,
      decline_reason: change.to === 'declined' ? (change.reason ?? null) : null,
    })
    .where('id', '=', change.id)
    .where('status', '=', change.from)
    .where('active', '=', 1)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Withdraws an active booking still in `from`: the unit is free again, the row stays as the
 * record. Undefined when the booking is no longer active or in `from`.
 */
export async function releaseBooking(
  tx: Tx,
  change: { id: string; from: EscortStatus; by: string; at: string },
): Promise<MovementUnitRow | undefined> {
  return tx
    .updateTable('movement_units')
    .set({ status: 'released', active: 0, released_by: change.by, released_at: change.at })
    .where('id', '=', change.id)
    .where('status', '=', change.from)
    .where('active', '=', 1)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The movement ended (arrived, aborted, cancelled, rejected): its bookings stop holding their
 * units, and keep their status as the record of who escorted it. Returns how many were ended.
 */
export async function endBookings(tx: Tx, movementId: string): Promise<number> {
  const result = await tx
    .updateTable('movement_units')
    .set({ active: 0 })
    .where('movement_id', '=', movementId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The movement's planned times changed: its active bookings hold their units for the new window,
 * or the change is refused with `unit_booked` when a unit is held elsewhere then.
 */
export async function moveBookings(tx: Tx, movementId: string, window: BookingWindow): Promise<void> {
  const holding = () =>
    tx
      .selectFrom('movement_units')
      .select(['id', 'unit_id'])
      .where('movement_id', '=', movementId)
      .where('active', '=', 1)
      .execute();
  await refusingOverlaps(
    tx,
    async () => (await holding()).map((b) => ({ unitId: b.unit_id, window, exceptId: b.id })),
    () =>
      tx
        .updateTable('movement_units')
        .set({ starts_ms: window.startsMs, ends_ms: window.endsMs })
        .where('movement_id', '=', movementId)
        .where('active', '=', 1)
        .execute(),
  );
}

/** Every booking of a movement, past ones too, in the order they were made. */
export async function listMovementUnits(db: Db, movementId: string): Promise<MovementUnitRow[]> {
  return db
    .selectFrom('movement_units')
    .selectAll()
    .where('movement_id', '=', movementId)
    .orderBy('assigned_at')
    .orderBy('id')
    .execute();
}

/**
 * The active bookings of these units that overlap `window`: what makes them unavailable then,
 * ordered by unit and start. A movement's own bookings are left out with `exceptMovementId`.
 */
export async function listUnitBookings(
  db: Db,
  unitIds: readonly string[],
  window: BookingWindow,
  options: { exceptMovementId?: string } = {},
): Promise<MovementUnitRow[]> {
  if (unitIds.length === 0) return [];
  let query = db
    .selectFrom('movement_units')
    .selectAll()
    .where('unit_id', 'in', [...unitIds])
    .where('active', '=', 1)
    .where('starts_ms', '<', window.endsMs)
    .where('ends_ms', '>', window.startsMs);
  if (options.exceptMovementId) query = query.where('movement_id', '<>', options.exceptMovementId);
  return query.orderBy('unit_id').orderBy('starts_ms').orderBy('id').execute();
}

/** Tasks are listed by when they start, soonest first. */
const byStart: PageKey<MovementUnitRow>[] = [
  { column: 'movement_units.starts_ms', kind: 'number', of: (b) => b.starts_ms },
  { column: 'movement_units.id', kind: 'string', of: (b) => b.id },
];

/**
 * One page of a commander's tasks: the bookings of their units, soonest first. By default only
 * those that hold a unit (assigned or accepted, the movement not ended); `status` narrows them.
 */
export async function listUnitTasks(
  db: Db,
  filter: PageRequest & {
    unitIds: readonly string[];
    status?: readonly EscortStatus[] | undefined;
    includeEnded?: boolean;
  },
) {
  let query = db.selectFrom('movement_units').selectAll();
  query =
    filter.unitIds.length === 0
      ? query.where(sql<SqlBool>`1 = 0`)
      : query.where('movement_units.unit_id', 'in', [...filter.unitIds]);
  if (!filter.includeEnded) query = query.where('movement_units.active', '=', 1);
  if (filter.status?.length) query = query.where('movement_units.status', 'in', [...filter.status]);
  return keysetPage(query, byStart, 'asc', filter);
}
