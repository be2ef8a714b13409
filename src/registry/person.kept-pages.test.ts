import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { Database } from '../database.js';
import { connectDatabase, type DatabaseHandle } from '../platform/db/connect.js';
import { system } from '../../test/helpers/app.js';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { create, personPayload } from '../../test/helpers/registry.js';
import { expectError, signIn, withBearer, withSession } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

/**
 * GET /api/v1/persons keeps each page it serialised, under the viewing and the persons' and
 * parties' data version (issue 8, part 12). What is kept must never reach a viewing the agreement
 * shows less, nor outlive a write, a new agreement version or a revoked credential.
 */

const t = useTestApp({ each: true, setup: putAgreementInForce });

interface Listed {
  id: string;
  name: string;
  phone?: string;
  passportNumber?: string;
  emergencyContact?: string;
  withheld: string[];
}

const url = '/api/v1/persons?limit=50';

async function page(who: string, path = url) {
  const res = await t.request(who, { method: 'GET', url: path });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.body, items: res.json<{ items: Listed[] }>().items };
}

const names = (items: Listed[]) => items.map((p) => p.name);

describe('GET /api/v1/persons from kept pages', () => {
  it('never serves one viewing the page kept for another', async () => {
    await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: 'Li Na' }));
    const own = await page('cso:coordinator');
    expect(own.items).toMatchObject([{ name: 'Li Na', passportNumber: 'E12345678', withheld: [] }]);
    expect((await page('cso:coordinator')).body).toBe(own.body);

    // The same query from the host: the partner's page was kept, the host is shown what it may see.
    for (const who of ['ssd:coordinator', 'ssd:observer', 'ssd:coordinator']) {
      const { items } = await page(who);
      expect(items).toHaveLength(1);
      expect(items[0]).not.toHaveProperty('passportNumber');
      expect(items[0]).not.toHaveProperty('emergencyContact');
      expect(items[0]!.withheld).toEqual(['bloodGroup', 'emergencyContact', 'passportNumber']);
    }
    // A clearance shows the passport, and is neither served from nor kept for the plain page.
    const cleared = await page(
      'ssd:coordinator',
      `${url}&purpose=clearance&reason=checkpoint&reference=CP7-118`,
    );
    expect(cleared.items[0]).toMatchObject({ passportNumber: 'E12345678' });
    expect((await page('ssd:coordinator')).items[0]).not.toHaveProperty('passportNumber');
  });

  it('shows a write at the next read: created, changed, deactivated, or written outside the API', async () => {
    const id = await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: 'Li Na' }));
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Li Na']);
    await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: 'Wang Wei' }));
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Li Na', 'Wang Wei']);
    const changed = await t.request('cso:coordinator', {
      method: 'PATCH',
      url: `/api/v1/persons/${id}`,
      payload: { name: 'Zhao Li' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Wang Wei', 'Zhao Li']);
    const gone = await t.request('cso:coordinator', {
      method: 'POST',
      url: `/api/v1/persons/${id}/deactivate`,
    });
    expect(gone.statusCode, gone.body).toBe(200);
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Wang Wei']);
    // As the command line writes: through the service, on the same database.
    await t.services.persons.create(system, {
      ...personPayload({ name: 'Amir Khan' }),
      partyId: 'cso',
    } as never);
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Amir Khan', 'Wang Wei']);
  });

  it('shows what a new agreement version shares from the next read', async () => {
    await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: 'Li Na' }));
    expect((await page('ssd:coordinator')).items[0]).toMatchObject({ phone: '+92 300 1234567' });
    // The partner's persons' phone numbers, withheld from the host from now on.
    const phoneNever = exampleAgreement.replace('        phone: always', '        phone: never');
    expect(phoneNever).not.toBe(exampleAgreement);
    await putAgreementInForce(t, phoneNever);
    const { items } = await page('ssd:coordinator');
    expect(items[0]).not.toHaveProperty('phone');
    expect(items[0]!.withheld).toContain('phone');
  });

  it('refuses a revoked token at once, though its page is kept', async () => {
    await create(t, 'ssd:coordinator', '/api/v1/persons', personPayload({ name: 'Li Na' }));
    const cookie = await signIn(t, 'ssd-coordinator');
    const minted = await withSession(t, cookie, {
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'script' },
    });
    expect(minted.statusCode, minted.body).toBe(201);
    const { token, secret } = minted.json<{ token: { id: string }; secret: string }>();
    const list = () => withBearer(t, secret, { method: 'GET', url });
    expect((await list()).statusCode).toBe(200);
    expect((await list()).statusCode).toBe(200);
    const revoked = await withBearer(t, secret, { method: 'POST', url: `/api/v1/tokens/${token.id}/revoke` });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expectError(await list(), 401, 'unauthenticated');
  });
});

describe('GET /api/v1/persons kept on one instance, written on another', () => {
  let other: { app: FastifyInstance; handle: DatabaseHandle<Database> } | undefined;
  afterEach(async () => {
    await other?.app.close();
    await other?.handle.close();
  });

  it("shows the other instance's write at the next read", async () => {
    const handle = await connectDatabase<Database>({
      dataDir: t.database.dataDir,
      databaseUrl: t.database.databaseUrl,
    });
    const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
    const app = await buildApp({ db: handle.db, clock: t.clock, config: t.config, logStream: discard });
    other = { app, handle };
    const id = await create(t, 'cso:coordinator', '/api/v1/persons', personPayload({ name: 'Li Na' }));
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Li Na']);
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/persons/${id}`,
      payload: { name: 'Zhao Li' },
      headers: { authorization: `Bearer ${t.users['cso:coordinator']!.token}` },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(names((await page('ssd:coordinator')).items)).toEqual(['Zhao Li']);
  });
});
