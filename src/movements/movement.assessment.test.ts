import { describe, expect, it } from 'vitest';
import { agreement, example } from '../../test/helpers/policy.js';
import { decide } from '../agreement/policy.js';
import type { RouteSegment } from '../risk/route.js';
import { assessMovement, type RouteAnswer, requirementRaised } from './movement.assessment.js';

/** A route of stretches at the given levels and lengths, as the risk service answers it. */
function route(...stretches: [level: number, km: number][]): RouteAnswer {
  const kmByLevel: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0 };
  let lon = 67;
  const segments: RouteSegment[] = stretches.map(([level, km]) => {
    kmByLevel[level] = kmByLevel[level]! + km;
    const from = { lat: 25, lon };
    lon += km / 100;
    return { level, km, points: [from, { lat: 25, lon }] };
  });
  return {
    maxLevel: Math.max(...stretches.map(([level]) => level)),
    km: stretches.reduce((sum, [, km]) => sum + km, 0),
    kmByLevel,
    segments,
    asOf: '2026-12-01T00:00:00.000Z',
  };
}

// Asia/Karachi is UTC+5 all year: 10:00 local is 05:00Z.
const local = (day: string, time: string) => new Date(`${day}T${time}:00+05:00`);
const dayTrip = { departure: local('2026-12-07', '10:00'), arrival: local('2026-12-07', '12:00') };

describe('assessing a movement at each level of the example agreement (pure)', () => {
  // level → the example's protection clause, and who may provide close protection there.
  const table = [
    [1, 0, false, null, ['partner'], false],
    [2, 0, false, null, ['partner'], false],
    [3, 1, false, { from: '05:00', to: '21:00' }, ['host'], false],
    [4, 1, true, { from: '06:00', to: '19:00' }, ['host', 'partner'], false],
    [5, 2, true, { from: '07:00', to: '17:00' }, ['host', 'partner'], false],
    [6, 3, true, { from: '08:00', to: '16:00' }, ['host', 'partner'], true],
  ] as const;
  it.each(table)(
    'level %i: %i escort vehicles, armoured %s, hours %o, approved by %o, forbidden %s',
    (level, escorts, armoured, hours, approvals, forbidden) => {
      const assessment = assessMovement({ route: route([1, 20], [level, 30]), agreement, ...dayTrip });
      expect(assessment).toMatchObject({
        asOf: '2026-12-01T00:00:00.000Z',
        agreementVersion: 3,
        riskLevel: level,
        km: 50,
        required: {
          clause: `protection[level=${level}]`,
          armedEscortVehicles: escorts,
          armouredPassengerVehicle: armoured,
          allowedHours: hours,
          timeZone: 'Asia/Karachi',
          approvals,
          forbidden,
          exemptionApprovals: forbidden ? ['host', 'partner'] : [],
          providers: {
            armed_escort: ['host'],
            static_guard: ['host'],
            close_protection: level >= 5 ? ['host'] : ['host', 'partner'],
            liaison: ['host', 'partner'],
          },
        },
      });
      expect(assessment.kmByLevel).toEqual(
        Object.fromEntries(
          [1, 2, 3, 4, 5, 6].map((l) => [String(l), (l === 1 ? 20 : 0) + (l === level ? 30 : 0)]),
        ),
      );
      // By day, within every level's hours: only the forbidden level is broken.
      expect(assessment.breaches).toEqual(
        forbidden
          ? [
              {
                rule: 'forbidden',
                clause: 'protection[level=6].forbidden',
                message:
                  'The route crosses 30 km at level 6: movements at level 6 are forbidden without an exemption signed by the host and partner',
              },
            ]
          : [],
      );
    },
  );

  it('lists the providers decide() allows for each unit kind at the worst level', () => {
    const assessment = assessMovement({ route: route([5, 10]), agreement, ...dayTrip });
    for (const [kind, parties] of Object.entries(assessment.required.providers))
      for (const providerKind of ['host', 'partner'] as const) {
        const decision = decide(
          agreement,
          { partyId: null, partyKind: null, roles: [] },
          {
            type: 'unit.provide',
            kind: kind as 'liaison',
            providerKind,
            riskLevel: 5,
          },
        );
        expect(parties.includes(providerKind)).toBe(decision.allow);
      }
  });
});

