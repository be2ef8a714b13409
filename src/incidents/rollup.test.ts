import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../test/helpers/agreement.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { readMigrations } from '../platform/db/migrate.js';
import type { IncidentRollupRow } from './incident.tables.js';
import type { NewIncident } from './incident.rows.js';
import { estimates, type Filters, type Period } from './report.js';
import { loadAggregates } from './report.repository.js';
import { rollupsOfRows } from './rollup.repository.js';

const provinces = ['Khyber Pakhtunkhwa', 'Balochistan', 'Sindh', null] as const;
const groups = ['TTP', 'BLA', 'Lashkar-e-Islam', null] as const;
const types = ['suicide_attack', 'ied', 'armed_assault', 'drone_strike'] as const;
const statuses = ['confirmed', 'reported', 'disputed'] as const;

/** Incidents of every kind a report tells apart, over 2023–2024, some without a toll or a side. */
function incidents(count: number, tag: string): NewIncident[] {
  return Array.from({ length: count }, (_, i) => ({
    sourceKey: i % 5 === 0 ? null : `${['ucdp', 'acled', 'gtd', 'pbc'][i % 4]}:${tag}${i}`,
    date: `${2023 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 28)).padStart(2, '0')}`,
    datePrecision: (['day', 'day', 'week', 'month', 'day', 'year'] as const)[i % 6]!,
    province: provinces[i % 4],
    district: i % 3 === 0 ? `District ${i % 4}` : null,
    place: `${tag} place ${i}`,
    geoPrecision: i % 7 === 0 ? 'country' : 'place',
    type: types[(i >> 1) % 4]!,
    perpetrator: groups[i % 4],
    opponent: groups[(i + 1 + (i >> 2)) % 4],
    target: i % 3 === 0 ? null : i % 3 === 1 ? 'civilians' : 'security_forces',
    killed:
      i % 9 === 0
        ? {}
        : {
            low: Math.max(0, ((i * 5) % 23) - (i % 4)),
            best: (i * 5) % 23,
            high: ((i * 5) % 23) + (i % 6),
            civilians: i % 3,
            militants: i % 2,
          },
    wounded: i % 4 === 0 ? {} : { best: (i * 3) % 17, security: i % 5 },
    kidnapped: i % 8 === 0 ? 2 : null,
    status: statuses[i % 3]!,
    sources: [],
  }));
}

const periods: Period[] = [
  { from: '2023-01-01', to: '2024-12-31' }, // whole months only
  { from: '2023-03-15', to: '2024-02-10' }, // days on both sides of the months
  { from: '2024-05-02', to: '2024-05-20' }, // inside one month
  { from: '2023-06-01', to: '2023-06-30' }, // one whole month
];
const filterSets: Filters[] = [
  {},
  { province: 'KPK' },
  { district: 'District 3' },
  { type: 'ied' },
  { perpetrator: 'TTP' },
  { target: 'civilians' },
  { status: 'reported' },
  { province: 'Balochistan', perpetrator: 'BLA', status: 'confirmed' },
];

const keyOf = (r: IncidentRollupRow) =>
  [
    r.month,
    r.province,
    r.district,
    r.type,
    r.perpetrator,
    r.opponent,
    r.target,
    r.status,
    r.dated,
    r.placed,
    r.dataset,
  ].join('|');
const sorted = (rows: IncidentRollupRow[]) => [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));

describe('the report’s rollups', () => {
  const t = useTestApp();

  /** The stored rollups equal the rollups computed from every incident, and so does every report. */
  async function expectRollupsToMatchRows() {
    const stored = await t.db.selectFrom('incident_rollups').selectAll().execute();
    expect(sorted(stored)).toEqual(sorted(await rollupsOfRows(t.db, {})));
    for (const period of periods)
      for (const filters of filterSets)
        for (const estimate of estimates) {
          const fromRollups = await loadAggregates(t.db, period, estimate, filters, 'rollups');
          const fromRows = await loadAggregates(t.db, period, estimate, filters, 'rows');
          expect(fromRollups, JSON.stringify({ period, filters, estimate })).toEqual(fromRows);
        }
  }

  it('count what the incidents count after creates, imports and edits, under every filter', async () => {
    const analyst = actorOf(t, 'ssd:analyst');
    const partner = actorOf(t, 'cso:analyst');
    const [first, ...rest] = incidents(120, 'a');
    const { sourceKey: _key, ...account } = first!;
    const created = await t.services.incidents.create(analyst, first!);
    await t.services.incidents.importMany(analyst, rest);
    const before = await loadAggregates(t.db, periods[0]!, 'best', {}, 'rollups');
    expect(before.totals.incidents).toBe(120);
    await expectRollupsToMatchRows();

    // An edit that moves the incident to another month, province, type, side and toll.
    const edited = await t.services.incidents.fileAccount(analyst, created.id, {
      ...account,
      date: '2024-11-20',
      province: 'Sindh',
      type: 'armed_assault',
      perpetrator: 'BLA',
      killed: { best: 40 },
    });
    expect(edited.province).toBe('Sindh');
    // Another party's account of an imported incident: the reconciled values change or not, the rollups follow.
    const listed = await t.services.incidents.list(analyst, { limit: 5 });
    for (const incident of listed.items) {
      await t.services.incidents.fileAccount(partner, incident.id, {
        ...account,
        date: incident.date,
        datePrecision: 'day',
        province: 'Balochistan',
        killed: { best: 3, low: 2, high: 9 },
        wounded: { best: 1 },
      });
    }
    // A second import, with rows the first one already stored: those add nothing.
    await t.services.incidents.importMany(analyst, [...rest.slice(0, 10), ...incidents(40, 'b')]);
    await expectRollupsToMatchRows();
    const after = await loadAggregates(t.db, periods[0]!, 'best', {}, 'rollups');
    expect(after.totals.incidents).toBe(160);
  });

  it('are rebuilt by their migration as the writes keep them', async () => {
    const maintained = sorted(await rollupsOfRows(t.db, {}));
    expect(maintained.length).toBeGreaterThan(0);
    await t.db.deleteFrom('incident_rollups').execute();
    const backfill = readMigrations(t.database.dialect)
      .find((m) => m.name === 'incident-rollups')!
      .statements.find((s) => s.startsWith('insert into incident_rollups'))!;
    await sql.raw(backfill).execute(t.db);
    await expectRollupsToMatchRows();
  });
});
