import { describe, expect, it } from 'vitest';
import { latestAudit } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { ownedRecordCases } from '../../test/helpers/owned-records.js';
import { expectError, parsedAudit, queryRefusalCases, rowById, rowCount } from '../../test/helpers/routes.js';

const karachi = {
  date: '2024-10-06',
  province: 'Sindh',
  place: 'Karachi airport',
  lat: 24.9,
  lon: 67.16,
  type: 'suicide_attack',
  subType: 'vehicle-borne',
  perpetrator: 'Balochistan Liberation Army (Majeed Brigade)',
  claimed: true,
  target: 'foreign_nationals',
  killed: { civilians: 1, foreignNationals: 2, best: 3 },
  wounded: { best: 17, low: 10, high: 20 },
  status: 'reported',
  sources: [
    {
      publisher: 'Dawn',
      url: 'https://www.dawn.com/',
      published: '2024-10-07',
      reliability: 'B',
      credibility: 2,
    },
  ],
};

describe('incident routes', () => {
  const t = useTestApp();
  let id: string;

  it('records an incident as the analyst party’s account, with its audit entry', async () => {
    const res = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: karachi,
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({
      province: 'Sindh',
      geoPrecision: 'exact',
      // One figure given is low, best and high alike (issue 9, part 1).
      killed: { best: 3, foreignNationals: 2, civilians: 1, low: 3, high: 3 },
      wounded: { best: 17, low: 10, high: 20 },
      claimed: true,
      accounts: 1,
    });
    const row = await rowById(t, 'incidents')(id);
    expect(row).toMatchObject({
      h3_cell: expect.stringMatching(/^85/),
      killed_best: 3,
      dedupe_key: '2024-10-06|karachi airport|3',
    });
    const created = parsedAudit((await latestAudit(t.db))[0]);
    expect(created).toMatchObject({
      action: 'incident.created',
      entity_type: 'incident',
      entity_id: id,
      party_id: 'ssd',
    });
    // The stored columns it set, by their stored names; none it left empty.
    expect(created.fields).toEqual(expect.arrayContaining(['date', 'h3_cell', 'killed_best', 'wounded_low']));
    // killed_low is now set from the one figure given (issue 9, part 1); killed_security is left empty.
    expect(created.fields).toContain('killed_low');
    expect(created.fields).not.toContain('killed_security');
    expect(created.fields).not.toContain('killed');
  });

  it('keeps each party’s account and reconciles them without overwriting either', async () => {
    const res = await t.request('cso:analyst', {
      method: 'PUT',
      url: `/api/v1/incidents/${id}/accounts/mine`,
      payload: { ...karachi, killed: { best: 3, foreignNationals: 2, civilians: 1 }, status: 'confirmed' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', accounts: 2 });
    // Only what the reconciled record changed is named.
    expect(parsedAudit((await latestAudit(t.db))[0])).toMatchObject({
      action: 'incident.account_filed',
      party_id: 'cso',
      fields: ['status'],
    });
    const revised = await t.request('ssd:analyst', {
      method: 'PUT',
      url: `/api/v1/incidents/${id}/accounts/mine`,
      payload: { ...karachi, status: 'disputed', statusStatement: 'Official toll under review' },
    });
    expect(revised.json()).toMatchObject({ status: 'confirmed', accounts: 2 });
    const detail = (
      await t.request('ssd:observer', { method: 'GET', url: `/api/v1/incidents/${id}` })
    ).json();
    expect(detail.accounts.map((a: { partyId: string }) => a.partyId).sort()).toEqual(['cso', 'ssd']);
    expect(detail.differences).toEqual([{ field: 'status', values: { ssd: 'disputed', cso: 'confirmed' } }]);
    const history = await t.db
      .selectFrom('incident_accounts')
      .select(['party_id', 'revision', 'superseded_at'])
      .where('incident_id', '=', id)
      .orderBy('revision')
      .orderBy('party_id')
      .execute();
    expect(history.map((h) => [h.party_id, h.revision, h.superseded_at === null])).toEqual([
      ['cso', 1, true],
      ['ssd', 1, false],
      ['ssd', 2, true],
    ]);
  });

  it('lists with filters and pages, and maps as GeoJSON', async () => {
    await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: {
        ...karachi,
        date: '2024-08-26',
        province: 'Baluchistan',
        place: 'Musakhel',
        lat: 30.86,
        lon: 69.82,
        type: 'armed_assault',
        killed: { best: 23 },
        target: 'civilians',
      },
    });
    await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: {
        ...karachi,
        date: '2024-03-26',
        province: 'KPK',
        place: 'Besham',
        lat: undefined,
        lon: undefined,
        killed: { best: 6 },
      },
    });
    const all = await t.request('cso:observer', { method: 'GET', url: '/api/v1/incidents?limit=2' });
    expect(all.json().items.map((i: { date: string }) => i.date)).toEqual(['2024-10-06', '2024-08-26']);
    const page2 = await t.request('cso:observer', {
      method: 'GET',
      url: `/api/v1/incidents?limit=2&after=${all.json().next}`,
    });
    expect(page2.json().items.map((i: { province: string }) => i.province)).toEqual(['Khyber Pakhtunkhwa']);
    const baloch = await t.request('cso:observer', {
      method: 'GET',
      url: '/api/v1/incidents?province=Balochistan&from=2024-01-01&to=2024-12-31',
    });
    expect(baloch.json().items).toHaveLength(1);
    expect(
      (
        await t.request('cso:observer', {
          method: 'GET',
          url: '/api/v1/incidents?type=suicide_attack&target=foreign_nationals',
        })
      ).json().items,
    ).toHaveLength(2);
    const geo = (await t.request('cso:observer', { method: 'GET', url: '/api/v1/incidents.geojson' })).json();
    expect(geo.features).toHaveLength(2);
    expect(geo.features[0].geometry).toEqual({ type: 'Point', coordinates: [67.16, 24.9] });
  });

  it('refuses the anonymous, roles that may not write, bad tolls, and unknown incidents', async () => {
    expectError(await t.request(null, { method: 'GET', url: '/api/v1/incidents' }), 401, 'unauthenticated');
    expectError(await t.request('cso:person', { method: 'GET', url: '/api/v1/incidents' }), 403, 'forbidden');
    expectError(
      await t.request('ssd:coordinator', { method: 'POST', url: '/api/v1/incidents', payload: karachi }),
      403,
      'forbidden',
    );
    expectError(
      await t.request('ssd:analyst', {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: { ...karachi, killed: { low: 10, high: 5 } },
      }),
      400,
      'validation_failed',
      'body.killed.low',
    );
    expectError(
      await t.request('ssd:analyst', {
        method: 'POST',
        url: '/api/v1/incidents',
        payload: { ...karachi, type: 'riot' },
      }),
      400,
      'validation_failed',
      'body.type',
    );
    expectError(
      await t.request('ssd:observer', { method: 'GET', url: '/api/v1/incidents/nope' }),
      404,
      'incident_not_found',
    );
    expectError(
      await t.request('cso:analyst', {
        method: 'PUT',
        url: '/api/v1/incidents/nope/accounts/mine',
        payload: karachi,
      }),
      404,
      'incident_not_found',
    );
  });

  queryRefusalCases(t, 'cso:observer', '/api/v1/incidents', [['after=garbage', 'querystring.after']]);

  it('refuses an incident or an account dated after today anywhere, storing nothing (finding 13)', async () => {
    const count = () => rowCount(t, 'incident_accounts');
    const before = await count();
    // The test clock reads 2026-11-28T08:00Z: 22:00 on the 28th in UTC+14, nowhere yet the 29th.
    const tomorrow = { ...karachi, date: '2026-11-29', place: 'Gwadar port' };
    const created = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: tomorrow,
    });
    expectError(created, 400, 'validation_failed', 'body.date');
    const filed = await t.request('cso:analyst', {
      method: 'PUT',
      url: `/api/v1/incidents/${id}/accounts/mine`,
      payload: tomorrow,
    });
    expectError(filed, 400, 'validation_failed', 'body.date');
    expect(await count()).toBe(before);
    const today = await t.request('ssd:analyst', {
      method: 'POST',
      url: '/api/v1/incidents',
      payload: { ...tomorrow, date: '2026-11-28' },
    });
    expect(today.statusCode, today.body).toBe(201);
  });

  it('refuses a forged paging cursor holding NUL with 400 naming after, not 500 (found by the fuzzer)', async () => {
    const forged = Buffer.from('2024-01-01\u0000|x\u0000y').toString('base64url');
    const res = await t.request('ssd:observer', { method: 'GET', url: `/api/v1/incidents?after=${forged}` });
    expectError(res, 400, 'validation_failed', 'querystring.after');
    // The one cursor's form, with NUL inside: refused the same way.
    const nul = Buffer.from(JSON.stringify(['2024-01-01\u0000', 'x'])).toString('base64url');
    expectError(
      await t.request('ssd:observer', { method: 'GET', url: `/api/v1/incidents?after=${nul}` }),
      400,
      'validation_failed',
      'querystring.after',
    );
  });

  it('refuses a period that starts after it ends, on the list and the map alike', async () => {
    for (const url of ['/api/v1/incidents', '/api/v1/incidents.geojson']) {
      const res = await t.request('ssd:observer', {
        method: 'GET',
        url: `${url}?from=2024-09-30&to=2024-07-01`,
      });
      expectError(res, 400, 'validation_failed', 'querystring.from');
    }
  });

  ownedRecordCases(t, {
    record: 'incident',
    routes: (incidentId) => [
      { method: 'GET', url: `/api/v1/incidents/${incidentId}` },
      { method: 'PUT', url: `/api/v1/incidents/${incidentId}/accounts/mine`, payload: karachi },
    ],
    notFound: 'incident_not_found',
    caller: 'ssd:admin',
    row: (incidentId) =>
      t.db.selectFrom('incidents').selectAll().where('id', '=', incidentId).executeTakeFirstOrThrow(),
  });
});
