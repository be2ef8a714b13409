import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertMovementRow, insertUnitRow } from '../../test/helpers/movement-rows.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { inTransaction } from '../platform/db/transaction.js';
import {
  bookUnit,
  findActiveBooking,
  findBooking,
  isOverlapRefusal,
  listMovementUnits,
  listUnitBookings,
  listUnitTasks,
  moveBookings,
  type NewBooking,
  releaseBooking,
  respondToBooking,
} from './escort.repository.js';
import type { MovementRow, MovementUnitRow } from './movement.tables.js';

// The escort bookings' storage on the real database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL); the race of many bookings at once is in escort.concurrency.test.ts.

const t = useTestApp();
const hour = 3_600_000;
const dayStart = Date.parse('2026-12-01T00:00:00.000Z');
const at = (h: number) => dayStart + h * hour;
const coordinator = () => t.users['ssd:coordinator']!.id;
const commander = () => t.users['ssd:commander']!.id;

async function movementAt(from: number, to: number): Promise<MovementRow> {
  return insertMovementRow(t.db, {
    requested_by: t.users['cso:coordinator']!.id,
    planned_departure: new Date(at(from)).toISOString(),
    planned_arrival: new Date(at(to)).toISOString(),
  });
}

const newBooking = (
  unitId: string,
  movement: MovementRow,
  overrides: Partial<NewBooking> = {},
): NewBooking => ({
  id: randomUUID(),
  movement_id: movement.id,
  unit_id: unitId,
  unit_party_id: 'ssd',
  assigned_by: coordinator(),
  assigned_at: '2026-11-28T08:00:00.000Z',
  starts_ms: Date.parse(movement.planned_departure),
  ends_ms: Date.parse(movement.planned_arrival),
  agreement_version: 1,
  ...overrides,
});

const book = (booking: NewBooking) => inTransaction(t.db, (tx) => bookUnit(tx, booking));
const release = (id: string, from: 'assigned' | 'accepted') =>
  inTransaction(t.db, (tx) =>
    releaseBooking(tx, { id, from, by: coordinator(), at: '2026-11-28T09:00:00.000Z' }),
  );

describe('bookUnit', () => {
  it('stores an active booking, assigned, as the row it returns', async () => {
    const unit = await insertUnitRow(t.db);
    const movement = await movementAt(8, 12);
    const booking = await book(newBooking(unit.id, movement));
    expect(booking).toMatchObject({
      status: 'assigned',
      active: 1,
      starts_ms: at(8),
      ends_ms: at(12),
      responded_by: null,
      released_at: null,
    });
    expect(await findBooking(t.db, booking.id)).toEqual(booking);
    expect(await findActiveBooking(t.db, movement.id, unit.id)).toEqual(booking);
  });

  it('refuses an overlapping booking, and leaves the transaction usable for what follows', async () => {
    const [busy, free] = [await insertUnitRow(t.db), await insertUnitRow(t.db)];
    const held = await movementAt(8, 12);
    await book(newBooking(busy.id, held));
    const movement = await movementAt(10, 14);
    // A service that books several units may report one refusal and go on: the refused insert
    // was rolled back to its savepoint, so PostgreSQL still runs the rest of the transaction.
    const refused = await inTransaction(t.db, async (tx) => {
      const error = await bookUnit(tx, newBooking(busy.id, movement)).catch((e: unknown) => e);
      await bookUnit(tx, newBooking(free.id, movement));
      return error;
    });
    expect(refused).toMatchObject({
      code: 'unit_booked',
      status: 409,
      details: { unitId: busy.id, movementId: held.id },
    });
    expect((await listMovementUnits(t.db, movement.id)).map((b) => b.unit_id)).toEqual([free.id]);
  });

  it('lets the same unit be booked again for one movement once its earlier booking ended', async () => {
    const unit = await insertUnitRow(t.db);
    const movement = await movementAt(8, 12);
    const first = await book(newBooking(unit.id, movement));
    await expect(book(newBooking(unit.id, movement))).rejects.toMatchObject({
      code: 'unit_booked',
      details: { movementId: movement.id },
    });
    await release(first.id, 'assigned');
    const second = await book(newBooking(unit.id, movement, { assigned_at: '2026-11-28T10:00:00.000Z' }));
    expect((await listMovementUnits(t.db, movement.id)).map((b) => [b.id, b.status, b.active])).toEqual([
      [first.id, 'released', 0],
      [second.id, 'assigned', 1],
    ]);
  });
});

