import { describe, expect, it } from 'vitest';
import {
  accountedCurve,
  corroborates,
  escalationPlan,
  expectedSet,
  incidentRadiusM,
  isInArea,
  ownView,
  type RollcallArea,
  routeCrosses,
  startsRollcall,
  stateOf,
  wavesProblem,
} from './rollcall.js';
import { waveRecipients } from './rollcall.escalation.js';

const square: RollcallArea = {
  kind: 'polygon',
  polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [73.0, 33.6],
        [73.1, 33.6],
        [73.1, 33.7],
        [73.0, 33.7],
        [73.0, 33.6],
      ],
    ],
  },
};

describe('the expected set', () => {
  it('lists each subject once with every reason, in a fixed order, whatever order the rules ran in', () => {
    const a = { type: 'person' as const, id: 'a' };
    const set = expectedSet([
      { subject: a, partyId: 'cso', reason: 'manifest', movementId: 'm1' },
      { subject: { type: 'unit', id: 'u' }, partyId: 'ssd', reason: 'manifest', movementId: 'm1' },
      { subject: a, partyId: 'cso', reason: 'fix', siteId: null },
      { subject: a, partyId: 'cso', reason: 'site', siteId: 's1' },
      { subject: a, partyId: 'cso', reason: 'fix' },
    ]);
    expect(set).toEqual([
      { subject: a, partyId: 'cso', reasons: ['fix', 'site', 'manifest'], siteId: 's1', movementId: 'm1' },
      {
        subject: { type: 'unit', id: 'u' },
        partyId: 'ssd',
        reasons: ['manifest'],
        siteId: null,
        movementId: 'm1',
      },
    ]);
  });

  it('tells inside from outside for a polygon, a circle and a corridor, and a route that only crosses', () => {
    expect(isInArea({ lat: 33.65, lon: 73.05 }, square)).toBe(true);
    expect(isInArea({ lat: 33.75, lon: 73.05 }, square)).toBe(false);
    const circle: RollcallArea = { kind: 'circle', center: { lat: 33.65, lon: 73.05 }, radiusM: 2_000 };
    expect(isInArea({ lat: 33.66, lon: 73.05 }, circle)).toBe(true); // 1.1 km
    expect(isInArea({ lat: 33.68, lon: 73.05 }, circle)).toBe(false); // 3.3 km
    const corridor: RollcallArea = {
      kind: 'corridor',
      line: [
        { lat: 33.6, lon: 73.0 },
        { lat: 33.6, lon: 73.2 },
      ],
      widthM: 500,
    };
    expect(isInArea({ lat: 33.603, lon: 73.1 }, corridor)).toBe(true);
    expect(isInArea({ lat: 33.61, lon: 73.1 }, corridor)).toBe(false);
    // Both ends far outside the square, the leg between them through it.
    expect(
      routeCrosses(
        [
          { lat: 33.65, lon: 72.5 },
          { lat: 33.65, lon: 73.5 },
        ],
        square,
      ),
    ).toBe(true);
    expect(
      routeCrosses(
        [
          { lat: 33.8, lon: 72.5 },
          { lat: 33.8, lon: 73.5 },
        ],
        square,
      ),
    ).toBe(false);
  });
});

describe('answers and duress', () => {
  it('shows staff a duress answer as needing help, and the person what they tapped', () => {
    expect(stateOf({ answer: null, duress: false })).toBe('silent');
    expect(stateOf({ answer: 'safe', duress: false })).toBe('safe');
    expect(stateOf({ answer: 'need_help', duress: false })).toBe('need_help');
    expect(stateOf({ answer: 'safe', duress: true })).toBe('need_help');
    expect(ownView({ answer: 'safe', duress: true })).toBe(ownView({ answer: 'safe', duress: false }));
  });
});

describe('corroboration', () => {
  const startedAt = new Date('2026-11-28T08:00:00Z');
  it.each([
    [
      'a fix inside after the question',
      { lat: 33.65, lon: 73.05, fixAt: new Date('2026-11-28T08:01:00Z') },
      true,
    ],
    [
      'a fix inside before the question',
      { lat: 33.65, lon: 73.05, fixAt: new Date('2026-11-28T07:59:00Z') },
      false,
    ],
    [
      'a fix outside after the question',
      { lat: 33.9, lon: 73.05, fixAt: new Date('2026-11-28T08:01:00Z') },
      false,
    ],
  ])('%s: %s', (_what, fix, expected) => {
    expect(corroborates(fix, startedAt, square)).toBe(expected);
  });
});

