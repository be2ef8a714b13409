import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PartyKind, Role } from '../access/actor.js';
import { parseAgreement, unitKinds, type UnitKind } from './agreement.schema.js';
import { coarsen } from './location.js';
import { decide, type PolicyActor } from './policy.js';
import { share, type ShareableRecord, visibleOwners } from './share.js';

const example = parseAgreement(
  readFileSync(new URL('../../docs/agreement.example.yaml', import.meta.url), 'utf8'),
);
// A second partner, so the partner-to-partner clauses apply; 'xyz' is party to nothing.
const agreement = {
  version: 3,
  document: { ...example, parties: { host: 'ssd', partners: ['cso', 'cpec'] } },
};

const host = (...roles: Role[]): PolicyActor => ({ partyId: 'ssd', partyKind: 'host', roles });
const partner = (...roles: Role[]): PolicyActor => ({ partyId: 'cso', partyKind: 'partner', roles });
const otherPartner = (...roles: Role[]): PolicyActor => ({ partyId: 'cpec', partyKind: 'partner', roles });

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

const karachi = { lat: 24.8607, lon: 67.0011 };
const person: ShareableRecord = {
  id: 'p1',
  partyId: 'cso',
  partyKind: 'partner',
  fields: {
    name: 'Zhang Wei',
    nativeName: '张伟',
    nationality: 'CN',
    employer: 'Demo Power Co.',
    siteId: 's1',
    status: 'in_country',
    phone: '+92 300 0000000',
    passportNumber: 'E12345678',
    bloodGroup: 'O+',
    emergencyContact: 'Li Na, +86 138 0000 0000',
  },
  location: karachi,
};

describe('share: partner persons seen by the host', () => {
  const always = ['name', 'nativeName', 'nationality', 'employer', 'siteId', 'status', 'phone'];

  it.each([
    [{}, [...always]],
    [{ clearance: true }, [...always, 'passportNumber']],
    [{ inMovement: true }, [...always, 'bloodGroup']],
    [{ sos: true }, [...always, 'bloodGroup']],
    [{ riskLevel: 6 }, [...always]],
  ])('in context %o the host coordinator sees %o', (context, visible) => {
    const shared = share(agreement, host('coordinator'), 'person', person, context)!;
    expect(Object.keys(shared.fields).sort()).toEqual([...visible].sort());
    expect(shared.withheld).toContain('emergencyContact');
    expect(JSON.stringify(shared)).not.toContain('Li Na');
  });

  it.each([
    ['admin', {}, 'none'],
    ['observer', { sos: true }, 'none'],
    ['coordinator', {}, 'area'],
    ['commander', {}, 'area'],
    ['analyst', { riskLevel: 4 }, 'area'],
    ['coordinator', { inMovement: true }, 'exact'],
    ['commander', { sos: true }, 'exact'],
    ['analyst', { riskLevel: 5 }, 'exact'],
  ] as const)('a host %s in context %o sees the location at precision %s', (role, context, precision) => {
    const shared = share(agreement, host(role), 'person', person, context)!;
    if (precision === 'none') {
      expect(shared.location).toBeNull();
      expect(shared.withheld).toContain('location');
    } else if (precision === 'area') {
      expect(shared.location).toEqual(coarsen(karachi));
      expect(Math.abs(shared.location!.lat - karachi.lat)).toBeLessThan(0.2);
      expect(shared.location!.lat).not.toBe(karachi.lat);
    } else {
      expect(shared.location).toEqual({ precision: 'exact', ...karachi });
    }
  });

  it('shows the owner everything, exactly', () => {
    const shared = share(agreement, partner('person'), 'person', person)!;
    expect(shared.fields).toEqual(person.fields);
    expect(shared.location).toEqual({ precision: 'exact', ...karachi });
    expect(shared.withheld).toEqual([]);
    expect(shared.agreementVersion).toBe(3);
  });

  it('shows another partner nothing', () => {
    expect(share(agreement, otherPartner('admin'), 'person', person)).toBeNull();
  });
});

describe('share: host units seen by the partner', () => {
  const unit: ShareableRecord = {
    id: 'u1',
    partyId: 'ssd',
    partyKind: 'host',
    fields: {
      kind: 'armed_escort',
      callSign: 'Falcon-1',
      strength: 12,
      vehicles: 3,
      armouredVehicles: 1,
      status: 'available',
      weapons: 'G3 rifles',
      baseSiteId: 's9',
    },
    location: karachi,
  };
  it('shows kind and strength, never weapons or the base', () => {
    const shared = share(agreement, partner('coordinator'), 'unit', unit)!;
    expect(shared.fields).toEqual({
      kind: 'armed_escort',
      callSign: 'Falcon-1',
      strength: 12,
      vehicles: 3,
      armouredVehicles: 1,
      status: 'available',
    });
    expect(shared.withheld).toEqual(['baseSiteId', 'weapons']);
  });
  it.each([
    ['coordinator', {}, 'area'],
    ['coordinator', { inMovement: true }, 'exact'],
    ['coordinator', { riskLevel: 6 }, 'area'],
    ['person', { inMovement: true }, 'none'],
    ['observer', {}, 'none'],
  ] as const)('a partner %s in context %o sees precision %s', (role, context, precision) => {
    const shared = share(agreement, partner(role), 'unit', unit, context)!;
    expect(shared.location?.precision ?? 'none').toBe(precision);
  });
  it('shows the partner no host person records', () => {
    expect(
      share(agreement, partner('coordinator'), 'person', { ...person, partyId: 'ssd', partyKind: 'host' }),
    ).toBeNull();
  });
});

describe('share: sites', () => {
  const site: ShareableRecord = {
    id: 's1',
    partyId: 'cso',
    partyKind: 'partner',
    fields: { name: 'Dasu camp', kind: 'camp', protectionLevel: 4, perimeter: null },
    location: karachi,
  };
  it('the host sees partner sites exactly, observers by area', () => {
    expect(share(agreement, host('commander'), 'site', site)!.location).toEqual({
      precision: 'exact',
      ...karachi,
    });
    expect(share(agreement, host('observer'), 'site', site)!.location!.precision).toBe('area');
  });
  it('the partner sees host sites by name and kind only, by area', () => {
    const hostSite = { ...site, partyId: 'ssd', partyKind: 'host' as const };
    const shared = share(agreement, partner('coordinator'), 'site', hostSite)!;
    expect(shared.fields).toEqual({ name: 'Dasu camp', kind: 'camp' });
    expect(shared.location!.precision).toBe('area');
  });
});
