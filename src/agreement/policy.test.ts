import { describe, expect, it } from 'vitest';
import type { PartyKind } from '../access/actor.js';
import { parseAgreement, unitKinds, type UnitKind } from './agreement.schema.js';
import { decide, hoursLeftAt, type PolicyActor, withinHours } from './policy.js';
import { share, visibleOwners } from './share.js';

import { agreement, example, host, otherPartner, partner, person } from '../../test/helpers/policy.js';

describe('decide: unit kinds', () => {
  // kind × provider × risk level → allowed, from the example's unitKinds clause.
  const table: [UnitKind, PartyKind, number, boolean, string][] = [];
  for (const kind of unitKinds) {
    for (const provider of ['host', 'partner'] as const) {
      for (let level = 1; level <= 6; level++) {
        const partnerMay = (kind === 'close_protection' && level < 5) || kind === 'liaison';
        const clause =
          kind === 'close_protection' && level >= 5
            ? 'unitKinds.close_protection.zones[minRiskLevel=5]'
            : `unitKinds.${kind}`;
        table.push([kind, provider, level, provider === 'host' || partnerMay, clause]);
      }
    }
  }
  it.each(table)(
    '%s by the %s at level %i: allowed %s (%s)',
    (kind, providerKind, riskLevel, allowed, clause) => {
      const decision = decide(
        agreement,
        providerKind === 'host' ? host('coordinator') : partner('coordinator'),
        {
          type: 'unit.provide',
          kind,
          providerKind,
          riskLevel,
        },
      );
      expect(decision).toMatchObject({ allow: allowed, clause, version: 3 });
    },
  );

  it('cites the clause and says armed when refusing a partner armed escort', () => {
    const decision = decide(agreement, partner('admin'), {
      type: 'unit.provide',
      kind: 'armed_escort',
      providerKind: 'partner',
    });
    expect(decision.reason).toBe('only the host may provide armed_escort (armed)');
  });
});

describe('decide: records', () => {
  it.each([
    [host('observer'), 'person', 'cso', 'partner', true, 'sharing.partnerToHost.person.records'],
    [host('observer'), 'site', 'cso', 'partner', true, 'sharing.partnerToHost.site.records'],
    [host('observer'), 'unit', 'cso', 'partner', true, 'sharing.partnerToHost.unit.records'],
    [partner('coordinator'), 'person', 'ssd', 'host', false, 'sharing.hostToPartner.person.records'],
    [partner('coordinator'), 'site', 'ssd', 'host', true, 'sharing.hostToPartner.site.records'],
    [partner('coordinator'), 'unit', 'ssd', 'host', true, 'sharing.hostToPartner.unit.records'],
    [otherPartner('admin'), 'person', 'cso', 'partner', false, 'sharing.partnerToPartner.person.records'],
    [otherPartner('admin'), 'site', 'cso', 'partner', false, 'sharing.partnerToPartner.site.records'],
    [otherPartner('admin'), 'unit', 'cso', 'partner', false, 'sharing.partnerToPartner.unit.records'],
    [partner('person'), 'person', 'cso', 'partner', true, 'ownership'],
  ] as const)('%o reading a %s of %s: %s', (actor, entity, ownerPartyId, ownerKind, allowed, clause) => {
    expect(decide(agreement, actor, { type: 'record.read', entity, ownerPartyId, ownerKind })).toMatchObject({
      allow: allowed,
      clause,
    });
  });

  it.each([
    [host('admin'), 'ssd', true],
    [host('admin'), 'cso', false],
    [partner('coordinator'), 'cso', true],
    [partner('coordinator'), 'ssd', false],
  ] as const)('%o writing a record of %s: %s', (actor, ownerPartyId, allowed) => {
    expect(decide(agreement, actor, { type: 'record.write', entity: 'person', ownerPartyId })).toMatchObject({
      allow: allowed,
      clause: 'ownership',
    });
  });
});

describe('parties outside the agreement', () => {
  const outsider: PolicyActor = { partyId: 'xyz', partyKind: 'partner', roles: ['admin'] };
  it('see no record of a party to it, under the parties clause', () => {
    expect(
      decide(agreement, outsider, {
        type: 'record.read',
        entity: 'site',
        ownerPartyId: 'ssd',
        ownerKind: 'host',
      }),
    ).toMatchObject({ allow: false, clause: 'parties' });
    expect(share(agreement, outsider, 'person', person)).toBeNull();
  });

  it('lists only the owners whose records the viewer may see', () => {
    const parties = [
      { id: 'ssd', kind: 'host' as const },
      { id: 'cso', kind: 'partner' as const },
      { id: 'cpec', kind: 'partner' as const },
      { id: 'xyz', kind: 'partner' as const },
    ];
    expect(visibleOwners(agreement, host('observer'), 'person', parties)).toEqual(['ssd', 'cso', 'cpec']);
    expect(visibleOwners(agreement, partner('admin'), 'person', parties)).toEqual(['cso']);
    expect(visibleOwners(agreement, partner('admin'), 'unit', parties)).toEqual(['ssd', 'cso']);
    expect(visibleOwners(null, host('admin'), 'unit', parties)).toEqual(['ssd']);
    expect(share(null, host('admin'), 'person', person)).toBeNull();
  });
});

