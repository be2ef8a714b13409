import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { keysDirOf } from '../platform/config.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { readPublicKey, verifySignature } from '../audit/signing-keys.js';
import { latestAudit, system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { auditCount, expectAudited, expectError, parsedAudit } from '../../test/helpers/routes.js';
import { parseAgreement } from './agreement.schema.js';

const t = useTestApp({ each: true });

type Route = InjectOptions & { method: string; url: string };

/** The example with close protection reserved for the host. */
const hostOnlyCloseProtection = exampleAgreement.replace(
  /(close_protection:[\s\S]*?providers: )\[host, partner\]/,
  '$1[host]',
);

const readRoutes = (version: number): Route[] => [
  { method: 'GET', url: '/api/v1/agreements' },
  { method: 'GET', url: '/api/v1/agreements/current' },
  { method: 'GET', url: `/api/v1/agreements/${version}` },
  { method: 'GET', url: `/api/v1/agreements/${version}/diff?from=1` },
];
const manageRoutes = (version: number): Route[] => [
  { method: 'POST', url: '/api/v1/agreements', payload: { source: exampleAgreement } },
  { method: 'POST', url: `/api/v1/agreements/${version}/sign` },
  { method: 'POST', url: `/api/v1/agreements/${version}/withdraw` },
];

const propose = (who: string, source: string) =>
  t.request(who, { method: 'POST', url: '/api/v1/agreements', payload: { source } });
const sign = (who: string, version: number) =>
  t.request(who, { method: 'POST', url: `/api/v1/agreements/${version}/sign` });
const withdraw = (who: string, version: number) =>
  t.request(who, { method: 'POST', url: `/api/v1/agreements/${version}/withdraw` });

const currentAgreement = (who: string) =>
  t.request(who, { method: 'GET', url: '/api/v1/agreements/current' });
const versionRow = (version: number) =>
  t.db.selectFrom('agreement_versions').selectAll().where('version', '=', version).executeTakeFirstOrThrow();
const signatureRows = (version: number) =>
  t.db
    .selectFrom('agreement_signatures')
    .selectAll()
    .where('version', '=', version)
    .orderBy('party_id')
    .execute();

describe('who may call the agreement routes', () => {
  it('answers 404 agreement_not_found for a version that does not exist', async () => {
    await putAgreementInForce(t);
    for (const route of [...readRoutes(9).slice(2), ...manageRoutes(9).slice(1)]) {
      expectError(await t.request('ssd:admin', route), 404, 'agreement_not_found');
    }
    const diff = await t.request('cso:analyst', { method: 'GET', url: '/api/v1/agreements/1/diff?from=9' });
    expectError(diff, 404, 'agreement_not_found');
  });

  it('answers 400 validation_failed naming params.version for a version that is not a positive number', async () => {
    for (const version of ['abc', '0', '1.5']) {
      for (const route of [...readRoutes(1).slice(2), ...manageRoutes(1).slice(1)]) {
        const url = route.url.replace('/1', `/${version}`);
        expectError(
          await t.request('ssd:admin', { ...route, url }),
          400,
          'validation_failed',
          'params.version',
        );
      }
    }
  });
});

describe('GET /api/v1/agreements and /current', () => {
  it('has no version in force before the first is signed by every party', async () => {
    const list = await t.request('cso:analyst', { method: 'GET', url: '/api/v1/agreements' });
    expect(list.json()).toEqual({ items: [] });
    const current = await currentAgreement('cso:analyst');
    expectError(current, 404, 'agreement_not_found');
  });

  it('lists every version newest first, as summaries without the text', async () => {
    await putAgreementInForce(t);
    expect((await propose('cso:admin', hostOnlyCloseProtection)).statusCode).toBe(201);
    const res = await t.request('ssd:observer', { method: 'GET', url: '/api/v1/agreements' });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Record<string, unknown>[] }>().items;
    expect(items.map((v) => [v.version, v.status, v.proposedPartyId])).toEqual([
      [2, 'proposed', 'cso'],
      [1, 'in_force', 'ssd'],
    ]);
    expect(items[0]).not.toHaveProperty('source');
    expect(items[0]).not.toHaveProperty('document');
    expect(items[0]).toMatchObject({ signatures: [], awaiting: ['ssd', 'cso'], inForceAt: null });
  });

  it('shows the version in force with its text and document', async () => {
    await putAgreementInForce(t);
    const res = await currentAgreement('cso:commander');
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      version: 1,
      status: 'in_force',
      source: exampleAgreement,
      inForceAt: '2026-11-28T08:00:00.000Z',
      supersededAt: null,
      awaiting: [],
      document: {
        title: 'Joint security management agreement (demo)',
        parties: { host: 'ssd', partners: ['cso'] },
      },
    });
  });
});

