import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import {
  createRefusalCases,
  expectDeactivatedOnce,
  expectOwnPartyOnly,
  listOf,
  ownedByOther,
  patchRefusalCases,
  personPayload,
  recordRequests,
  registryRecordCases,
} from '../../test/helpers/registry.js';
import { auditCount, expectAudited, expectError, expectNoSecrets } from '../../test/helpers/routes.js';

const t = useTestApp({ each: true, setup: putAgreementInForce });

const persons = recordRequests(t, 'persons');
const sites = recordRequests(t, 'sites');
const names = (items: { name?: string }[]) => items.map((p) => p.name);
/** A clearance as a checkpoint asks for one: its reason and the log number it answers. */
const clearance = '?purpose=clearance&reason=checkpoint&reference=CP7-118';

registryRecordCases(t, {
  record: 'person',
  change: { name: 'Changed' },
  row: persons.row,
  others: [
    {
      what: "the host's person, which the partner does not see",
      create: () => persons.create('ssd:coordinator', { name: 'Host Person' }),
      status: 404,
      code: 'person_not_found',
    },
    ownedByOther(
      "the host's changes to a partner person it sees (clause ownership)",
      () => persons.create('cso:coordinator'),
      'cso',
      ['ssd:admin'],
    ),
  ],
});

describe('GET /api/v1/persons', () => {
  it("never lists the host's persons to the partner", async () => {
    await persons.create('ssd:coordinator', { name: 'Host Person' });
    expect(await listOf(t, 'cso:admin', '/api/v1/persons')).toEqual([]);
    expect(await listOf(t, 'cso:admin', '/api/v1/persons?q=host&includeInactive=true')).toEqual([]);
    expect(await listOf(t, 'cso:admin', '/api/v1/persons?passportNumber=E12345678')).toEqual([]);
  });
});

describe('POST /api/v1/persons', () => {
  it("registers a person of the caller's party, encrypted at rest, with one audit entry", async () => {
    const payload = personPayload();
    const res = await t.request('cso:coordinator', { method: 'POST', url: '/api/v1/persons', payload });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string }>();
    const { status, ...rest } = payload;
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      partyId: 'cso',
      ...rest,
      status,
      siteId: null,
      location: null,
      withheld: [],
      agreementVersion: 1,
    });
    const stored = await persons.row(body.id);
    expect(stored).toMatchObject({
      party_id: 'cso',
      name: 'Wang Wei',
      nationality: 'CN',
      active: 1,
      is_demo: 0,
    });
    expect(JSON.stringify(stored)).not.toContain('E12345678');
    expect(JSON.stringify(stored)).not.toContain('1234567');
    const audit = await expectAudited(t, 'person.created', body.id, {
      by: t.users['cso:coordinator']!.id,
      party: 'cso',
      fields: [
        'blood_group',
        'emergency_contact_enc',
        'employer',
        'name',
        'nationality',
        'native_name',
        'passport_enc',
        'phone_enc',
        'status',
      ],
    });
    expectNoSecrets(audit, ['E12345678', '1234567', 'Wang Wei', 'Li Na']);
  });

  it('takes a minimal person: defaults, upper-case nationality, blanks as nothing, an own site', async () => {
    const siteId = await sites.create('cso:coordinator');
    const res = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/persons',
      payload: { name: ' Sana Malik ', nationality: 'pk', passportNumber: '', phone: '', siteId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Sana Malik',
      nationality: 'PK',
      passportNumber: null,
      phone: null,
      nativeName: null,
      bloodGroup: null,
      siteId,
      status: 'in_country',
    });
  });

  createRefusalCases(
    t,
    { url: '/api/v1/persons', table: 'persons', who: 'cso:coordinator', payload: personPayload },
    [
      ['no name', { name: undefined }, 'body.name'],
      ['a blank name', { name: '   ' }, 'body.name'],
      ['a three-letter nationality', { nationality: 'CHN' }, 'body.nationality'],
      ['a short passport number', { passportNumber: 'AB1' }, 'body.passportNumber'],
      ['a phone of letters', { phone: 'call me' }, 'body.phone'],
      ['an unknown blood group', { bloodGroup: 'Z+' }, 'body.bloodGroup'],
      ['an unknown status', { status: 'gone' }, 'body.status'],
      ['an unknown site', { siteId: 'nowhere' }, 'body.siteId'],
    ],
  );

  it("answers 400 naming siteId for another party's site, even one it sees", async () => {
    const hostSite = await sites.create('ssd:coordinator');
    expect(
      (await t.request('cso:coordinator', { method: 'GET', url: `/api/v1/sites/${hostSite}` })).statusCode,
    ).toBe(200);
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/persons',
      payload: personPayload({ siteId: hostSite }),
    });
    expectError(res, 400, 'validation_failed', 'body.siteId');
  });
});

