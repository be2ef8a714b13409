import { describe, expect, it } from 'vitest';
import { agreement } from '../../test/helpers/policy.js';
import { protectionRequired } from '../agreement/policy.js';
import { AppError } from '../platform/errors.js';
import {
  bookingWindow,
  type EscortAction,
  escortShortfall,
  type EscortStatus,
  escortStatuses,
  escortTransitions,
  type EscortUnit,
  nextEscortStatus,
  windowsOverlap,
} from './escort.js';
import type { MovementAssessment } from './movement.assessment.js';

/** Every status × every action → the status it leads to, or refused. */
const expected: Record<EscortStatus, Record<EscortAction, EscortStatus | null>> = {
  assigned: { accept: 'accepted', decline: 'declined', release: 'released' },
  accepted: { accept: null, decline: 'declined', release: 'released' },
  declined: { accept: null, decline: null, release: null },
  released: { accept: null, decline: null, release: null },
};

describe('an escort task’s lifecycle', () => {
  const cases = escortStatuses.flatMap((status) =>
    (Object.keys(escortTransitions) as EscortAction[]).map(
      (action) => [status, action, expected[status][action]] as const,
    ),
  );
  it.each(cases)('%s, %s → %s', (status, action, to) => {
    if (to) return expect(nextEscortStatus(status, action)).toBe(to);
    let error: unknown;
    try {
      nextEscortStatus(status, action);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'invalid_transition',
      status: 409,
      details: { from: status, to: escortTransitions[action].to },
    });
    expect((error as AppError).message).toBe(
      `The escort task is ${status}, so it cannot be ${escortTransitions[action].to}`,
    );
  });
});

describe('booking windows', () => {
  it('are the planned departure and arrival in epoch milliseconds', () => {
    expect(bookingWindow('2026-12-01T08:00:00.000Z', '2026-12-01T10:00:00+02:00')).toEqual({
      startsMs: Date.parse('2026-12-01T08:00:00.000Z'),
      endsMs: Date.parse('2026-12-01T08:00:00.000Z'),
    });
  });

  it.each([
    ['apart', [0, 10], [20, 30], false],
    ['one ending as the other starts', [0, 10], [10, 20], false],
    ['sharing a minute', [0, 11], [10, 20], true],
    ['one inside the other', [0, 30], [10, 20], true],
    ['the same', [0, 10], [0, 10], true],
  ] as const)('%s: overlap %s', (_case, [a0, a1], [b0, b1], overlap) => {
    const a = { startsMs: a0, endsMs: a1 };
    const b = { startsMs: b0, endsMs: b1 };
    expect(windowsOverlap(a, b)).toBe(overlap);
    expect(windowsOverlap(b, a)).toBe(overlap);
  });
});

/** The assessment of a route whose worst level is `riskLevel`, as the example agreement requires it. */
function assessedAt(riskLevel: number): Pick<MovementAssessment, 'riskLevel' | 'required'> {
  const { clause, rule } = protectionRequired(agreement, riskLevel);
  return {
    riskLevel,
    required: {
      clause,
      armedEscortVehicles: rule.armedEscortVehicles,
      armouredPassengerVehicle: rule.armouredPassengerVehicle,
      allowedHours: rule.allowedHours,
      timeZone: agreement.document.timeZone,
      approvals: rule.approvals,
      forbidden: rule.forbidden,
      exemptionApprovals: rule.exemptionApprovals,
      providers: {},
    },
  };
}

let units = 0;
const unit = (overrides: Partial<EscortUnit> = {}): EscortUnit => ({
  id: `u${++units}`,
  call_sign: `CALL-${units}`,
  kind: 'armed_escort',
  party_id: 'ssd',
  vehicles: 1,
  armoured_vehicles: 0,
  ...overrides,
});
const hostEscort = (vehicles = 1, armoured = 0) =>
  unit({ kind: 'armed_escort', vehicles, armoured_vehicles: armoured });
const van = { armoured: false };
const armouredCar = { armoured: true };
// The policy helper's agreement: ssd hosts, cso and cpec are partners.
const providers = { agreement, partyKinds: { ssd: 'host', cso: 'partner', cpec: 'partner' } as const };