describe('POST /api/v1/agreements', () => {
  it('stores a proposal, not yet in force, with its hash and one audit entry', async () => {
    const res = await propose('ssd:admin', exampleAgreement);
    expect(res.statusCode, res.body).toBe(201);
    const hash = createHash('sha256')
      .update(canonicalJson(parseAgreement(exampleAgreement)))
      .digest('hex');
    expect(res.json()).toMatchObject({
      version: 1,
      status: 'proposed',
      hash,
      source: exampleAgreement,
      proposedBy: t.users['ssd:admin']!.id,
      proposedPartyId: 'ssd',
      proposedAt: '2026-11-28T08:00:00.000Z',
      inForceAt: null,
      supersededAt: null,
      signatures: [],
      awaiting: ['ssd', 'cso'],
    });
    expect(await versionRow(1)).toMatchObject({
      status: 'proposed',
      hash,
      source: exampleAgreement,
      proposed_by: t.users['ssd:admin']!.id,
      proposed_party_id: 'ssd',
      in_force_at: null,
    });
    expect(JSON.parse((await versionRow(1)).document)).toMatchObject({ parties: { host: 'ssd' } });
    await expectAudited(t, 'agreement.proposed', '1', {
      by: t.users['ssd:admin']!.id,
      party: 'ssd',
      fields: ['document'],
    });
    expectError(await currentAgreement('ssd:admin'), 404, 'agreement_not_found');
  });

  it('accepts the same document as JSON', async () => {
    const json = JSON.stringify(parseAgreement(exampleAgreement));
    const res = await propose('cso:admin', json);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ source: json, proposedPartyId: 'cso' });
  });

  const refusals: [string, string | undefined, string][] = [
    ['no source', undefined, 'body.source'],
    ['an empty source', '', 'body.source'],
    ['text that is not YAML', 'title: [unclosed', 'body.source'],
    ['a document without a title', exampleAgreement.replace(/^title: .*$/m, ''), 'body.source.title'],
    ['an unknown host', exampleAgreement.replace('host: ssd', 'host: xyz'), 'body.source.parties.host'],
    [
      'an unknown partner',
      exampleAgreement.replace('partners: [cso]', 'partners: [cso, ngo]'),
      'body.source.parties.partners.1',
    ],
    [
      'the host named as a partner',
      exampleAgreement.replace('partners: [cso]', 'partners: [ssd]'),
      'body.source.parties.partners',
    ],
    [
      'five protection levels',
      exampleAgreement.replace(/ {2}- level: 6[\s\S]*?approvals: \[host, partner\]\n/, ''),
      'body.source.protection',
    ],
  ];
  for (const [what, source, field] of refusals) {
    it(`answers 400 validation_failed naming ${field} for ${what}, storing nothing`, async () => {
      expect(source).not.toBe(exampleAgreement);
      const before = await auditCount(t);
      const payload = source === undefined ? {} : { source };
      const res = await t.request('ssd:admin', { method: 'POST', url: '/api/v1/agreements', payload });
      expectError(res, 400, 'validation_failed', field);
      expect(await t.db.selectFrom('agreement_versions').selectAll().execute()).toEqual([]);
      expect(await auditCount(t)).toBe(before);
    });
  }
});

