import { describe, expect, it } from 'vitest';
import { movementPayload } from '../../test/helpers/movement.js';
import { assertPlanned, metresFromRoute, type PlannedMovement } from './movement.rules.js';

const request = movementPayload([]);
const planned: PlannedMovement = { ...request, origin: request.origin, destination: request.destination };

function refusal(change: Partial<PlannedMovement>): string | undefined {
  try {
    assertPlanned({ ...planned, ...change });
    return undefined;
  } catch (error) {
    return (error as { details?: { field?: string } }).details?.field;
  }
}

describe('assertPlanned', () => {
  it('accepts a request whose fields agree', () => {
    expect(refusal({})).toBeUndefined();
  });

  it.each<[string, Partial<PlannedMovement>, string]>([
    ['an arrival before the departure', { plannedArrival: '2026-12-01T03:00:00Z' }, 'plannedArrival'],
    ['an arrival at the departure', { plannedArrival: '2026-12-01T04:00:00Z' }, 'plannedArrival'],
    ['a route starting 5 km from the origin', { origin: { lat: 33.745, lon: 73.05 } }, 'route'],
    ['a route ending 5 km from the destination', { destination: { lat: 33.555, lon: 73.1 } }, 'route'],
    [
      'a checkpoint before the departure',
      { checkpoints: [{ ...planned.checkpoints[0]!, plannedAt: '2026-12-01T03:59:00Z' }] },
      'checkpoints.0.plannedAt',
    ],
    [
      'a checkpoint after the arrival',
      { checkpoints: [{ ...planned.checkpoints[0]!, plannedAt: '2026-12-01T05:01:00Z' }] },
      'checkpoints.0.plannedAt',
    ],
    [
      'checkpoints out of order',
      {
        checkpoints: [
          { ...planned.checkpoints[0]!, plannedAt: '2026-12-01T04:40:00Z' },
          { ...planned.checkpoints[0]!, plannedAt: '2026-12-01T04:20:00Z' },
        ],
      },
      'checkpoints.1.plannedAt',
    ],
    [
      'a checkpoint 3 km off the route',
      { checkpoints: [{ ...planned.checkpoints[0]!, lat: 33.65, lon: 73.107 }] },
      'checkpoints.0',
    ],
  ])('refuses %s, naming the field', (_what, change, field) => {
    expect(refusal(change)).toBe(field);
  });

  it('takes the corridor as the end tolerance when wider than 2 km', () => {
    expect(refusal({ origin: { lat: 33.725, lon: 73.05 } })).toBe('route');
    expect(refusal({ origin: { lat: 33.725, lon: 73.05 }, corridorMeters: 3000 })).toBeUndefined();
  });

  it('measures the distance to the nearest leg, not the nearest waypoint', () => {
    const waypoints = [
      { lat: 0, lon: 0 },
      { lat: 0, lon: 1 },
    ];
    expect(metresFromRoute({ lat: 0.01, lon: 0.5 }, waypoints)).toBeCloseTo(1112, -1);
    expect(metresFromRoute({ lat: 0, lon: 1.01 }, waypoints)).toBeCloseTo(1112, -1);
  });
});
