import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertMovementRow, insertUnitRow } from '../../test/helpers/movement-rows.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { Tx } from '../database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { bookUnit, endBookings, releaseBooking, respondToBooking } from './escort.repository.js';
import type { MovementRow } from './movement.tables.js';

// Issue 11: a unit cannot be booked for two overlapping movements, and the database itself says
// so: many requests at once, each in its own transaction, and exactly one wins. Runs on SQLite
// (a trigger) and, with TEST_DATABASE_URL, on PostgreSQL (an exclusion constraint).

const t = useTestApp();
const hour = 3_600_000;
const dayStart = Date.parse('2026-12-01T00:00:00.000Z');

/** A movement planned from `from` to `to` hours into 1 December, and its booking window. */
async function movementAt(from: number, to: number): Promise<MovementRow> {
  return insertMovementRow(t.db, {
    requested_by: t.users['cso:coordinator']!.id,
    planned_departure: new Date(dayStart + from * hour).toISOString(),
    planned_arrival: new Date(dayStart + to * hour).toISOString(),
  });
}

/** Books the unit for the movement over its planned window, in a transaction of its own. */
function book(unitId: string, movement: MovementRow, work?: (tx: Tx) => Promise<unknown>) {
  return inTransaction(t.db, async (tx) => {
    const booking = await bookUnit(tx, {
      id: randomUUID(),
      movement_id: movement.id,
      unit_id: unitId,
      unit_party_id: 'ssd',
      assigned_by: t.users['ssd:coordinator']!.id,
      assigned_at: '2026-11-28T08:00:00.000Z',
      starts_ms: Date.parse(movement.planned_departure),
      ends_ms: Date.parse(movement.planned_arrival),
      agreement_version: 1,
    });
    await work?.(tx);
    return booking;
  });
}

async function activeBookingsOf(unitId: string) {
  return t.db
    .selectFrom('movement_units')
    .select(['movement_id', 'status'])
    .where('unit_id', '=', unitId)
    .where('active', '=', 1)
    .execute();
}

/** What each settled booking came to: the movement it won, or the error code it got. */
function outcomes(results: PromiseSettledResult<unknown>[]) {
  return results.map((r) => (r.status === 'fulfilled' ? 'booked' : (r.reason as AppError).code));
}

