import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/helpers/agreement.js';
import { auditEntries, latestAudit, type TestApp } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { NewIncident } from './incident.rows.js';

// An import writes one audit entry naming its file, its counts and the range of ids it stored;
// verify traces every stored incident to that entry or its own, and fails when rows are added
// inside a range, deleted from one, or added outside every entry.

const header = 'date,province,place,lat,lon,type,target,killed_best,status,source_key';
const file = (from: number, count: number, extra: string[] = []) =>
  [
    header,
    ...Array.from(
      { length: count },
      (_, i) =>
        `2026-10-0${1 + (i % 9)},Sindh,Place ${from + i},25.1,67.0${i % 9},ied,civilians,${i},confirmed,audit:${from + i}`,
    ),
    ...extra,
  ].join('\n') + '\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function importEntries(t: TestApp) {
  const rows = await auditEntries(t.db, 'incident.imported');
  return rows.map((r) => ({
    seq: Number(r.seq),
    entityId: r.entity_id,
    details: JSON.parse(r.details ?? '{}') as Record<string, string>,
  }));
}

const storedIds = async (t: TestApp) =>
  (await t.db.selectFrom('incidents').select('id').orderBy('id').execute()).map((r) => r.id);

/** A copy of a stored incident under another id, written straight to the table, past every service. */
async function smuggle(t: TestApp, id: string) {
  const like = await t.db.selectFrom('incidents').selectAll().limit(1).executeTakeFirstOrThrow();
  await t.db
    .insertInto('incidents')
    .values({ ...like, id, source_key: null })
    .execute();
}

/** What verify says of the range of a five-row import holding `found` rows. */
const rangeProblem = (seq: number, ids: string[], found: number) => ({
  seq,
  message: `entry ${seq} records an import of 5 incident records from ${ids[0]} to ${ids[4]}, but ${found} are stored in that range`,
});

const oneIncident: NewIncident = {
  date: '2026-10-03',
  datePrecision: 'day',
  type: 'ied',
  status: 'reported',
  killed: {},
  wounded: {},
  sources: [],
};

async function remove(t: TestApp, id: string) {
  await t.db.deleteFrom('incident_accounts').where('incident_id', '=', id).execute();
  await t.db.deleteFrom('incidents').where('id', '=', id).execute();
}

describe('an incident import in the audit log', () => {
  const t = useTestApp({ each: true, config: { logLevel: 'warn' } });

  it('writes one entry naming the file, the counts and the contiguous id range, and verify traces every row to it', async () => {
    const analyst = actorOf(t, 'ssd:analyst');
    const before = Number((await latestAudit(t.db))[0]!.seq);
    // One row is rejected (a type no one knows), one repeats an earlier row's source key.
    const text = file(0, 12, [
      '2026-10-01,Sindh,Elsewhere,25.1,67.0,meteor,civilians,1,confirmed,audit:x',
      '2026-10-02,Sindh,Again,25.1,67.0,ied,civilians,1,confirmed,audit:3',
    ]);
    const report = await t.services.importIncidents(analyst, text, { format: 'jsms' });
    expect(report).toMatchObject({ rows: 14, added: 12, duplicates: 1 });
    expect(report.rejected).toHaveLength(1);

    const after = await latestAudit(t.db, 5);
    expect(after.filter((e) => Number(e.seq) > before)).toHaveLength(1);
    const ids = await storedIds(t);
    expect(ids).toHaveLength(12);
    const [entry] = await importEntries(t);
    expect(entry).toEqual({
      seq: before + 1,
      entityId: null,
      details: {
        fileSha256: sha256(text),
        read: '14',
        stored: '12',
        rejected: '1',
        duplicates: '1',
        firstId: ids[0],
        lastId: ids[11],
      },
    });
    // Contiguous: one prefix, a counter from 0 to 11, and each still a version-4 UUID.
    const prefix = ids[0]!.slice(0, 24);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, n) => prefix + n.toString(16).padStart(12, '0')));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const row = await t.db
      .selectFrom('audit_entries')
      .select('fields')
      .where('seq', '=', entry!.seq)
      .executeTakeFirstOrThrow();
    // The columns some row set, as a single create names its own (no row had a district).
    expect(JSON.parse(row.fields)).toEqual([
      'date',
      'date_precision',
      'dedupe_key',
      'geo_precision',
      'h3_cell',
      'killed_best',
      'killed_high',
      'killed_low',
      'lat',
      'lon',
      'place',
      'province',
      'status',
      'target',
      'type',
    ]);

    // A single create keeps its own entry, and verify accounts for both kinds.
    await t.services.incidents.create(analyst, oneIncident);
    expect((await latestAudit(t.db))[0]).toMatchObject({ action: 'incident.created' });
    await expect(t.services.audit.verify()).resolves.toMatchObject({ ok: true, records: 13, problems: [] });
  });

  it('writes its one entry when everything was a duplicate, and none on a dry run', async () => {
    const analyst = actorOf(t, 'ssd:analyst');
    const text = file(0, 3);
    await t.services.importIncidents(analyst, text, { format: 'jsms' });
    const before = Number((await latestAudit(t.db))[0]!.seq);
    await t.services.importIncidents(analyst, text, { format: 'jsms', dryRun: true });
    expect(Number((await latestAudit(t.db))[0]!.seq)).toBe(before);
    await t.services.importIncidents(analyst, text, { format: 'jsms' });
    const entries = await importEntries(t);
    expect(entries.map((e) => e.details)).toEqual([
      expect.objectContaining({ stored: '3', duplicates: '0' }),
      { fileSha256: sha256(text), read: '3', stored: '0', rejected: '0', duplicates: '3' },
    ]);
    await expect(t.services.audit.verify()).resolves.toMatchObject({ ok: true, records: 3 });
  });

  it('fails verify when a row is inserted inside an import range after the fact', async () => {
    await t.services.importIncidents(actorOf(t, 'ssd:analyst'), file(0, 5), { format: 'jsms' });
    const [entry] = await importEntries(t);
    const ids = await storedIds(t);
    // Sorts between the first and the second id: inside the range, though the import never made it.
    await smuggle(t, `${ids[0]}0`);
    const report = await t.services.audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([rangeProblem(entry!.seq, ids, 6)]);
  });

  it('fails verify when a row is deleted from an import range', async () => {
    await t.services.importIncidents(actorOf(t, 'ssd:analyst'), file(0, 5), { format: 'jsms' });
    const [entry] = await importEntries(t);
    const ids = await storedIds(t);
    await remove(t, ids[2]!);
    const report = await t.services.audit.verify();
    expect(report.problems).toEqual([rangeProblem(entry!.seq, ids, 4)]);
  });

  it('fails verify for a row outside every entry, and for an incident created alone and then deleted', async () => {
    const analyst = actorOf(t, 'ssd:analyst');
    await t.services.importIncidents(analyst, file(0, 2), { format: 'jsms' });
    const created = await t.services.incidents.create(analyst, oneIncident);
    const createdSeq = Number((await latestAudit(t.db))[0]!.seq);
    const stray = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    await smuggle(t, stray);
    await remove(t, created.id);
    const report = await t.services.audit.verify();
    expect(report.problems).toEqual([
      {
        seq: createdSeq,
        message: `entry ${createdSeq} records incident ${created.id}, which is no longer stored`,
      },
      {
        seq: null,
        message: `incident ${stray} has no audit entry: neither its own entry nor an import's id range covers it`,
      },
    ]);
  });
});