describe('GET /api/v1/persons/:id', () => {
  it('shows the host what the agreement shares of a partner person, and says what it withholds', async () => {
    const id = await persons.create('cso:coordinator');
    const own = await persons.get('cso:analyst', id);
    expect(own.json()).toMatchObject({
      passportNumber: 'E12345678',
      emergencyContact: expect.any(String),
      withheld: [],
    });
    const before = await auditCount(t);
    const res = await persons.get('ssd:coordinator', id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id,
      partyId: 'cso',
      name: 'Wang Wei',
      nativeName: '王伟',
      nationality: 'CN',
      employer: 'Demo Hydro',
      phone: '+92 300 1234567',
      siteId: null,
      status: 'in_country',
      location: null,
      withheld: ['bloodGroup', 'emergencyContact', 'passportNumber'],
      agreementVersion: 1,
    });
    expect(res.body).not.toContain('E12345678');
    expect(res.body).not.toContain('Li Na');
    expect(await auditCount(t)).toBe(before);
  });

  it('shows the host the passport number for a clearance, and records that it did', async () => {
    const id = await persons.create('cso:coordinator');
    const res = await persons.get('ssd:coordinator', id, clearance);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      passportNumber: 'E12345678',
      withheld: ['bloodGroup', 'emergencyContact'],
    });
    expect(res.body).not.toContain('Li Na');
    const audit = await expectAudited(t, 'person.clearance_viewed', id, {
      by: t.users['ssd:coordinator']!.id,
      party: 'cso',
      fields: ['passport_enc'],
      details: { reason: 'checkpoint', reference: 'CP7-118' },
    });
    expectNoSecrets(audit, ['E12345678']);
  });

  it('records no clearance for its own party or a person without a passport number', async () => {
    const id = await persons.create('cso:coordinator');
    const none = await persons.create('cso:coordinator', { passportNumber: null });
    const before = await auditCount(t);
    expect((await persons.get('cso:analyst', id, clearance)).statusCode).toBe(200);
    expect((await persons.get('ssd:coordinator', none, clearance)).statusCode).toBe(200);
    expect(await auditCount(t)).toBe(before);
    expectError(
      await persons.get('ssd:coordinator', id, '?purpose=curiosity'),
      400,
      'validation_failed',
      'querystring.purpose',
    );
  });
});

describe('PATCH /api/v1/persons/:id', () => {
  it('changes only the fields sent, with an audit entry naming them', async () => {
    const id = await persons.create('cso:coordinator', { status: 'away' });
    t.clock.advance(1000);
    const res = await persons.patch('cso:admin', id, { phone: '+92 301 7654321', employer: null });
    expect(res.statusCode, res.body).toBe(200);
    // Regression: a PATCH without status left it alone instead of resetting it to in_country.
    expect(res.json()).toMatchObject({
      phone: '+92 301 7654321',
      employer: null,
      status: 'away',
      name: 'Wang Wei',
    });
    expect(await persons.row(id)).toMatchObject({
      status: 'away',
      employer: null,
      updated_at: '2026-11-28T08:00:01.000Z',
    });
    const audit = await expectAudited(t, 'person.updated', id, {
      by: t.users['cso:admin']!.id,
      party: 'cso',
      fields: ['employer', 'phone_enc'],
    });
    expectNoSecrets(audit, ['7654321']);
    const status = await persons.patch('cso:admin', id, { status: 'in_country' });
    expect(status.json()).toMatchObject({ status: 'in_country', phone: '+92 301 7654321' });
  });

  it('writes nothing for an empty change', async () => {
    const id = await persons.create('cso:coordinator');
    const before = await auditCount(t);
    const res = await persons.patch('cso:coordinator', id, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Wang Wei' });
    expect(await auditCount(t)).toBe(before);
  });

  patchRefusalCases(
    t,
    { url: '/api/v1/persons', who: 'cso:coordinator', record: personPayload(), row: persons.row },
    [
      ['a nationality with a digit', { nationality: 'C1' }, 'body.nationality'],
      ['an unknown status', { status: 'in_space' }, 'body.status'],
      ['an empty name', { name: '' }, 'body.name'],
      ['an unknown site', { siteId: 'nowhere' }, 'body.siteId'],
    ],
  );
});

describe('POST /api/v1/persons/:id/deactivate', () => {
  it('deactivates once, keeps the record, and drops it from lists unless asked', async () => {
    const id = await persons.create('cso:coordinator');
    const res = await expectDeactivatedOnce(
      t,
      {
        record: 'person',
        id,
        who: 'cso:coordinator',
        again: 'cso:admin',
        party: 'cso',
        viewer: 'cso:analyst',
      },
      persons.row,
    );
    expect(res.json()).toMatchObject({ id, name: 'Wang Wei' });
    expect(names(await listOf(t, 'ssd:analyst', '/api/v1/persons?includeInactive=true'))).toEqual([
      'Wang Wei',
    ]);
    expect((await persons.get('ssd:analyst', id)).statusCode).toBe(200);
  });
});

describe('before any agreement is in force', () => {
  // An app of its own: the file's has an agreement in force.
  const fresh = useTestApp();

  it('shows each party only its own persons, and says no version decided', async () => {
    await expectOwnPartyOnly(fresh, {
      owner: 'cso:coordinator',
      other: 'ssd:coordinator',
      url: '/api/v1/persons',
      payload: personPayload(),
      notFound: 'person_not_found',
    });
    expect(await listOf(fresh, 'cso:analyst', '/api/v1/persons')).toHaveLength(1);
  });
});
