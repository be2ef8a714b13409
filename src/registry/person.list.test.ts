import { describe, expect, it } from 'vitest';
import { latestAudit } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { create, listOf, pageThrough, personPayload, sitePayload } from '../../test/helpers/registry.js';
import { auditCount, expectError, parsedAudit } from '../../test/helpers/routes.js';

/** GET /api/v1/persons: filters, search, paging, and only what the agreement shares. */

const t = useTestApp({ each: true, setup: putAgreementInForce });

const names = (items: { name?: string }[]) => items.map((p) => p.name);

describe('GET /api/v1/persons', () => {
  async function seed() {
    const dasu = await create(t, 'cso:coordinator', '/api/v1/sites', sitePayload());
    const people = [
      personPayload({ name: 'Wang Wei', siteId: dasu, passportNumber: 'E10000001' }),
      personPayload({ name: 'Li Na', nativeName: '李娜', siteId: dasu, passportNumber: 'E10000002' }),
      personPayload({ name: 'Zhang Min', status: 'away', passportNumber: 'E10000003' }),
      personPayload({ name: 'Sana Malik', nativeName: null, nationality: 'PK', passportNumber: null }),
    ];
    for (const p of people) await create(t, 'cso:coordinator', '/api/v1/persons', p);
    await create(
      t,
      'ssd:coordinator',
      '/api/v1/persons',
      personPayload({ name: 'Wang Host', passportNumber: 'H10000001' }),
    );
    return { dasu };
  }

  it('filters by site, nationality, status and name in any case, by name order', async () => {
    const { dasu } = await seed();
    const list = (who: string, query: string) => listOf<{ name: string }>(t, who, `/api/v1/persons?${query}`);
    expect(names(await list('cso:analyst', ''))).toEqual(['Li Na', 'Sana Malik', 'Wang Wei', 'Zhang Min']);
    expect(names(await list('ssd:analyst', ''))).toEqual([
      'Li Na',
      'Sana Malik',
      'Wang Host',
      'Wang Wei',
      'Zhang Min',
    ]);
    expect(names(await list('cso:analyst', `siteId=${dasu}`))).toEqual(['Li Na', 'Wang Wei']);
    expect(names(await list('cso:analyst', 'nationality=pk'))).toEqual(['Sana Malik']);
    expect(names(await list('cso:analyst', 'status=away'))).toEqual(['Zhang Min']);
    expect(names(await list('cso:analyst', 'q=WANG'))).toEqual(['Wang Wei']);
    expect(names(await list('ssd:analyst', 'q=wang'))).toEqual(['Wang Host', 'Wang Wei']);
    expect(names(await list('cso:analyst', 'q=李'))).toEqual(['Li Na']);
    expect(names(await list('cso:analyst', 'q=%25'))).toEqual([]);
    expect(names(await list('cso:analyst', 'q=_'))).toEqual([]);
    expect(names(await list('cso:analyst', 'employer=Demo%20Hydro&status=in_country'))).toHaveLength(3);
  });

  it('finds a passport number exactly, only where the viewer may see it', async () => {
    await seed();
    const list = (who: string, query: string) =>
      listOf<{ name: string; passportNumber?: string }>(t, who, `/api/v1/persons?${query}`);
    expect(await list('cso:analyst', 'passportNumber=e10000002')).toMatchObject([
      { name: 'Li Na', passportNumber: 'E10000002' },
    ]);
    expect(await list('cso:analyst', 'passportNumber=E1000000')).toEqual([]);
    expect(await list('cso:analyst', 'passportNumber=H10000001')).toEqual([]);
    expect(await list('ssd:coordinator', 'passportNumber=E10000002')).toEqual([]);
    const before = await auditCount(t);
    expect(
      await list(
        'ssd:coordinator',
        'passportNumber=E10000002&purpose=clearance&reason=checkpoint&reference=CP7-118',
      ),
    ).toMatchObject([{ name: 'Li Na', passportNumber: 'E10000002' }]);
    expect(parsedAudit((await latestAudit(t.db))[0])).toMatchObject({
      action: 'person.clearance_viewed',
      actor_id: t.users['ssd:coordinator']!.id,
      party_id: 'cso',
      details: { reason: 'checkpoint', reference: 'CP7-118' },
    });
    expect(await auditCount(t)).toBe(before + 1);
    expect(await list('ssd:coordinator', 'passportNumber=H10000001')).toMatchObject([{ name: 'Wang Host' }]);
  });

  it('records every passport a clearance list discloses to another party', async () => {
    await seed();
    const before = await auditCount(t);
    const items = await listOf<{ passportNumber?: string }>(
      t,
      'ssd:coordinator',
      '/api/v1/persons?purpose=clearance&reason=airport&reference=JIAP-2026-0042',
    );
    const disclosed = items.filter((p) => p.passportNumber?.startsWith('E'));
    expect(disclosed).toHaveLength(3);
    const entries = (await latestAudit(t.db, 3)).map(parsedAudit);
    expect(await auditCount(t)).toBe(before + 3);
    expect(entries.every((e) => e.action === 'person.clearance_viewed' && e.party_id === 'cso')).toBe(true);
  });

  it('pages through every row exactly once, never a row of a party the agreement does not share', async () => {
    for (const i of [1, 2, 3]) {
      await create(t, 'ssd:coordinator', '/api/v1/persons', personPayload({ name: `Host ${i}` }));
      await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: `Guest ${i}` }));
    }
    // Two with the same name, so the cursor has to break the tie by id.
    await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: 'Guest 2' }));
    const partner = await pageThrough<{ id: string; name: string; partyId: string }>(
      t,
      'cso:analyst',
      '/api/v1/persons?limit=2',
    );
    expect(partner.items.map((p) => p.name)).toEqual(['Guest 1', 'Guest 2', 'Guest 2', 'Guest 3']);
    expect(new Set(partner.items.map((p) => p.id)).size).toBe(4);
    expect(partner.items.every((p) => p.partyId === 'cso')).toBe(true);
    // Two full pages and no empty third: a page says there is a next one only when there is.
    expect(partner.pages).toBe(2);
    const host = await pageThrough<{ id: string }>(t, 'ssd:analyst', '/api/v1/persons?limit=2');
    expect(new Set(host.items.map((p) => p.id)).size).toBe(7);
    expect(host.items).toHaveLength(7);
  });

  for (const [query, field] of <const>[
    ['limit=0', 'querystring.limit'],
    ['limit=501', 'querystring.limit'],
    ['nationality=CHN', 'querystring.nationality'],
    ['status=gone', 'querystring.status'],
    ['passportNumber=E1', 'querystring.passportNumber'],
    ['after=bm90LWEtY3Vyc29y', 'querystring.after'],
  ]) {
    it(`answers 400 validation_failed naming ${field} for ?${query}`, async () => {
      expectError(
        await t.request('cso:analyst', { method: 'GET', url: `/api/v1/persons?${query}` }),
        400,
        'validation_failed',
        field,
      );
    });
  }
});
