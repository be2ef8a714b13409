import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { needsShared } from '../../../test/helpers/shared.js';
import { type ParseResult, parseIncidentFile } from './parse.js';

// See ../shared/data/incidents/README.
const ucdp = needsShared('data/incidents/UCDP_GED_Pakistan_1989-2019.csv');

/**
 * The figures computed here come from a separate, minimal reading of the file (csv-parse with
 * `columns: true`), not from the importer: if the importer drops, doubles or misreads a row, the
 * two disagree.
 */
describe.skipIf(ucdp.missing)('the real UCDP GED Pakistan file (1989–2019)', () => {
  let result: ParseResult;
  let records: { record: Record<string, string>; info: { lines: number } }[];
  const num = (r: Record<string, string>, column: string) => Number(r[column]);

  beforeAll(() => {
    const bytes = readFileSync(ucdp.path);
    result = parseIncidentFile(bytes, 'ucdp');
    records = parse(bytes.toString('utf8'), {
      columns: true,
      relax_column_count: true,
      info: true,
    }) as typeof records;
  });

  it('imports every event: nothing rejected or skipped, one incident per record', () => {
    expect(result.encoding).toBe('utf-8');
    expect(result.rejected).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(records).toHaveLength(5834);
    expect(result.rows).toHaveLength(records.length);
    expect(result.rows.map((r) => r.incident.sourceKey)).toEqual(records.map((r) => `ucdp:${r.record.id}`));
  });

  it('gives each incident the physical line its record starts on', () => {
    // csv-parse reports the line a record ends on; the next record starts on the line after.
    const starts = records.map((r, i) => (i === 0 ? 2 : records[i - 1]!.info.lines + 1));
    expect(result.rows.map((r) => r.line)).toEqual(starts);
    expect(records.at(-1)!.info.lines).toBe(9895);
  });

  it('keeps the total of best_est and the events whose best_est is 0', () => {
    const best = records.reduce((sum, r) => sum + num(r.record, 'best_est'), 0);
    const zero = records.filter((r) => num(r.record, 'best_est') === 0).length;
    expect(result.rows.reduce((sum, r) => sum + r.incident.killed.best!, 0)).toBe(best);
    expect(result.rows.filter((r) => r.incident.killed.best === 0)).toHaveLength(zero);
    expect(zero).toBe(511);
  });

  it('keeps high_est, except where the range was repaired to hold the best estimate', () => {
    const raw = records.reduce((sum, r) => sum + num(r.record, 'high_est'), 0);
    const high = (r: Record<string, string>) =>
      Math.max(num(r, 'low_est'), num(r, 'best_est'), num(r, 'high_est'));
    const low = (r: Record<string, string>) =>
      Math.min(num(r, 'low_est'), num(r, 'best_est'), num(r, 'high_est'));
    const inconsistent = records.filter((r) => {
      const [l, b, h] = ['low_est', 'best_est', 'high_est'].map((c) => num(r.record, c));
      return !(l! <= b! && b! <= h!);
    });
    const expectedHigh = records.reduce((sum, r) => sum + high(r.record), 0);
    const expectedLow = records.reduce((sum, r) => sum + low(r.record), 0);

    expect(result.rows.reduce((sum, r) => sum + r.incident.killed.high!, 0)).toBe(expectedHigh);
    expect(result.rows.reduce((sum, r) => sum + r.incident.killed.low!, 0)).toBe(expectedLow);
    // Rows repaired are exactly the inconsistent ones, each noted; consistent rows keep high_est as is.
    expect(new Set(result.notes.map((n) => n.line)).size).toBe(inconsistent.length);
    // The parsed total is high_est's own total plus what the repairs added, row by row.
    expect(expectedHigh - raw).toBe(
      inconsistent.reduce((sum, r) => sum + high(r.record) - num(r.record, 'high_est'), 0),
    );
  });

  it('splits each toll into categories that add up to best_est', () => {
    for (const column of ['deaths_civilians', 'deaths_unknown'] as const) {
      const expected = records.reduce((sum, r) => sum + num(r.record, column), 0);
      const field = column === 'deaths_civilians' ? 'civilians' : 'unknown';
      expect(result.rows.reduce((sum, r) => sum + (r.incident.killed[field] ?? 0), 0)).toBe(expected);
    }
    const sides = records.reduce((sum, r) => sum + num(r.record, 'deaths_a') + num(r.record, 'deaths_b'), 0);
    const { security, militants } = result.rows.reduce(
      (sum, r) => ({
        security: sum.security + (r.incident.killed.security ?? 0),
        militants: sum.militants + (r.incident.killed.militants ?? 0),
      }),
      { security: 0, militants: 0 },
    );
    expect(security + militants).toBe(sides);
    const governmentDeaths = records.reduce(
      (sum, r) =>
        sum +
        (r.record.side_a!.startsWith('Government of') ? num(r.record, 'deaths_a') : 0) +
        (r.record.side_b!.startsWith('Government of') ? num(r.record, 'deaths_b') : 0),
      0,
    );
    expect(security).toBe(governmentDeaths);
  });

  it('counts events per province under one spelling, and the 8 without a province', () => {
    const count = (adm1: string) => records.filter((r) => r.record.adm_1 === adm1).length;
    const parsed = (province: string | null) =>
      result.rows.filter((r) => r.incident.province === province).length;
    expect(parsed('FATA')).toBe(count('Federally Administered Tribal Areas'));
    expect(parsed('Khyber Pakhtunkhwa')).toBe(count('Khyber Pakhtunkwa Province'));
    expect(parsed('Balochistan')).toBe(count('Balochistan Province'));
    expect(parsed('Sindh')).toBe(count('Sindh Province'));
    expect(parsed(null)).toBe(count(''));
    expect(count('')).toBe(8);
  });

  it('maps the types of violence', () => {
    const count = (types: string[]) =>
      records.filter((r) => types.includes(r.record.type_of_violence!)).length;
    const parsed = (type: string) => result.rows.filter((r) => r.incident.type === type).length;
    expect(parsed('state_based_conflict')).toBe(count(['1']));
    expect(parsed('non_state_conflict')).toBe(count(['2']));
    expect(parsed('armed_clash')).toBe(0);
    expect(parsed('one_sided_violence')).toBe(count(['3']));
  });
});