describe('a movement driven through a level-4 area at night (pure)', () => {
  // 300 km at level 2 from 15:00, then 50 km at level 4 and 50 km at level 2: at 60 km/h the
  // level-4 stretch is driven 20:00–20:50, after its hours (06:00–19:00) close.
  const night = route([2, 300], [4, 50], [2, 50]);
  const departure = local('2026-12-07', '15:00');
  const arrival = local('2026-12-07', '21:40');

  it('is allowed to depart: at 15:00 even the worst level is within its hours', () => {
    const rule = example.protection[3]!;
    const decision = decide(
      agreement,
      { partyId: null, partyKind: null, roles: [] },
      {
        type: 'movement.depart',
        riskLevel: 4,
        armedEscortVehicles: rule.armedEscortVehicles,
        armouredPassengerVehicle: true,
        approvedBy: rule.approvals,
        at: departure,
      },
    );
    expect(decision.allow).toBe(true);
  });

  it('breaks the level-4 hours where the convoy is in that stretch, with the local times', () => {
    const assessment = assessMovement({ route: night, agreement, departure, arrival });
    expect(assessment.riskLevel).toBe(4);
    expect(assessment.breaches).toEqual([
      {
        rule: 'allowedHours',
        clause: 'protection[level=4].allowedHours',
        message:
          'Kilometres 300–350 (level 4) are driven 2026-12-07 20:00 to 2026-12-07 20:50 local time (Asia/Karachi), outside the level-4 hours 06:00–19:00',
      },
    ]);
  });

  it('breaks the hours when they close while the convoy is still in the stretch', () => {
    // Departing 13:00: the level-4 stretch is driven 18:00–18:50, inside; from 13:20 it runs to 19:10.
    const early = assessMovement({
      route: night,
      agreement,
      departure: local('2026-12-07', '13:00'),
      arrival: local('2026-12-07', '19:40'),
    });
    expect(early.breaches).toEqual([]);
    const late = assessMovement({
      route: night,
      agreement,
      departure: local('2026-12-07', '13:20'),
      arrival: local('2026-12-07', '20:00'),
    });
    expect(late.breaches.map((b) => b.clause)).toEqual(['protection[level=4].allowedHours']);
  });

  it('reads the level-2 stretches as allowed at any hour', () => {
    const assessment = assessMovement({
      route: route([2, 100]),
      agreement,
      departure: local('2026-12-07', '23:00'),
      arrival: local('2026-12-08', '01:00'),
    });
    expect(assessment.breaches).toEqual([]);
  });
});

describe('whether a re-assessment raises the requirement (pure)', () => {
  const at = (level: number, agreementInForce = agreement) =>
    assessMovement({ route: route([1, 10], [level, 10]), agreement: agreementInForce, ...dayTrip });
  const variant = (change: (protection: (typeof example.protection)[number][]) => void) => {
    const protection = structuredClone(example.protection);
    change(protection);
    return { version: 4, document: { ...agreement.document, protection } };
  };

  it('is raised by a higher level, and not by the same or a lower one', () => {
    expect(requirementRaised(at(3), at(4))).toBe(true);
    expect(requirementRaised(at(4), at(4))).toBe(false);
    expect(requirementRaised(at(4), at(3))).toBe(false);
  });

  it('is raised by an agreement asking more at the same level', () => {
    expect(
      requirementRaised(
        at(3),
        at(
          3,
          variant((p) => p[2]!.approvals.push('partner')),
        ),
      ),
    ).toBe(true);
    expect(
      requirementRaised(
        at(3),
        at(
          3,
          variant((p) => (p[2]!.armedEscortVehicles = 2)),
        ),
      ),
    ).toBe(true);
    expect(
      requirementRaised(
        at(3),
        at(
          3,
          variant((p) => (p[2]!.armouredPassengerVehicle = true)),
        ),
      ),
    ).toBe(true);
    expect(
      requirementRaised(
        at(3),
        at(
          3,
          variant((p) => (p[2]!.allowedHours = { from: '06:00', to: '21:00' })),
        ),
      ),
    ).toBe(true);
    expect(
      requirementRaised(
        at(2),
        at(
          2,
          variant((p) => (p[1]!.allowedHours = { from: '22:00', to: '06:00' })),
        ),
      ),
    ).toBe(true);
    const forbidden = variant((p) => Object.assign(p[2]!, { forbidden: true, exemptionApprovals: ['host'] }));
    expect(requirementRaised(at(3), at(3, forbidden))).toBe(true);
  });

  it('is not raised by an agreement asking less', () => {
    expect(
      requirementRaised(
        at(4),
        at(
          4,
          variant((p) => (p[3]!.approvals = ['host'])),
        ),
      ),
    ).toBe(false);
    expect(
      requirementRaised(
        at(4),
        at(
          4,
          variant((p) => (p[3]!.allowedHours = { from: '05:00', to: '20:00' })),
        ),
      ),
    ).toBe(false);
    expect(
      requirementRaised(
        at(4),
        at(
          4,
          variant((p) => (p[3]!.allowedHours = null)),
        ),
      ),
    ).toBe(false);
  });

  it('is raised by a rule newly broken', () => {
    const day = assessMovement({ route: route([2, 300], [4, 50]), agreement, ...dayTrip });
    const night = assessMovement({
      route: route([2, 300], [4, 50]),
      agreement,
      departure: local('2026-12-07', '15:00'),
      arrival: local('2026-12-07', '21:00'),
    });
    expect(requirementRaised(day, night)).toBe(true);
    expect(requirementRaised(night, day)).toBe(false);
  });
});