describe('booking one unit from many requests at once', () => {
  it('lets exactly one of 50 overlapping bookings win; the other 49 get unit_booked naming it', async () => {
    const unit = await insertUnitRow(t.db, { call_sign: 'ESCORT-50' });
    // Fifty movements whose windows all share the hour from 09:00 to 10:00, each shifted a minute.
    const movements = await Promise.all(
      Array.from({ length: 50 }, (_, i) => movementAt(8 + i / 60, 10 + i / 60)),
    );
    const results = await Promise.allSettled(movements.map((m) => book(unit.id, m)));

    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [movements[i]!] : []));
    expect(won).toHaveLength(1);
    expect(outcomes(results).filter((o) => o === 'unit_booked')).toHaveLength(49);
    const winner = won[0]!;
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      const error = result.reason as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect(error.status).toBe(409);
      expect(error.details).toEqual({
        unitId: unit.id,
        movementId: winner.id,
        startsAt: new Date(winner.planned_departure).toISOString(),
        endsAt: new Date(winner.planned_arrival).toISOString(),
      });
      expect(error.message).toBe(
        `Unit ESCORT-50 is booked for movement ${winner.id} from ${new Date(winner.planned_departure).toISOString()} to ${new Date(winner.planned_arrival).toISOString()}`,
      );
    }
    expect(await activeBookingsOf(unit.id)).toEqual([{ movement_id: winner.id, status: 'assigned' }]);
    // The losers rolled back whole: no row of theirs, active or not.
    const rows = await t.db
      .selectFrom('movement_units')
      .select('id')
      .where('unit_id', '=', unit.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('books every one of 50 windows that do not overlap, though they touch, all at once', async () => {
    const unit = await insertUnitRow(t.db, { call_sign: 'ESCORT-SHIFTS' });
    // Back to back: each ends at the hour the next one starts.
    const movements = await Promise.all(Array.from({ length: 50 }, (_, i) => movementAt(i, i + 1)));
    const results = await Promise.allSettled(movements.map((m) => book(unit.id, m)));
    expect(outcomes(results)).toEqual(movements.map(() => 'booked'));
    expect(await activeBookingsOf(unit.id)).toHaveLength(50);
  });

  it('books different units for one movement at once', async () => {
    const units = await Promise.all(
      Array.from({ length: 20 }, (_, i) => insertUnitRow(t.db, { call_sign: `ESCORT-${i}` })),
    );
    const movement = await movementAt(8, 12);
    const results = await Promise.allSettled(units.map((u) => book(u.id, movement)));
    expect(outcomes(results)).toEqual(units.map(() => 'booked'));
  });

  it('makes a booking that overlaps an uncommitted one wait for it, then refuses it', async () => {
    const unit = await insertUnitRow(t.db, { call_sign: 'ESCORT-RACE' });
    const first = await movementAt(8, 12);
    const second = await movementAt(11, 14);
    // The first holds its transaction open after its insert, until the second has been sent.
    let letFirstCommit!: () => void;
    const held = new Promise<void>((resolve) => (letFirstCommit = resolve));
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
    const firstBooking = book(unit.id, first, async () => {
      inserted();
      await held;
    });
    await firstInserted;
    const secondBooking = book(unit.id, second);
    // Neither a pre-check nor luck: the second cannot see the first's row, yet must not win.
    await new Promise((resolve) => setTimeout(resolve, 50));
    letFirstCommit();
    await expect(firstBooking).resolves.toMatchObject({ movement_id: first.id });
    await expect(secondBooking).rejects.toMatchObject({
      code: 'unit_booked',
      details: { unitId: unit.id, movementId: first.id },
    });
  });

  it('frees the unit when its booking is released, declined or its movement ends', async () => {
    const unit = await insertUnitRow(t.db, { call_sign: 'ESCORT-FREED' });
    const [a, b, c, d] = await Promise.all([
      movementAt(8, 12),
      movementAt(9, 13),
      movementAt(10, 14),
      movementAt(11, 15),
    ]);
    const booked = await book(unit.id, a!);
    await expect(book(unit.id, b!)).rejects.toMatchObject({ code: 'unit_booked' });

    await inTransaction(t.db, (tx) =>
      releaseBooking(tx, {
        id: booked.id,
        from: 'assigned',
        by: t.users['ssd:coordinator']!.id,
        at: '2026-11-28T09:00:00.000Z',
      }),
    );
    // Freed: of many requests for the freed window, again exactly one wins.
    const again = await Promise.allSettled([b!, c!, d!].map((m) => book(unit.id, m)));
    expect(outcomes(again).filter((o) => o === 'booked')).toHaveLength(1);
    expect(outcomes(again).filter((o) => o === 'unit_booked')).toHaveLength(2);

    // A commander's decline frees it too.
    const [holder] = await activeBookingsOf(unit.id);
    const held = await t.db
      .selectFrom('movement_units')
      .select('id')
      .where('movement_id', '=', holder!.movement_id)
      .executeTakeFirstOrThrow();
    await inTransaction(t.db, (tx) =>
      respondToBooking(tx, {
        id: held.id,
        from: 'assigned',
        to: 'declined',
        by: t.users['ssd:commander']!.id,
        at: '2026-11-28T09:30:00.000Z',
        reason: 'Vehicles in the workshop',
      }),
    );
    expect(await activeBookingsOf(unit.id)).toEqual([]);

    // And the end of the movement it escorts.
    const accepted = await book(unit.id, a!);
    await inTransaction(t.db, (tx) =>
      respondToBooking(tx, {
        id: accepted.id,
        from: 'assigned',
        to: 'accepted',
        by: t.users['ssd:commander']!.id,
        at: '2026-11-28T09:40:00.000Z',
      }),
    );
    await expect(book(unit.id, b!)).rejects.toMatchObject({ code: 'unit_booked' });
    expect(await inTransaction(t.db, (tx) => endBookings(tx, a!.id))).toBe(1);
    expect(await activeBookingsOf(unit.id)).toEqual([]);
    await expect(book(unit.id, b!)).resolves.toMatchObject({ status: 'assigned' });
  });
});
