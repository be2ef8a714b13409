import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import {
  createRefusalCases,
  expectDeactivatedOnce,
  expectOwnPartyOnly,
  listOf,
  ownedByOther,
  pageThrough,
  patchRefusalCases,
  perimeter,
  recordRequests,
  registryRecordCases,
  sitePayload,
} from '../../test/helpers/registry.js';
import { auditCount, expectAudited, expectError, queryRefusalCases } from '../../test/helpers/routes.js';

const t = useTestApp({ each: true, setup: putAgreementInForce });

const sites = recordRequests(t, 'sites');

registryRecordCases(t, {
  record: 'site',
  change: { name: 'Changed' },
  row: sites.row,
  others: [
    ownedByOther(
      "changes to another party's site it sees (clause ownership)",
      () => sites.create('ssd:coordinator', { name: 'Host base', kind: 'base' }),
      'ssd',
      ['cso:admin', 'cso:coordinator'],
    ),
  ],
});

describe('POST /api/v1/sites', () => {
  it("registers a site of the caller's party with one audit entry", async () => {
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/sites',
      payload: sitePayload({ perimeter }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string }>();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      partyId: 'cso',
      name: 'Dasu camp',
      kind: 'camp',
      perimeter,
      protectionLevel: 3,
      city: 'Dasu',
      location: { precision: 'exact', lat: 35.2912, lon: 73.2906 },
      withheld: [],
      agreementVersion: 1,
    });
    const stored = await sites.row(body.id);
    expect({ ...stored, lat: Number(stored.lat), lon: Number(stored.lon) }).toMatchObject({
      party_id: 'cso',
      name: 'Dasu camp',
      kind: 'camp',
      lat: 35.2912,
      lon: 73.2906,
      protection_level: 3,
      city: 'Dasu',
      active: 1,
      is_demo: 0,
    });
    expect(JSON.parse(stored.perimeter!)).toEqual(perimeter);
    await expectAudited(t, 'site.created', body.id, {
      by: t.users['cso:coordinator']!.id,
      party: 'cso',
      fields: ['city', 'kind', 'lat', 'lon', 'name', 'perimeter', 'protection_level'],
    });
  });

  const open = { ...perimeter, coordinates: [perimeter.coordinates[0]!.slice(0, 4)] };
  createRefusalCases(
    t,
    { url: '/api/v1/sites', table: 'sites', who: 'cso:coordinator', payload: sitePayload },
    [
      ['no name', { name: undefined }, 'body.name'],
      ['an unknown kind', { kind: 'castle' }, 'body.kind'],
      ['a latitude past the pole', { lat: 91 }, 'body.lat'],
      ['a longitude past the date line', { lon: -181 }, 'body.lon'],
      ['protection level 7', { protectionLevel: 7 }, 'body.protectionLevel'],
      ['protection level 0', { protectionLevel: 0 }, 'body.protectionLevel'],
      ['a perimeter whose ring does not close', { perimeter: open }, 'body.perimeter'],
      [
        'a perimeter that is not a polygon',
        { perimeter: { type: 'Point', coordinates: [73, 35] } },
        'body.perimeter.type',
      ],
    ],
  );
});

describe('GET /api/v1/sites/:id', () => {
  it('shows the host a partner site whole but the city, exactly, and coarsely to its observers', async () => {
    const id = await sites.create('cso:coordinator', { perimeter });
    const res = await sites.get('ssd:coordinator', id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id,
      partyId: 'cso',
      name: 'Dasu camp',
      kind: 'camp',
      perimeter,
      protectionLevel: 3,
      location: { precision: 'exact', lat: 35.2912, lon: 73.2906 },
      withheld: ['city'],
      agreementVersion: 1,
    });
    const observer = await sites.get('ssd:observer', id);
    expect(observer.json()).toMatchObject({ location: { precision: 'area', cellKm: expect.any(Number) } });
    expect(observer.body).not.toContain('35.2912');
    // Issue 7, finding 9: the perimeter says where the site is, so the observer does not get it.
    expect(observer.json()).not.toHaveProperty('perimeter');
    expect(observer.json<{ withheld: string[] }>().withheld).toEqual(['city', 'perimeter']);
    expect(observer.body).not.toContain('73.28');
  });

  it('shows the partner only the name and kind of a host site, its area or nothing of where', async () => {
    const id = await sites.create('ssd:coordinator', { name: 'Host base', perimeter });
    const res = await sites.get('cso:coordinator', id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id,
      partyId: 'ssd',
      name: 'Host base',
      kind: 'camp',
      location: {
        precision: 'area',
        lat: expect.any(Number),
        lon: expect.any(Number),
        cellKm: expect.any(Number),
      },
      withheld: ['city', 'perimeter', 'protectionLevel'],
      agreementVersion: 1,
    });
    expect(res.body).not.toContain('35.2912');
    const admin = await sites.get('cso:admin', id);
    expect(admin.json()).toMatchObject({
      location: null,
      withheld: ['city', 'location', 'perimeter', 'protectionLevel'],
    });
  });
});

