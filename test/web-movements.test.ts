import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  movementStates,
  parseWaypoints,
  passes,
  waypointsText,
  type Movement,
} from '../web/src/movements/movement.js';
import { movementStates as serverStates, movementTransitions } from '../src/movements/movement.js';

// The movement screens' pure rules: the typed route, the board's filters, and which actions the
// screen offers in each state (the server still decides each call).

const me = (roles: string[], partyId = 'cso') => ({
  partyId,
  partyKind: partyId === 'ssd' ? ('host' as const) : ('partner' as const),
  roles,
});
const movement = (state: Movement['state'], partyId = 'cso', extra: Partial<Movement> = {}): Movement =>
  ({ id: 'm1', partyId, location: null, withheld: [], agreementVersion: 1, state, ...extra }) as Movement;

describe('the typed route', () => {
  it('reads one "lat, lon" per line, skipping blank lines and naming the lines it cannot read', () => {
    expect(parseWaypoints('24.8138, 67.03\n\n 24.86 ,67.13 \n24.85;67.25\n24.7857 67.3486')).toEqual({
      points: [
        { lat: 24.8138, lon: 67.03 },
        { lat: 24.86, lon: 67.13 },
        { lat: 24.85, lon: 67.25 },
        { lat: 24.7857, lon: 67.3486 },
      ],
      badLines: [],
    });
    expect(parseWaypoints('24.8, 67\nKarachi\n91, 67\n24, 181').badLines).toEqual([2, 3, 4]);
  });

  it('writes the points back as it reads them', () => {
    const points = [
      { lat: 24.8138, lon: 67.03 },
      { lat: -1.5, lon: -70 },
    ];
    expect(parseWaypoints(waypointsText(points)).points).toEqual(points);
  });
});

describe('the board', () => {
  it('knows every state the server has', () => {
    expect([...movementStates].sort()).toEqual([...serverStates].sort());
  });

  it('filters by purpose, least level, side and departure day', () => {
    const m = movement('submitted', 'ssd', {
      purpose: 'Visit to Port Qasim',
      riskLevel: 3,
      plannedDeparture: '2026-12-08T05:00:00.000Z',
    });
    const viewer = me(['coordinator']);
    expect(passes(m, {}, viewer)).toBe(true);
    expect(passes(m, { q: 'port qasim' }, viewer)).toBe(true);
    expect(passes(m, { q: 'Gwadar' }, viewer)).toBe(false);
    expect(passes(m, { minLevel: '3' }, viewer)).toBe(true);
    expect(passes(m, { minLevel: '4' }, viewer)).toBe(false);
    expect(passes(m, { side: 'theirs' }, viewer)).toBe(true);
    expect(passes(m, { side: 'ours' }, viewer)).toBe(false);
    expect(passes(m, { from: '2026-12-08', to: '2026-12-08' }, viewer)).toBe(true);
    expect(passes(m, { from: '2026-12-09' }, viewer)).toBe(false);
  });
});

describe('the actions offered', () => {
  it('offers the requesting party its request, and those who execute the execution', () => {
    const coordinator = me(['coordinator']);
    expect(actionsFor(movement('draft'), coordinator)).toEqual(['submit', 'cancel']);
    expect(actionsFor(movement('submitted'), coordinator)).toEqual(['cancel']);
    expect(actionsFor(movement('ready'), coordinator)).toEqual(['depart', 'cancel']);
    expect(actionsFor(movement('underway'), coordinator)).toEqual(['arrive', 'abort']);
    expect(actionsFor(movement('arrived'), coordinator)).toEqual(['debrief']);
    expect(actionsFor(movement('arrived', 'cso', { debrief: 'done' }), coordinator)).toEqual([]);
    expect(actionsFor(movement('cancelled'), coordinator)).toEqual([]);
    // The host's movement: nothing of its request, nor its execution for the partner ...
    expect(actionsFor(movement('draft', 'ssd'), coordinator)).toEqual([]);
    expect(actionsFor(movement('ready', 'ssd'), coordinator)).toEqual([]);
    // ... while the host, who escorts, executes the partner's.
    expect(actionsFor(movement('ready', 'cso'), me(['coordinator'], 'ssd'))).toEqual(['depart']);
    expect(actionsFor(movement('submitted', 'cso'), me(['coordinator'], 'ssd'))).toEqual([]);
    // A commander executes but does not request; an analyst does neither.
    expect(actionsFor(movement('ready'), me(['commander']))).toEqual(['depart']);
    expect(actionsFor(movement('draft'), me(['analyst']))).toEqual([]);
  });

  it('offers only what the lifecycle allows from the state', () => {
    const everything = me(['admin', 'coordinator', 'commander']);
    const allowed = (state: Movement['state'], action: keyof typeof movementTransitions) =>
      (movementTransitions[action].from as readonly string[]).includes(state!);
    for (const state of movementStates) {
      for (const action of actionsFor(movement(state), everything)) {
        if (action === 'debrief') expect(['arrived', 'aborted']).toContain(state);
        else expect(allowed(state, action), `${action} from ${state}`).toBe(true);
      }
    }
  });
});