describe('escortShortfall at each level of the example agreement', () => {
  // level, units, the movement's vehicles → the rules that fall short.
  const table: [string, number, EscortUnit[], { armoured: boolean }[], string[]][] = [
    ['no escort where none is required', 1, [], [van], []],
    ['no escort at level 2 either', 2, [], [van], []],
    ['a partner liaison team at a low level', 2, [unit({ kind: 'liaison', party_id: 'cso' })], [van], []],
    ['no escort where one armed vehicle is required', 3, [], [van], ['armedEscortVehicles']],
    ['one host escort vehicle at level 3', 3, [hostEscort(1)], [van], []],
    [
      'an unarmed liaison car does not escort',
      3,
      [unit({ kind: 'liaison' })],
      [van],
      ['armedEscortVehicles'],
    ],
    ['a static guard is of an armed kind', 3, [unit({ kind: 'static_guard' })], [van], []],
    ['level 4 without an armoured vehicle', 4, [hostEscort(1)], [van], ['armouredPassengerVehicle']],
    ['level 4 with an armoured car of the movement', 4, [hostEscort(1)], [van, armouredCar], []],
    ['level 4 with the escort’s armoured vehicle', 4, [hostEscort(1, 1)], [van], []],
    ['level 5 with one armed vehicle of two', 5, [hostEscort(1)], [armouredCar], ['armedEscortVehicles']],
    ['level 5 with two units of one vehicle', 5, [hostEscort(1), hostEscort(1)], [armouredCar], []],
    ['level 5 with one unit of two vehicles', 5, [hostEscort(2)], [armouredCar], []],
    [
      'a partner close protection team at level 5',
      5,
      [hostEscort(2), unit({ kind: 'close_protection', party_id: 'cso', vehicles: 1 })],
      [armouredCar],
      ['unitProvider'],
    ],
    [
      'a partner close protection team at level 4',
      4,
      [hostEscort(1), unit({ kind: 'close_protection', party_id: 'cso' })],
      [armouredCar],
      [],
    ],
    ['level 6 with two of three', 6, [hostEscort(2, 1)], [van], ['armedEscortVehicles']],
    ['level 6 with three', 6, [hostEscort(2, 1), hostEscort(1)], [van], []],
    ['nothing at level 6', 6, [], [van], ['armedEscortVehicles', 'armouredPassengerVehicle']],
  ];
  it.each(table)('%s (level %i)', (_case, level, assigned, vehicles, rules) => {
    const shortfalls = escortShortfall(assessedAt(level), assigned, vehicles, providers);
    expect(shortfalls.map((s) => s.rule)).toEqual(rules);
    for (const shortfall of shortfalls) expect(shortfall.agreementVersion).toBe(3);
  });

  it('names the clause, what is required and what the units give', () => {
    expect(
      escortShortfall(
        assessedAt(5),
        [hostEscort(1), unit({ kind: 'liaison', vehicles: 3 })],
        [van],
        providers,
      ),
    ).toEqual([
      {
        rule: 'armedEscortVehicles',
        clause: 'protection[level=5].armedEscortVehicles',
        agreementVersion: 3,
        message: 'needs 2 armed escort vehicles, the assigned units give 1',
        required: 2,
        assigned: 1,
      },
      {
        rule: 'armouredPassengerVehicle',
        clause: 'protection[level=5].armouredPassengerVehicle',
        agreementVersion: 3,
        message:
          "needs an armoured passenger vehicle: neither the movement's vehicles nor the units' are armoured",
      },
    ]);
  });

  it('refuses a unit its party may not provide with decide()’s clause, and counts nothing of it', () => {
    const partnerEscort = unit({
      id: 'pe',
      call_sign: 'CSO-ARMED',
      party_id: 'cso',
      vehicles: 2,
      armoured_vehicles: 1,
    });
    expect(escortShortfall(assessedAt(4), [partnerEscort], [van], providers)).toEqual([
      {
        rule: 'unitProvider',
        clause: 'unitKinds.armed_escort',
        agreementVersion: 3,
        message: 'Unit CSO-ARMED: only the host may provide armed_escort (armed)',
        unitId: 'pe',
      },
      expect.objectContaining({ rule: 'armedEscortVehicles', assigned: 0 }),
      expect.objectContaining({ rule: 'armouredPassengerVehicle' }),
    ]);
    const closeProtection = unit({
      id: 'cp',
      call_sign: 'CSO-CP',
      kind: 'close_protection',
      party_id: 'cso',
    });
    expect(
      escortShortfall(assessedAt(5), [hostEscort(2), closeProtection], [armouredCar], providers),
    ).toEqual([
      {
        rule: 'unitProvider',
        clause: 'unitKinds.close_protection.zones[minRiskLevel=5]',
        agreementVersion: 3,
        message: 'Unit CSO-CP: at risk level 5 and above only the host may provide close_protection',
        unitId: 'cp',
      },
    ]);
  });

  it('refuses a unit of a party outside the agreement', () => {
    const stranger = unit({ id: 'x1', call_sign: 'XYZ-1', party_id: 'xyz' });
    expect(escortShortfall(assessedAt(3), [stranger, hostEscort(1)], [van], providers)).toEqual([
      {
        rule: 'unitProvider',
        clause: 'parties',
        agreementVersion: 3,
        message: 'Unit XYZ-1 belongs to xyz, which is not a party to the agreement',
        unitId: 'x1',
      },
    ]);
  });

  it('reads the agreement, not a copy of it: kinds armed and providers follow its clauses', () => {
    const { unitKinds } = agreement.document;
    const changed = {
      version: 4,
      document: {
        ...agreement.document,
        unitKinds: {
          ...unitKinds,
          armed_escort: {
            ...unitKinds.armed_escort,
            providers: ['host', 'partner'] as ('host' | 'partner')[],
          },
          liaison: { ...unitKinds.liaison, armed: true },
        },
      },
    };
    const assigned = [unit({ party_id: 'cso', vehicles: 1 }), unit({ kind: 'liaison', vehicles: 1 })];
    expect(escortShortfall(assessedAt(5), assigned, [armouredCar], providers).map((s) => s.rule)).toEqual([
      'unitProvider',
      'armedEscortVehicles',
    ]);
    expect(
      escortShortfall(assessedAt(5), assigned, [armouredCar], { ...providers, agreement: changed }),
    ).toEqual([]);
  });
});