describe('the tables refuse what the repository would never write', () => {
  it('refuses an empty window, which no overlap would catch', async () => {
    const unit = await insertUnitRow(t.db);
    const movement = await movementAt(8, 12);
    await expect(book(newBooking(unit.id, movement, { ends_ms: at(8) }))).rejects.toThrow(/constraint/i);
  });

  it('refuses to make an ended booking hold its unit again over another', async () => {
    const unit = await insertUnitRow(t.db);
    const [a, b] = [await movementAt(8, 12), await movementAt(9, 13)];
    const first = await book(newBooking(unit.id, a));
    await release(first.id, 'assigned');
    await book(newBooking(unit.id, b));
    const error = await inTransaction(t.db, (tx) =>
      tx
        .updateTable('movement_units')
        .set({ active: 1, status: 'assigned' })
        .where('id', '=', first.id)
        .execute(),
    ).catch((e: unknown) => e);
    expect(isOverlapRefusal(error)).toBe(true);
  });

  it('does not take another error for an overlap', async () => {
    expect(isOverlapRefusal(new Error('unit_booked'))).toBe(false);
    expect(isOverlapRefusal(Object.assign(new Error('x'), { code: '23P01', constraint: 'other' }))).toBe(
      false,
    );
    expect(isOverlapRefusal(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_TRIGGER' }))).toBe(
      false,
    );
    expect(isOverlapRefusal('unit_booked')).toBe(false);
  });
});

describe('answers and releases', () => {
  it('accepts an assigned task once: a second answer from the same status changes nothing', async () => {
    const unit = await insertUnitRow(t.db);
    const booking = await book(newBooking(unit.id, await movementAt(8, 12)));
    const answer = (to: 'accepted' | 'declined', from: 'assigned' | 'accepted' = 'assigned') =>
      inTransaction(t.db, (tx) =>
        respondToBooking(tx, {
          id: booking.id,
          from,
          to,
          by: commander(),
          at: '2026-11-28T09:00:00.000Z',
          reason: to === 'declined' ? 'Called to an incident' : null,
        }),
      );
    expect(await answer('accepted')).toMatchObject({
      status: 'accepted',
      active: 1,
      responded_by: commander(),
      responded_at: '2026-11-28T09:00:00.000Z',
      decline_reason: null,
    });
    expect(await answer('declined')).toBeUndefined();
    // Declined after accepting: the unit is called away, and free again.
    expect(await answer('declined', 'accepted')).toMatchObject({
      status: 'declined',
      active: 0,
      decline_reason: 'Called to an incident',
    });
    expect(await answer('accepted', 'accepted')).toBeUndefined();
  });

  it('releases only an active booking in the status read', async () => {
    const unit = await insertUnitRow(t.db);
    const booking = await book(newBooking(unit.id, await movementAt(8, 12)));
    expect(await release(booking.id, 'accepted')).toBeUndefined();
    expect(await release(booking.id, 'assigned')).toMatchObject({
      status: 'released',
      active: 0,
      released_by: coordinator(),
      released_at: '2026-11-28T09:00:00.000Z',
    });
    expect(await release(booking.id, 'assigned')).toBeUndefined();
  });
});

describe('moveBookings', () => {
  it('moves a movement’s bookings with its planned times, over their own old window', async () => {
    const unit = await insertUnitRow(t.db);
    const movement = await movementAt(8, 12);
    const booking = await book(newBooking(unit.id, movement));
    await inTransaction(t.db, (tx) => moveBookings(tx, movement.id, { startsMs: at(10), endsMs: at(14) }));
    expect(await findBooking(t.db, booking.id)).toMatchObject({ starts_ms: at(10), ends_ms: at(14) });
  });

  it('refuses a move onto a window where a unit is held elsewhere, naming that movement', async () => {
    const unit = await insertUnitRow(t.db, { call_sign: 'ESCORT-MOVED' });
    const [early, late] = [await movementAt(8, 10), await movementAt(12, 14)];
    const booking = await book(newBooking(unit.id, early));
    await book(newBooking(unit.id, late));
    await expect(
      inTransaction(t.db, (tx) => moveBookings(tx, early.id, { startsMs: at(9), endsMs: at(13) })),
    ).rejects.toMatchObject({
      code: 'unit_booked',
      message: `Unit ESCORT-MOVED is booked for movement ${late.id} from ${late.planned_departure} to ${late.planned_arrival}`,
      details: { unitId: unit.id, movementId: late.id },
    });
    expect(await findBooking(t.db, booking.id)).toMatchObject({ starts_ms: at(8), ends_ms: at(10) });
  });
});

describe('lists', () => {
  it('finds what makes units unavailable in a window, leaving out a movement’s own bookings', async () => {
    // Ids that sort a before b: the list is by unit, then by start.
    const [a, b, idle] = [
      await insertUnitRow(t.db, { id: `a-${randomUUID()}` }),
      await insertUnitRow(t.db, { id: `b-${randomUUID()}` }),
      await insertUnitRow(t.db),
    ];
    const [morning, noon, evening] = [
      await movementAt(6, 9),
      await movementAt(11, 13),
      await movementAt(18, 20),
    ];
    const aMorning = await book(newBooking(a.id, morning));
    const aNoon = await book(newBooking(a.id, noon));
    const bNoon = await book(newBooking(b.id, noon));
    await book(newBooking(b.id, evening));
    const window = { startsMs: at(8), endsMs: at(12) };
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(await listUnitBookings(t.db, [a.id, b.id, idle.id], window))).toEqual([
      aMorning.id,
      aNoon.id,
      bNoon.id,
    ]);
    expect(ids(await listUnitBookings(t.db, [a.id, b.id], window, { exceptMovementId: noon.id }))).toEqual([
      aMorning.id,
    ]);
    expect(await listUnitBookings(t.db, [idle.id], window)).toEqual([]);
    expect(await listUnitBookings(t.db, [], window)).toEqual([]);
  });

  it('pages a commander’s tasks soonest first, those that hold a unit unless asked', async () => {
    const [mine, other] = [await insertUnitRow(t.db), await insertUnitRow(t.db)];
    const movements = [
      await movementAt(8, 9),
      await movementAt(10, 11),
      await movementAt(12, 13),
      await movementAt(14, 15),
    ];
    const tasks: MovementUnitRow[] = [];
    for (const m of movements) tasks.push(await book(newBooking(mine.id, m)));
    await book(newBooking(other.id, movements[0]!));
    await inTransaction(t.db, (tx) =>
      respondToBooking(tx, {
        id: tasks[3]!.id,
        from: 'assigned',
        to: 'declined',
        by: commander(),
        at: '2026-11-28T09:00:00.000Z',
        reason: 'No crew',
      }),
    );
    await inTransaction(t.db, (tx) =>
      respondToBooking(tx, {
        id: tasks[1]!.id,
        from: 'assigned',
        to: 'accepted',
        by: commander(),
        at: '2026-11-28T09:00:00.000Z',
      }),
    );
    const first = await listUnitTasks(t.db, { unitIds: [mine.id], limit: 2 });
    expect(first.items.map((b) => b.id)).toEqual([tasks[0]!.id, tasks[1]!.id]);
    const second = await listUnitTasks(t.db, { unitIds: [mine.id], limit: 2, after: first.next! });
    expect(second).toEqual({ items: [expect.objectContaining({ id: tasks[2]!.id })], next: null });
    const all = await listUnitTasks(t.db, { unitIds: [mine.id], limit: 10, includeEnded: true });
    expect(all.items.map((b) => b.id)).toEqual(tasks.map((b) => b.id));
    const open = await listUnitTasks(t.db, { unitIds: [mine.id], limit: 10, status: ['assigned'] });
    expect(open.items.map((b) => b.id)).toEqual([tasks[0]!.id, tasks[2]!.id]);
    expect(await listUnitTasks(t.db, { unitIds: [], limit: 10 })).toEqual({ items: [], next: null });
  });
});
