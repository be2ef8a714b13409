import { describe, expect, it } from 'vitest';
import { latestAudit, system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { personPayload } from '../../test/helpers/registry.js';
import type { NewPerson } from './person.service.js';
import { auditCount, expectError, parsedAudit } from '../../test/helpers/routes.js';

// Issue 7, finding 8: `purpose=clearance` was a flag any host role could set, and an observer read
// all 40 partner passport numbers in one call. A clearance now needs a role the agreement names,
// a stated reason and reference, fits in an hourly allowance per user, and is audited where the
// party that owns the records sees it.

const t = useTestApp({ each: true, setup: putAgreementInForce });

const clearance = (reason = 'checkpoint', reference = 'CP7-2026-118') =>
  `purpose=clearance&reason=${reason}&reference=${encodeURIComponent(reference)}`;
const passport = (i: number) => `E2${String(i).padStart(7, '0')}`;

/** `count` partner persons with passports E2000000, E2000001, …; returns their ids in that order. */
async function seedPartnerPersons(count: number): Promise<string[]> {
  const inputs = Array.from({ length: count }, (_, i) => ({
    ...personPayload({ name: `Partner ${String(i).padStart(2, '0')}`, passportNumber: passport(i) }),
    partyId: 'cso',
    status: 'in_country' as const,
    siteId: null,
  }));
  await t.services.persons.createMany(system, inputs as NewPerson[]);
  const rows = await t.db.selectFrom('persons').select(['id', 'name']).orderBy('name').execute();
  return rows.map((r) => r.id);
}

const list = (who: string, query: string) =>
  t.request(who, { method: 'GET', url: `/api/v1/persons?${query}` });
const get = (who: string, id: string, query: string) =>
  t.request(who, { method: 'GET', url: `/api/v1/persons/${id}?${query}` });

const passportsIn = (body: string) => body.match(/E2\d{7}/g) ?? [];

describe('who may ask for a clearance', () => {
  it('refuses the roles the agreement does not name: the observer reads no passport (403)', async () => {
    const ids = await seedPartnerPersons(40);
    const before = await auditCount(t);
    for (const who of ['ssd:observer', 'ssd:analyst', 'ssd:admin']) {
      const res = await list(who, `${clearance()}&limit=500`);
      expectError(res, 403, 'agreement_refuses', 'querystring.purpose');
      expect(res.json<{ error: { details: { clause: string } } }>().error.details.clause).toBe(
        'clearance.actors',
      );
      expect(passportsIn(res.body)).toEqual([]);
      const one = await get(who, ids[0]!, clearance());
      expectError(one, 403, 'agreement_refuses', 'querystring.purpose');
      expect(passportsIn(one.body)).toEqual([]);
      // Without a clearance the observer still sees what the agreement always shares.
      const plain = await list(who, 'limit=500');
      expect(plain.statusCode).toBe(200);
      expect(plain.json<{ items: unknown[] }>().items).toHaveLength(40);
      expect(passportsIn(plain.body)).toEqual([]);
    }
    expect(await auditCount(t)).toBe(before);
  });

  it('lets the named roles read, and a party its own records without any', async () => {
    const [id] = await seedPartnerPersons(1);
    for (const who of ['ssd:coordinator', 'ssd:commander']) {
      const res = await get(who, id!, clearance());
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ passportNumber: passport(0) });
    }
    const before = await auditCount(t);
    const own = await get('cso:observer', id!, clearance());
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ passportNumber: passport(0) });
    expect(await auditCount(t)).toBe(before);
  });

  it('names no one under an agreement without a clearance clause', async () => {
    const [id] = await seedPartnerPersons(1);
    const bare = exampleAgreement.replace(/\nclearance:\n(?: {2}.*\n)+/, '\n');
    expect(bare).not.toMatch(/^clearance:|^ {2}personsPerHour/m);
    await putAgreementInForce(t, bare);
    expectError(
      await get('ssd:coordinator', id!, clearance()),
      403,
      'agreement_refuses',
      'querystring.purpose',
    );
  });
});

describe('what a clearance states', () => {
  it.each([
    ['purpose=clearance', 'querystring.reason'],
    ['purpose=clearance&reason=checkpoint', 'querystring.reference'],
    ['purpose=clearance&reference=CP7-118', 'querystring.reason'],
    ['purpose=clearance&reason=Checkpoint!&reference=CP7-118', 'querystring.reason'],
    ['purpose=clearance&reason=checkpoint&reference=a%20b', 'querystring.reference'],
    ['purpose=clearance&reason=checkpoint&reference=x', 'querystring.reference'],
    ['purpose=clearance&reason=curiosity&reference=CP7-118', 'querystring.reason'],
  ])('answers 400 validation_failed for %s, naming %s', async (query, field) => {
    const [id] = await seedPartnerPersons(1);
    const before = await auditCount(t);
    for (const res of [await list('ssd:coordinator', query), await get('ssd:coordinator', id!, query)]) {
      expectError(res, 400, 'validation_failed', field);
      expect(passportsIn(res.body)).toEqual([]);
    }
    expect(await auditCount(t)).toBe(before);
  });
});

