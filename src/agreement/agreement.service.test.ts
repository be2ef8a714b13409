import { describe, expect, it } from 'vitest';
import { system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { actorOf, exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { expectError, rowById } from '../../test/helpers/routes.js';
import { listOf, unitPayload } from '../../test/helpers/registry.js';

const t = useTestApp({ each: true });

/** Version 2 of the scenario: close protection becomes the host's alone. */
const hostOnlyCloseProtection = exampleAgreement.replace(
  /(close_protection:[\s\S]*?providers: )\[host, partner\]/,
  '$1[host]',
);

const statuses = async () =>
  (
    await t.db
      .selectFrom('agreement_versions')
      .select(['version', 'status', 'in_force_at', 'superseded_at'])
      .orderBy('version')
      .execute()
  ).map((r) => ({ ...r, version: Number(r.version) }));

const inForceCount = async () => (await statuses()).filter((r) => r.status === 'in_force').length;

const unit = (kind: string, callSign: string, extra: Record<string, unknown> = {}) => ({
  kind,
  callSign,
  strength: 4,
  vehicles: 1,
  armouredVehicles: 0,
  ...extra,
});

const postUnit = (who: string, payload: Record<string, unknown>) =>
  t.request(who, { method: 'POST', url: '/api/v1/units', payload });

const unitRow = rowById(t, 'units');

function expectRefusal(
  res: Awaited<ReturnType<typeof postUnit>>,
  version: number,
  clause: string,
  reason: string,
) {
  expectError(res, 403, 'agreement_refuses', 'body.kind');
  const { error } = res.json<{ error: { message: string; details: Record<string, unknown> } }>();
  expect(error.message).toBe(`Agreement v${version}, clause ${clause}: ${reason}`);
  expect(error.details).toEqual({ field: 'kind', in: 'body', clause, agreementVersion: version });
}

describe('versions and the version in force', () => {
  it('puts a version in force only when every party has signed, superseding the previous one', async () => {
    const agreements = t.services.agreements;
    expect(await agreements.inForce()).toBeNull();
    const v1 = await agreements.propose(actorOf(t, 'ssd:admin'), exampleAgreement);
    await agreements.sign(actorOf(t, 'ssd:admin'), v1.version);
    expect(await agreements.inForce()).toBeNull();
    expect(await inForceCount()).toBe(0);
    expectError(
      await t.request('cso:admin', { method: 'GET', url: '/api/v1/agreements/current' }),
      404,
      'agreement_not_found',
    );
    await agreements.sign(actorOf(t, 'cso:admin'), v1.version);
    expect((await agreements.inForce())?.version).toBe(1);

    t.clock.advance(3_600_000);
    const v2 = await agreements.propose(actorOf(t, 'cso:admin'), hostOnlyCloseProtection);
    expect(v2.version).toBe(2);
    await agreements.sign(actorOf(t, 'cso:admin'), 2);
    // Half-signed: version 1 stays in force.
    expect((await agreements.inForce())?.version).toBe(1);
    expect(await statuses()).toEqual([
      { version: 1, status: 'in_force', in_force_at: '2026-11-28T08:00:00.000Z', superseded_at: null },
      { version: 2, status: 'proposed', in_force_at: null, superseded_at: null },
    ]);
    const current = await t.request('ssd:analyst', { method: 'GET', url: '/api/v1/agreements/current' });
    expect(current.json()).toMatchObject({ version: 1 });

    t.clock.advance(60_000);
    await agreements.sign(actorOf(t, 'ssd:admin'), 2);
    expect((await agreements.inForce())?.version).toBe(2);
    expect(await statuses()).toEqual([
      {
        version: 1,
        status: 'superseded',
        in_force_at: '2026-11-28T08:00:00.000Z',
        superseded_at: '2026-11-28T09:01:00.000Z',
      },
      { version: 2, status: 'in_force', in_force_at: '2026-11-28T09:01:00.000Z', superseded_at: null },
    ]);

    // A third version: exactly one is in force at every step, and the earlier ones stay readable.
    await putAgreementInForce(t);
    expect(await inForceCount()).toBe(1);
    expect((await statuses()).map((r) => r.status)).toEqual(['superseded', 'superseded', 'in_force']);
    const old = await t.request('cso:analyst', { method: 'GET', url: '/api/v1/agreements/1' });
    expect(old.statusCode).toBe(200);
    expect(old.json()).toMatchObject({
      version: 1,
      status: 'superseded',
      source: exampleAgreement,
      supersededAt: '2026-11-28T09:01:00.000Z',
      awaiting: [],
      document: { unitKinds: { close_protection: { providers: ['host', 'partner'] } } },
    });
    const two = await t.request('cso:analyst', { method: 'GET', url: '/api/v1/agreements/2' });
    expect(two.json()).toMatchObject({
      status: 'superseded',
      document: { unitKinds: { close_protection: { providers: ['host'] } } },
    });
  });

  it('lets only a user admin propose or withdraw', async () => {
    const agreements = t.services.agreements;
    await expect(agreements.propose(system, exampleAgreement)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(agreements.propose(actorOf(t, 'cso:coordinator'), exampleAgreement)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const v1 = await agreements.propose(actorOf(t, 'cso:admin'), exampleAgreement);
    await expect(agreements.withdraw(system, v1.version)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(agreements.sign(actorOf(t, 'cso:coordinator'), v1.version)).rejects.toMatchObject({
      code: 'forbidden',
      details: { clause: 'parties', agreementVersion: v1.version },
    });
    expect((await statuses()).map((r) => r.status)).toEqual(['proposed']);
  });
});

describe('decisions follow the version in force at the time', () => {
  it('refuses every unit before any version is in force', async () => {
    const res = await postUnit('cso:coordinator', unit('close_protection', 'CP-0'));
    expectError(res, 409, 'agreement_not_in_force');
    expect(await t.db.selectFrom('units').selectAll().execute()).toEqual([]);
    await t.services.agreements.propose(actorOf(t, 'ssd:admin'), exampleAgreement);
    await t.services.agreements.sign(actorOf(t, 'ssd:admin'), 1);
    expectError(await postUnit('cso:coordinator', unit('liaison', 'L-0')), 409, 'agreement_not_in_force');
  });

  it('allows partner close protection under v1 and refuses it under v2, recording the version', async () => {
    await putAgreementInForce(t);
    const underV1 = await postUnit('cso:coordinator', unit('close_protection', 'CP-1'));
    expect(underV1.statusCode, underV1.body).toBe(201);
    const first = underV1.json<{ id: string; agreementVersion: number }>();
    expect(first.agreementVersion).toBe(1);
    expect((await unitRow(first.id)).agreement_version).toBe(1);
    expectRefusal(
      await postUnit('cso:coordinator', unit('armed_escort', 'AE-1')),
      1,
      'unitKinds.armed_escort',
      'only the host may provide armed_escort (armed)',
    );

    // v2 half-signed: still v1's rules.
    const v2 = await t.services.agreements.propose(actorOf(t, 'ssd:admin'), hostOnlyCloseProtection);
    await t.services.agreements.sign(actorOf(t, 'ssd:admin'), v2.version);
    const halfSigned = await postUnit('cso:coordinator', unit('close_protection', 'CP-2'));
    expect(halfSigned.statusCode, halfSigned.body).toBe(201);
    expect((await unitRow(halfSigned.json<{ id: string }>().id)).agreement_version).toBe(1);

    await t.services.agreements.sign(actorOf(t, 'cso:admin'), v2.version);
    const before = await t.db.selectFrom('units').select('id').execute();
    expectRefusal(
      await postUnit('cso:coordinator', unit('close_protection', 'CP-3')),
      2,
      'unitKinds.close_protection',
      'only the host may provide close_protection',
    );
    expectRefusal(
      await postUnit('cso:admin', unit('armed_escort', 'AE-2')),
      2,
      'unitKinds.armed_escort',
      'only the host may provide armed_escort (armed)',
    );
    expect(await t.db.selectFrom('units').select('id').execute()).toEqual(before);
    // Liaison is still the partner's to provide; the host's close protection is decided under v2.
    const liaison = await postUnit('cso:coordinator', unit('liaison', 'L-1'));
    expect((await unitRow(liaison.json<{ id: string }>().id)).agreement_version).toBe(2);
    const host = await postUnit('ssd:coordinator', unit('close_protection', 'CP-H'));
    expect(host.statusCode, host.body).toBe(201);
    expect((await unitRow(host.json<{ id: string }>().id)).agreement_version).toBe(2);

    // Units created under v1 stand, with the version they were allowed under.
    expect((await unitRow(first.id)).agreement_version).toBe(1);
    // Changing one's kind is a new decision under v2: to close protection again is refused.
    const liaisonId = liaison.json<{ id: string }>().id;
    const patch = await t.request('cso:coordinator', {
      method: 'PATCH',
      url: `/api/v1/units/${liaisonId}`,
      payload: { kind: 'close_protection' },
    });
    expectRefusal(patch, 2, 'unitKinds.close_protection', 'only the host may provide close_protection');
    expect((await unitRow(liaisonId)).kind).toBe('liaison');
  });

  it('applies the zone clause of the version in force to the base site’s risk level', async () => {
    await putAgreementInForce(t);
    const site = await t.services.sites.create(actorOf(t, 'cso:coordinator'), {
      name: 'Dasu camp',
      kind: 'camp',
      lat: 35.29,
      lon: 73.29,
      protectionLevel: 5,
    });
    expectRefusal(
      await postUnit('cso:coordinator', unit('close_protection', 'CP-Z', { baseSiteId: site.id })),
      1,
      'unitKinds.close_protection.zones[minRiskLevel=5]',
      'at risk level 5 and above only the host may provide close_protection',
    );
    const elsewhere = await postUnit('cso:coordinator', unit('close_protection', 'CP-Z'));
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
  });

  it('shares records under the version in force and says which', async () => {
    await putAgreementInForce(t);
    const created = await postUnit('ssd:coordinator', unit('armed_escort', 'AE-9', { weapons: 'rifles' }));
    const id = created.json<{ id: string }>().id;
    const seen = await t.request('cso:coordinator', { method: 'GET', url: `/api/v1/units/${id}` });
    expect(seen.json()).toMatchObject({ agreementVersion: 1, withheld: ['baseSiteId', 'weapons'] });
    await putAgreementInForce(t, hostOnlyCloseProtection);
    const again = await t.request('cso:coordinator', { method: 'GET', url: `/api/v1/units/${id}` });
    expect(again.json()).toMatchObject({ agreementVersion: 2, withheld: ['baseSiteId', 'weapons'] });
    // The unit was allowed under v1, and that does not change by reading it.
    expect((await unitRow(id)).agreement_version).toBe(1);
  });
});

describe('before any agreement is in force', () => {
  it('refuses every unit with 409 agreement_not_in_force and shows no other party’s units', async () => {
    for (const who of ['ssd:coordinator', 'cso:coordinator']) {
      const res = await t.request(who, {
        method: 'POST',
        url: '/api/v1/units',
        payload: unitPayload(),
      });
      expectError(res, 409, 'agreement_not_in_force');
    }
    expect(await t.db.selectFrom('units').select('id').execute()).toEqual([]);
    // A unit row as a restored backup could hold it: no agreement is in force to share it.
    await t.db
      .insertInto('units')
      .values({
        id: 'u-host',
        party_id: 'ssd',
        kind: 'armed_escort',
        call_sign: 'OLD-1',
        strength: 1,
        vehicles: 1,
        armoured_vehicles: 0,
        weapons: 'rifles',
        base_site_id: null,
        status: 'available',
        agreement_version: 1,
        active: 1,
        is_demo: 0,
        created_at: '2026-11-28T08:00:00.000Z',
        updated_at: '2026-11-28T08:00:00.000Z',
      })
      .execute();
    expectError(
      await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/units/u-host' }),
      404,
      'unit_not_found',
    );
    expect(await listOf(t, 'cso:coordinator', '/api/v1/units')).toEqual([]);
    expect(await listOf(t, 'ssd:coordinator', '/api/v1/units')).toMatchObject([
      { id: 'u-host', agreementVersion: null },
    ]);
  });
});
