import { describe, expect, it } from 'vitest';
import { auditEntries, latestAudit } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { auditCount, expectError, parsedAudit, signIn, withSession } from '../../test/helpers/routes.js';
import { roles } from './actor.js';

// Every test here only reads, so one app serves them all.
const t = useTestApp();

const parties = { method: 'GET', url: '/api/v1/parties' } as const;

/** Every test user's key ('ssd:admin', …): the host party has no person. */
const everyone = ['ssd', 'cso'].flatMap((party) =>
  roles.filter((role) => party === 'cso' || role !== 'person').map((role) => `${party}:${role}`),
);

const expected = {
  items: [
    { id: 'ssd', name: 'Special Security Division (test)', kind: 'host', isDemo: false },
    { id: 'cso', name: 'Contractor security office (test)', kind: 'partner', isDemo: false },
  ],
};

describe('GET /api/v1/parties', () => {
  it('refuses query parameters, since it takes none: 400 naming the first unknown one', async () => {
    const res = await t.request('cso:person', { method: 'GET', url: '/api/v1/parties?kind=host&limit=x' });
    expectError(res, 400, 'validation_failed', 'querystring.kind');
    expect(res.json().error.details.issues).toEqual([
      { field: 'kind', message: 'is not a known field' },
      { field: 'limit', message: 'is not a known field' },
    ]);
  });

  it.each(everyone)('shows %s both parties, host first, and writes no audit entry', async (who) => {
    const before = await auditCount(t);
    const res = await t.request(who, parties);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(expected);
    expect(await auditCount(t)).toBe(before);
  });

  it('answers a browser session the same', async () => {
    const cookie = await signIn(t, 'cso-person');
    const res = await withSession(t, cookie, parties, { origin: false });
    expect(res.json()).toEqual(expected);
  });

  it('lists the parties whose creation the audit log records as shared entries', async () => {
    const rows = await auditEntries(t.db, 'party.created');
    expect(
      rows.map(parsedAudit).map(({ entity_type, entity_id, party_id, fields }) => ({
        entity_type,
        entity_id,
        party_id,
        fields,
      })),
    ).toEqual([
      { entity_type: 'party', entity_id: 'ssd', party_id: 'ssd', fields: ['kind', 'name'] },
      { entity_type: 'party', entity_id: 'cso', party_id: 'cso', fields: ['kind', 'name'] },
    ]);
    // Names are not personal data, but the entry still names fields only, never values.
    expect(JSON.stringify(await latestAudit(t.db, 1000))).not.toContain('Special Security Division');
  });
});