describe('the hourly allowance', () => {
  it('refuses a list that would disclose more persons than an hour allows, disclosing none', async () => {
    await seedPartnerPersons(40);
    const before = await auditCount(t);
    const res = await list('ssd:coordinator', `${clearance()}&limit=500`);
    expectError(res, 429, 'clearance_rate_limited', 'querystring.purpose');
    expect(res.json<{ error: { details: unknown } }>().error.details).toMatchObject({
      limit: 20,
      requested: 40,
    });
    expect(passportsIn(res.body)).toEqual([]);
    expect(await auditCount(t)).toBe(before);
    // Nothing was counted: a narrow clearance still has the whole allowance.
    const narrow = await list('ssd:coordinator', `${clearance()}&passportNumber=${passport(7)}`);
    expect(narrow.statusCode, narrow.body).toBe(200);
    expect(passportsIn(narrow.body)).toEqual([passport(7)]);
  });

  it('allows each user 20 persons an hour, then answers 429 with Retry-After until the hour ends', async () => {
    const ids = await seedPartnerPersons(21);
    for (const id of ids.slice(0, 20)) {
      const res = await get('ssd:commander', id, clearance());
      expect(res.statusCode, res.body).toBe(200);
    }
    const over = await get('ssd:commander', ids[20]!, clearance());
    expectError(over, 429, 'clearance_rate_limited');
    expect(over.headers['retry-after']).toBe('3600');
    expect(passportsIn(over.body)).toEqual([]);
    // Another user has an allowance of their own.
    expect((await get('ssd:coordinator', ids[20]!, clearance())).statusCode).toBe(200);
    t.clock.advance(30 * 60_000);
    expect((await get('ssd:commander', ids[20]!, clearance())).headers['retry-after']).toBe('1800');
    // A read without a clearance is not one, and is not counted.
    expect((await get('ssd:commander', ids[20]!, '')).statusCode).toBe(200);
    t.clock.advance(30 * 60_000);
    const next = await get('ssd:commander', ids[20]!, clearance());
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json()).toMatchObject({ passportNumber: passport(20) });
  });

  it('counts parallel clearances atomically: no more than the allowance get through', async () => {
    const ids = await seedPartnerPersons(30);
    const before = await auditCount(t);
    const answers = await Promise.all(ids.map((id) => get('ssd:commander', id, clearance())));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const shown = answers.flatMap((r) => passportsIn(r.body));
    expect(new Set(shown).size).toBe(20);
    expect(await auditCount(t)).toBe(before + 20);
  });
});

describe('what the owning party sees', () => {
  it('finds each read in its audit log with who read which record, why, and for what reference', async () => {
    const ids = await seedPartnerPersons(3);
    const res = await list('ssd:commander', clearance('airport', 'JIAP/2026#0042'));
    expect(res.statusCode, res.body).toBe(200);
    expect(passportsIn(res.body)).toHaveLength(3);
    for (const who of ['cso:observer', 'cso:admin']) {
      const audit = await t.request(who, {
        method: 'GET',
        url: '/api/v1/audit?entityType=person&limit=10',
      });
      expect(audit.statusCode, audit.body).toBe(200);
      const reads = audit
        .json<{ items: { action: string; entityId: string }[] }>()
        .items.filter((e) => e.action === 'person.clearance_viewed');
      expect(reads.map((e) => e.entityId).sort()).toEqual([...ids].sort());
      for (const entry of reads) {
        expect(entry).toMatchObject({
          actorType: 'user',
          actorId: t.users['ssd:commander']!.id,
          partyId: 'cso',
          fields: ['passport_enc'],
          details: { reason: 'airport', reference: 'JIAP/2026#0042' },
        });
      }
    }
    // The audit log names the passport's field, never its value.
    expect(JSON.stringify(await latestAudit(t.db, 3))).not.toMatch(/E2\d{7}/);
  });

  it('holds the reason and reference inside the entry hash: changing either breaks the chain', async () => {
    const [id] = await seedPartnerPersons(1);
    expect((await get('ssd:commander', id!, clearance())).statusCode).toBe(200);
    expect((await t.services.audit.verify()).ok).toBe(true);
    const entry = parsedAudit((await latestAudit(t.db))[0]);
    expect(entry.action).toBe('person.clearance_viewed');
    await t.db
      .updateTable('audit_entries')
      .set({ details: JSON.stringify({ reason: 'checkpoint', reference: 'SOMETHING-ELSE' }) })
      .where('seq', '=', entry.seq)
      .execute();
    const report = await t.services.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: entry.seq });
  });
});