describe('decide: signing', () => {
  it.each([
    [host('admin'), true],
    [partner('admin'), true],
    [host('coordinator'), false],
    [partner('observer', 'analyst'), false],
    [otherPartner('admin'), true],
    [{ partyId: 'xyz', partyKind: 'partner' as const, roles: ['admin' as const] }, false],
  ])('%o may sign: %s', (actor, allowed) => {
    expect(decide(agreement, actor, { type: 'agreement.sign' })).toMatchObject({
      allow: allowed,
      clause: 'parties',
    });
  });
});

describe('decide: movement approvals by level', () => {
  const approvers: Record<number, PartyKind[]> = {
    1: ['partner'],
    2: ['partner'],
    3: ['host'],
    4: ['host', 'partner'],
    5: ['host', 'partner'],
    6: ['host', 'partner'],
  };
  const table = Object.entries(approvers).flatMap(([level, kinds]) =>
    (['host', 'partner'] as const).map((kind) => [Number(level), kind, kinds.includes(kind)] as const),
  );
  it.each(table)('level %i, %s coordinator approves: %s', (riskLevel, kind, allowed) => {
    const actor = kind === 'host' ? host('coordinator') : partner('coordinator');
    expect(decide(agreement, actor, { type: 'movement.approve', riskLevel })).toMatchObject({
      allow: allowed,
      clause: `protection[level=${riskLevel}].approvals`,
    });
  });

  it('only a coordinator approves', () => {
    expect(decide(agreement, host('commander'), { type: 'movement.approve', riskLevel: 3 }).allow).toBe(
      false,
    );
  });
});

describe('decide: departure against each protection clause', () => {
  // 10:00 in Karachi (UTC+5) is within every level's allowed hours.
  const morning = new Date('2026-11-28T05:00:00Z');
  const full = {
    armedEscortVehicles: 3,
    armouredPassengerVehicle: true,
    approvedBy: ['host', 'partner'] as PartyKind[],
    at: morning,
  };

  it.each([1, 2, 3, 4, 5])('level %i departs with full protection', (riskLevel) => {
    expect(
      decide(agreement, host('commander'), { type: 'movement.depart', riskLevel, ...full }),
    ).toMatchObject({ allow: true, clause: `protection[level=${riskLevel}]` });
  });

  it.each([
    [1, { approvedBy: [] }, 'approvals'],
    [3, { approvedBy: ['partner'] }, 'approvals'],
    [4, { approvedBy: ['host'] }, 'approvals'],
    [3, { armedEscortVehicles: 0 }, 'armedEscortVehicles'],
    [4, { armedEscortVehicles: 0 }, 'armedEscortVehicles'],
    [5, { armedEscortVehicles: 1 }, 'armedEscortVehicles'],
    [6, { armedEscortVehicles: 2, exemptionSignedBy: ['host', 'partner'] }, 'armedEscortVehicles'],
    [4, { armouredPassengerVehicle: false }, 'armouredPassengerVehicle'],
    [5, { armouredPassengerVehicle: false }, 'armouredPassengerVehicle'],
    [3, { at: new Date('2026-11-28T16:30:00Z') }, 'allowedHours'], // 21:30 local
    [4, { at: new Date('2026-11-28T00:30:00Z') }, 'allowedHours'], // 05:30 local
    [5, { at: new Date('2026-11-28T12:00:00Z') }, 'allowedHours'], // 17:00 local: the end is exclusive
    [6, {}, 'forbidden'],
    [6, { exemptionSignedBy: ['host'] }, 'forbidden'],
  ] as const)('level %i with %o is refused by %s', (riskLevel, change, clause) => {
    const decision = decide(agreement, host('commander'), {
      type: 'movement.depart',
      riskLevel,
      ...full,
      ...change,
    });
    expect(decision).toMatchObject({ allow: false, clause: `protection[level=${riskLevel}].${clause}` });
  });

  it('levels 1 and 2 run at any hour without escort', () => {
    const night = {
      armedEscortVehicles: 0,
      armouredPassengerVehicle: false,
      approvedBy: ['partner'] as PartyKind[],
      at: new Date('2026-11-28T20:00:00Z'),
    };
    expect(
      decide(agreement, host('commander'), { type: 'movement.depart', riskLevel: 2, ...night }).allow,
    ).toBe(true);
  });

  it('level 6 departs with a signed exemption and full protection', () => {
    const decision = decide(agreement, host('commander'), {
      type: 'movement.depart',
      riskLevel: 6,
      ...full,
      exemptionSignedBy: ['partner', 'host'],
    });
    expect(decision).toMatchObject({ allow: true, clause: 'protection[level=6]' });
  });
});