describe('PATCH /api/v1/sites/:id', () => {
  it('changes only the fields sent, with an audit entry naming them', async () => {
    const id = await sites.create('cso:coordinator', { perimeter });
    const res = await sites.patch('cso:admin', id, { protectionLevel: 5, city: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Dasu camp',
      kind: 'camp',
      perimeter,
      protectionLevel: 5,
      city: null,
    });
    expect(await sites.row(id)).toMatchObject({ protection_level: 5, city: null, name: 'Dasu camp' });
    await expectAudited(t, 'site.updated', id, {
      by: t.users['cso:admin']!.id,
      party: 'cso',
      fields: ['city', 'protection_level'],
    });
    const cleared = await sites.patch('cso:admin', id, { perimeter: null });
    expect(cleared.json()).toMatchObject({ perimeter: null, protectionLevel: 5 });
    const before = await auditCount(t);
    expect((await sites.patch('cso:admin', id, {})).statusCode).toBe(200);
    expect(await auditCount(t)).toBe(before);
  });

  patchRefusalCases(
    t,
    { url: '/api/v1/sites', who: 'cso:coordinator', record: sitePayload(), row: sites.row },
    [
      ['a latitude past the pole', { lat: 100 }, 'body.lat'],
      ['an unknown kind', { kind: 'castle' }, 'body.kind'],
      ['a fractional protection level', { protectionLevel: 2.5 }, 'body.protectionLevel'],
    ],
  );
});

describe('POST /api/v1/sites/:id/deactivate', () => {
  it('deactivates once, keeps the record, and drops it from lists unless asked', async () => {
    const id = await sites.create('ssd:coordinator');
    await expectDeactivatedOnce(
      t,
      { record: 'site', id, who: 'ssd:admin', again: 'ssd:admin', party: 'ssd', viewer: 'cso:analyst' },
      sites.row,
    );
    expect(await listOf(t, 'cso:analyst', '/api/v1/sites?includeInactive=true')).toHaveLength(1);
  });
});

describe('GET /api/v1/sites', () => {
  it('lists both parties’ sites by name, as each may see them, filtered by kind', async () => {
    await sites.create('cso:coordinator', { name: 'Karachi office', kind: 'office' });
    await sites.create('cso:coordinator', { name: 'Dasu camp' });
    await sites.create('ssd:coordinator', { name: 'Gwadar base', kind: 'base' });
    const partner = await listOf<{ name: string; withheld: string[] }>(t, 'cso:analyst', '/api/v1/sites');
    expect(partner.map((s) => [s.name, s.withheld])).toEqual([
      ['Dasu camp', []],
      ['Gwadar base', ['city', 'perimeter', 'protectionLevel']],
      ['Karachi office', []],
    ]);
    const offices = await listOf<{ name: string }>(t, 'ssd:analyst', '/api/v1/sites?kind=office');
    expect(offices.map((s) => s.name)).toEqual(['Karachi office']);
  });

  queryRefusalCases(t, 'cso:analyst', '/api/v1/sites', [
    ['kind=castle', 'querystring.kind'],
    ['limit=0', 'querystring.limit'],
    ['after=xyz', 'querystring.after'],
  ]);

  it('pages through every row exactly once', async () => {
    for (const name of ['A', 'B', 'B', 'C', 'D']) {
      await sites.create('ssd:coordinator', { name: `Host ${name}` });
      await sites.create('cso:coordinator', { name: `Guest ${name}` });
    }
    const all = await pageThrough<{ id: string; name: string }>(t, 'cso:analyst', '/api/v1/sites?limit=3');
    expect(all.items).toHaveLength(10);
    expect(new Set(all.items.map((s) => s.id)).size).toBe(10);
    expect(all.items.map((s) => s.name)).toEqual([...all.items.map((s) => s.name)].sort());
    expect(all.pages).toBe(4);
  });
});

describe('before any agreement is in force', () => {
  // An app of its own: the file's has an agreement in force.
  const fresh = useTestApp();

  it('shows each party only its own sites', async () => {
    const id = await expectOwnPartyOnly(fresh, {
      owner: 'ssd:coordinator',
      other: 'cso:coordinator',
      url: '/api/v1/sites',
      payload: sitePayload(),
      notFound: 'site_not_found',
    });
    expectError(
      await fresh.request('cso:admin', {
        method: 'PATCH',
        url: `/api/v1/sites/${id}`,
        payload: { name: 'x' },
      }),
      404,
      'site_not_found',
    );
  });
});
