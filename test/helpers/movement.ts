import type { TestApp } from './app.js';

/**
 * A movement request from Islamabad to Rawalpindi on one straight leg (about 12 km), with a
 * checkpoint half-way, planned for 1 December 2026; far from every canary's coordinates.
 */
export function movementPayload(passengers: string[], overrides: Record<string, unknown> = {}) {
  return {
    purpose: 'Site visit',
    passengers,
    origin: { lat: 33.7, lon: 73.05 },
    destination: { lat: 33.6, lon: 73.1 },
    route: {
      type: 'LineString' as const,
      coordinates: [
        [73.05, 33.7],
        [73.1, 33.6],
      ] as [number, number][],
    },
    corridorMeters: 1000,
    plannedDeparture: '2026-12-01T04:00:00Z',
    plannedArrival: '2026-12-01T05:00:00Z',
    checkpoints: [{ name: 'Zero Point', lat: 33.65, lon: 73.075, plannedAt: '2026-12-01T04:30:00Z' }],
    vehicles: [{ label: 'Land Cruiser 1', armoured: true }],
    ...overrides,
  };
}

/**
 * Puts a movement in `state` with the approvals of `approvedBy`, straight in the database: for
 * tests of what follows approval and escort, whose own use cases other capabilities own.
 */
export async function setMovementState(
  t: TestApp,
  id: string,
  state: 'approved' | 'ready',
  approvedBy: readonly ('host' | 'partner')[] = [],
): Promise<void> {
  await t.db.updateTable('movements').set({ state }).where('id', '=', id).execute();
  for (const kind of approvedBy) {
    const partyId = kind === 'host' ? 'ssd' : 'cso';
    await t.db
      .insertInto('movement_approvals')
      .values({
        id: `${id}-${kind}`,
        movement_id: id,
        party_id: partyId,
        party_kind: kind,
        decided_by: t.users[`${partyId}:coordinator`]!.id,
        decision: 'approved',
        reason: null,
        break_glass: 0,
        superseded: 0,
        agreement_version: 1,
        decided_at: t.clock.now().toISOString(),
        review_due_at: null,
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
      })
      .execute();
  }
}
