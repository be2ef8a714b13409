import { describe, expect, it } from 'vitest';
import { coarsen } from './location.js';
import { share, type ShareableRecord } from './share.js';
import { agreement, host, karachi, otherPartner, partner, person } from '../../test/helpers/policy.js';

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
    const { weapons: _weapons, baseSiteId: _baseSiteId, ...shown } = unit.fields;
    expect(shared.fields).toEqual(shown);
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