describe('decide: break-glass', () => {
  const justification = 'Blast reported 2 km from the camp; moving staff now.';
  it.each([
    [host('coordinator'), justification, true, 'emergency.actors'],
    [host('commander'), justification, true, 'emergency.actors'],
    [partner('coordinator'), justification, true, 'emergency.actors'],
    [partner('commander'), justification, false, 'emergency.actors'],
    [host('analyst'), justification, false, 'emergency.actors'],
    [host('coordinator'), 'urgent', false, 'emergency.justificationMinLength'],
    [partner('coordinator'), '                         ', false, 'emergency.justificationMinLength'],
  ])('%o: %s → %s', (actor, text, allowed, clause) => {
    expect(decide(agreement, actor, { type: 'emergency.act', justification: text })).toMatchObject({
      allow: allowed,
      clause,
    });
  });
});

describe('decide: clearance reads (issue 7, finding 8)', () => {
  const ofPartner = { type: 'clearance.read', ownerPartyId: 'cso', ownerKind: 'partner' } as const;
  const ofHost = { type: 'clearance.read', ownerPartyId: 'ssd', ownerKind: 'host' } as const;
  it.each([
    [host('coordinator'), ofPartner, true, 'clearance.actors'],
    [host('commander'), ofPartner, true, 'clearance.actors'],
    [host('observer'), ofPartner, false, 'clearance.actors'],
    [host('analyst'), ofPartner, false, 'clearance.actors'],
    [host('admin'), ofPartner, false, 'clearance.actors'],
    [host('observer', 'commander'), ofPartner, true, 'clearance.actors'],
    [partner('coordinator'), ofHost, false, 'clearance.actors'],
    [otherPartner('coordinator'), ofPartner, false, 'clearance.actors'],
    [partner('observer'), ofPartner, true, 'ownership'],
    [
      { partyId: 'xyz', partyKind: 'host', roles: ['coordinator'] } as PolicyActor,
      ofPartner,
      false,
      'parties',
    ],
  ])('%o reading %o: %s (%s)', (actor, action, allowed, clause) => {
    expect(decide(agreement, actor, action)).toMatchObject({ allow: allowed, clause, version: 3 });
  });

  it('names no one when the agreement has no clearance clause', () => {
    const { clearance: _c, ...rest } = example;
    const bare = { version: 1, document: parseAgreement(JSON.stringify(rest)) };
    expect(bare.document.clearance).toEqual({
      actors: [],
      reasons: ['checkpoint', 'airport', 'hotel'],
      personsPerHour: 20,
    });
    expect(decide(bare, host('coordinator'), ofPartner).allow).toBe(false);
  });
});

describe('local hours across offset changes', () => {
  /** The local minutes of `at`, read from the formatter's parts (a second way to read the clock). */
  function referenceMinutes(at: Date, timeZone: string): number {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    }).formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return part('hour') * 60 + part('minute');
  }
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

  // Zones whose offset changes on the hour, at a half hour (St John's: 05:30 UTC) or by half
  // an hour (Lord Howe), one with a 45-minute offset, and the example agreement's.
  const transitions: [string, string][] = [
    ['Europe/London', '2026-03-29T01:00:00Z'],
    ['America/St_Johns', '2026-03-08T05:30:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
    ['Asia/Kathmandu', '2026-03-01T00:00:00Z'],
    ['Asia/Karachi', '2026-12-01T00:00:00Z'],
  ];
  const hours = [
    { from: '06:00', to: '18:00' },
    { from: '22:00', to: '05:30' },
  ];
  it.each(transitions)('reads %s as its clock does around %s', (timeZone, change) => {
    for (
      let at = Date.parse(change) - 6 * 3_600_000;
      at < Date.parse(change) + 6 * 3_600_000;
      at += 433_000
    ) {
      const local = referenceMinutes(new Date(at), timeZone);
      for (const h of hours) {
        const [from, to] = [minutes(h.from), minutes(h.to)];
        const within = from <= to ? local >= from && local < to : local >= from || local < to;
        expect(withinHours(h, new Date(at), timeZone), `${new Date(at).toISOString()} ${h.from}`).toBe(
          within,
        );
        const left = within ? ((to - local + 1440) % 1440 || 1440) * 60_000 - (at % 60_000) : 0;
        expect(hoursLeftAt(h, new Date(at), timeZone)).toBe(left);
      }
    }
  });
});