describe('the accounted-for curve', () => {
  const start = new Date('2026-11-28T08:00:00Z');
  it('rises with each answer in time order and gives the time to 100%', () => {
    const curve = accountedCurve(start, 3, [
      '2026-11-28T08:06:00Z',
      '2026-11-28T08:01:00Z',
      '2026-11-28T08:03:00Z',
    ]);
    expect(curve.points.map((p) => [p.afterMs / 60_000, p.accounted, p.share])).toEqual([
      [0, 0, 0],
      [1, 1, 0.3333],
      [3, 2, 0.6667],
      [6, 3, 1],
    ]);
    expect(curve.timeTo100Ms).toBe(6 * 60_000);
  });

  it('has no time to 100% while anyone is silent, and zero when no one was expected', () => {
    expect(accountedCurve(start, 3, ['2026-11-28T08:01:00Z']).timeTo100Ms).toBeNull();
    expect(accountedCurve(start, 0, [])).toMatchObject({ share: 1, timeTo100Ms: 0 });
  });
});

describe('the escalation plan', () => {
  const start = new Date('2026-11-28T08:00:00Z');
  it('falls due at the minutes each wave sets', () => {
    expect(
      escalationPlan(start, [
        { kind: 'reminder', afterMinutes: 5 },
        { kind: 'lead', afterMinutes: 15 },
        { kind: 'coordinators', afterMinutes: 30 },
      ]).map((w) => [w.wave, w.kind, w.dueAt.toISOString()]),
    ).toEqual([
      [1, 'reminder', '2026-11-28T08:05:00.000Z'],
      [2, 'lead', '2026-11-28T08:15:00.000Z'],
      [3, 'coordinators', '2026-11-28T08:30:00.000Z'],
    ]);
  });

  it('refuses waves out of order or after the close', () => {
    expect(
      wavesProblem(
        [
          { kind: 'reminder', afterMinutes: 5 },
          { kind: 'lead', afterMinutes: 5 },
        ],
        60,
      ),
    ).toMatch(/after the one before/);
    expect(wavesProblem([{ kind: 'reminder', afterMinutes: 60 }], 60)).toMatch(/before the roll-call closes/);
    expect(wavesProblem([{ kind: 'reminder', afterMinutes: 5 }], 60)).toBeNull();
  });

  const users = [
    { id: 'p-user', party_id: 'cso', roles: ['person' as const], person_id: 'p1', unit_id: null },
    { id: 'site-lead', party_id: 'ssd', roles: ['commander' as const], person_id: null, unit_id: 'guard' },
    { id: 'escort-lead', party_id: 'ssd', roles: ['commander' as const], person_id: null, unit_id: 'escort' },
    { id: 'cso-coord', party_id: 'cso', roles: ['coordinator' as const], person_id: null, unit_id: null },
    { id: 'ssd-coord', party_id: 'ssd', roles: ['coordinator' as const], person_id: null, unit_id: null },
  ];
  const context = { unitsAtSite: new Map([['s1', ['guard']]]), escortsOf: new Map([['m1', ['escort']]]) };
  const at = (over: Record<string, unknown>) => ({
    subject_type: 'person' as const,
    subject_id: 'p1',
    party_id: 'cso',
    site_id: null,
    movement_id: null,
    ...over,
  });
  it.each([
    ['reminder', [at({})], ['p-user']],
    ['reminder', [at({ subject_type: 'unit', subject_id: 'escort', party_id: 'ssd' })], ['escort-lead']],
    ['lead', [at({ site_id: 's1' })], ['site-lead']],
    ['lead', [at({ movement_id: 'm1' })], ['escort-lead']],
    ['lead', [at({ subject_id: 'p2' })], ['cso-coord']],
    ['coordinators', [at({})], ['cso-coord', 'ssd-coord']],
  ] as const)('a %s wave tells %j → %j', (kind, silent, expected) => {
    expect(waveRecipients(kind, silent, users, context)).toEqual(expected);
  });
});

describe('a roll-call from an incident', () => {
  it.each([
    [{ killed: 0, wounded: 0 }, 2_000],
    [{ killed: null, wounded: null }, 2_000],
    [{ killed: 1, wounded: 3 }, 5_000],
    [{ killed: 3, wounded: 17 }, 10_000],
  ])('asks within a radius by its toll: %j → %i m', (toll, radius) => {
    expect(incidentRadiusM(toll)).toBe(radius);
  });

  const now = new Date('2026-11-28T08:00:00Z');
  const incident = { lat: 33.6, lon: 73.0, geoPrecision: 'exact', status: 'reported', date: '2026-11-28' };
  it.each([
    ['today, placed exactly', incident, true],
    ['yesterday', { ...incident, date: '2026-11-27' }, true],
    ['a week ago (an import of history)', { ...incident, date: '2026-11-21' }, false],
    ['placed only to a district', { ...incident, geoPrecision: 'district' }, false],
    ['without coordinates', { ...incident, lat: null }, false],
    ['denied', { ...incident, status: 'denied' }, false],
  ])('%s: %s', (_what, record, expected) => {
    expect(startsRollcall(record, now)).toBe(expected);
  });
});