describe('POST /api/v1/agreements/:version/sign', () => {
  it('records each signature with the party key; the last one puts the version in force', async () => {
    await propose('cso:admin', exampleAgreement);
    const first = await sign('ssd:admin', 1);
    expect(first.statusCode, first.body).toBe(200);
    const firstBody = first.json<{ hash: string; signatures: { keyId: string; keySignature: string }[] }>();
    expect(firstBody).toMatchObject({
      status: 'proposed',
      inForceAt: null,
      awaiting: ['cso'],
      signatures: [
        { partyId: 'ssd', userId: t.users['ssd:admin']!.id, signedAt: '2026-11-28T08:00:00.000Z' },
      ],
    });
    const publicKey = readPublicKey(keysDirOf(t.config), 'ssd')!;
    const message = Buffer.from(`jsms-agreement/v1\n1\n${firstBody.hash}\n`, 'utf8');
    expect(verifySignature(message, publicKey, firstBody.signatures[0]!.keySignature)).toBe(true);
    expect(await signatureRows(1)).toEqual([
      expect.objectContaining({
        party_id: 'ssd',
        user_id: t.users['ssd:admin']!.id,
        key_id: firstBody.signatures[0]!.keyId,
      }),
    ]);
    expect((await versionRow(1)).status).toBe('proposed');
    await expectAudited(t, 'agreement.signed', '1', {
      by: t.users['ssd:admin']!.id,
      party: 'ssd',
      fields: ['signature'],
    });
    expectError(await currentAgreement('cso:admin'), 404, 'agreement_not_found');

    t.clock.advance(60_000);
    const second = await sign('cso:admin', 1);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      status: 'in_force',
      inForceAt: '2026-11-28T08:01:00.000Z',
      awaiting: [],
    });
    expect((await signatureRows(1)).map((s) => s.party_id)).toEqual(['cso', 'ssd']);
    expect(await versionRow(1)).toMatchObject({
      status: 'in_force',
      in_force_at: '2026-11-28T08:01:00.000Z',
    });
    expect(parsedAudit((await latestAudit(t.db))[0])).toMatchObject({
      action: 'agreement.signed',
      actor_id: t.users['cso:admin']!.id,
      party_id: 'cso',
      fields: ['signature', 'status'],
    });
    const current = await currentAgreement('ssd:analyst');
    expect(current.json()).toMatchObject({ version: 1, status: 'in_force' });
  });

  it('answers 409 already_signed when a party signs twice, and 409 invalid_transition once in force', async () => {
    await propose('ssd:admin', exampleAgreement);
    expect((await sign('ssd:admin', 1)).statusCode).toBe(200);
    const before = await auditCount(t);
    expectError(await sign('ssd:admin', 1), 409, 'already_signed');
    expect(await signatureRows(1)).toHaveLength(1);
    expect(await auditCount(t)).toBe(before);
    expect((await sign('cso:admin', 1)).statusCode).toBe(200);
    expectError(await sign('cso:admin', 1), 409, 'invalid_transition');
    expect(await signatureRows(1)).toHaveLength(2);
  });

  it('refuses with 403 the admin of a party the document does not name, whose signature is not needed', async () => {
    await t.services.parties.create(system, { id: 'ngo', name: 'Another partner', kind: 'partner' });
    const { user } = await t.services.users.create(system, {
      partyId: 'ngo',
      username: 'ngo-admin',
      displayName: 'ngo admin',
      roles: ['admin'],
      password: 'correct horse battery staple',
    });
    const { secret } = await t.services.tokens.createApiToken(system, { userId: user.id, name: 't' });
    await propose('ssd:admin', exampleAgreement);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agreements/1/sign',
      headers: { authorization: `Bearer ${secret}` },
    });
    expectError(res, 403, 'forbidden');
    expect(res.json<{ error: { details: unknown } }>().error.details).toEqual({
      clause: 'parties',
      agreementVersion: 1,
    });
    expect(await signatureRows(1)).toEqual([]);
  });
});

describe('POST /api/v1/agreements/:version/withdraw', () => {
  it('lets only the proposing party withdraw; a withdrawn proposal cannot be signed', async () => {
    await putAgreementInForce(t);
    await propose('cso:admin', hostOnlyCloseProtection);
    expectError(await withdraw('ssd:admin', 2), 403, 'forbidden');
    expect((await versionRow(2)).status).toBe('proposed');

    const res = await withdraw('cso:admin', 2);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, status: 'withdrawn', inForceAt: null });
    expect((await versionRow(2)).status).toBe('withdrawn');
    expect((await versionRow(1)).status).toBe('in_force');
    await expectAudited(t, 'agreement.withdrawn', '2', {
      by: t.users['cso:admin']!.id,
      party: 'cso',
      fields: ['status'],
    });
    expectError(await sign('ssd:admin', 2), 409, 'invalid_transition');
    expectError(await withdraw('cso:admin', 2), 409, 'invalid_transition');
    expect(await signatureRows(2)).toEqual([]);
  });

  it('answers 409 invalid_transition for a version in force', async () => {
    await putAgreementInForce(t);
    expectError(await withdraw('ssd:admin', 1), 409, 'invalid_transition');
    expect((await versionRow(1)).status).toBe('in_force');
  });
});

describe('GET /api/v1/agreements/:version/diff', () => {
  it('lists the changed paths from one version to another', async () => {
    await putAgreementInForce(t);
    await propose('ssd:admin', hostOnlyCloseProtection);
    const res = await t.request('cso:observer', { method: 'GET', url: '/api/v1/agreements/2/diff?from=1' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      from: 1,
      to: 2,
      changes: [{ path: 'unitKinds.close_protection.providers', from: ['host', 'partner'], to: ['host'] }],
    });
    const back = await t.request('cso:observer', { method: 'GET', url: '/api/v1/agreements/1/diff?from=2' });
    expect(back.json()).toMatchObject({ changes: [{ from: ['host'], to: ['host', 'partner'] }] });
    const same = await t.request('cso:observer', { method: 'GET', url: '/api/v1/agreements/1/diff?from=1' });
    expect(same.json()).toEqual({ from: 1, to: 1, changes: [] });
  });

  it('answers 400 validation_failed naming querystring.from without a valid from', async () => {
    await putAgreementInForce(t);
    for (const query of ['', '?from=', '?from=zero', '?from=0']) {
      const res = await t.request('cso:observer', {
        method: 'GET',
        url: `/api/v1/agreements/1/diff${query}`,
      });
      expectError(res, 400, 'validation_failed', 'querystring.from');
    }
  });
});
