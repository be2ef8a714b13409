import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit.js';
import { ProvenanceCheck } from './provenance.js';

// The provenance rule on hand-made entries and ids: which stored rows an entry accounts for.

const rule = { entityType: 'incident', creating: ['incident.created', 'incident.imported'] };
const id = (n: number) => `0b7c2f0e-5d1a-4c3e-9f00-${n.toString(16).padStart(12, '0')}`;

function entry(seq: number, action: string, entityId: string | null, details?: Record<string, string>) {
  return {
    seq,
    action,
    entityType: action.split('.')[0]!,
    entityId,
    ...(details ? { details } : {}),
  } as AuditEntry;
}
const imported = (seq: number, first: number, last: number, stored = last - first + 1) =>
  entry(seq, 'incident.imported', null, {
    fileSha256: 'ab'.repeat(32),
    read: String(stored),
    stored: String(stored),
    rejected: '0',
    duplicates: '0',
    firstId: id(first),
    lastId: id(last),
  });

function check(entries: AuditEntry[], ids: string[]) {
  const provenance = new ProvenanceCheck(rule);
  for (const e of entries) provenance.addEntry(e);
  // Two pages, in no particular order: the rule must not depend on either.
  const shuffled = [...ids].reverse();
  provenance.addRecords(shuffled.slice(0, 3));
  provenance.addRecords(shuffled.slice(3));
  return { problems: provenance.finish().map((p) => [p.seq, p.message]), records: provenance.records };
}

describe('ProvenanceCheck', () => {
  it('accounts for records created one by one and by an import range', () => {
    const ids = [id(0), id(1), id(2), id(3), 'a1b2c3d4-0000-4000-8000-000000000001'];
    const result = check(
      [
        entry(0, 'party.created', 'ssd'),
        imported(1, 0, 3),
        entry(2, 'incident.created', ids[4]!),
        entry(3, 'incident.account_filed', ids[4]!),
      ],
      ids,
    );
    expect(result).toEqual({ problems: [], records: 5 });
  });

  it('keeps accepting one entry per imported row, as imports wrote before', () => {
    const ids = [id(7), id(8)];
    expect(
      check([entry(0, 'incident.imported', ids[0]!), entry(1, 'incident.imported', ids[1]!)], ids),
    ).toEqual({
      problems: [],
      records: 2,
    });
  });

  it('fails a row inside a range that the import did not store', () => {
    // Sorts between the range's first and second ids: within it, though no import made it.
    const intruder = `${id(0)}0`;
    expect(check([imported(4, 0, 3)], [id(0), id(1), id(2), id(3), intruder]).problems).toEqual([
      [
        4,
        `entry 4 records an import of 4 incident records from ${id(0)} to ${id(3)}, but 5 are stored in that range`,
      ],
    ]);
  });

  it('fails a row no entry covers', () => {
    expect(check([imported(1, 0, 1)], [id(0), id(1), id(2)]).problems).toEqual([
      [
        null,
        `incident ${id(2)} has no audit entry: neither its own entry nor an import's id range covers it`,
      ],
    ]);
  });

  it('fails a range a row was deleted from', () => {
    expect(check([imported(4, 0, 3)], [id(0), id(1), id(3)]).problems).toEqual([
      [
        4,
        `entry 4 records an import of 4 incident records from ${id(0)} to ${id(3)}, but 3 are stored in that range`,
      ],
    ]);
  });

  it('fails rows no entry covers, next to a range, and counts them past ten', () => {
    const strays = Array.from(
      { length: 12 },
      (_, n) => `ffffffff-0000-4000-8000-${String(n).padStart(12, '0')}`,
    );
    const { problems } = check([imported(1, 0, 1)], [id(0), id(1), id(2), ...strays]);
    // Ten are named (whichever come first), the rest counted.
    expect(
      problems
        .slice(0, 10)
        .every(
          ([seq, m]) =>
            seq === null &&
            /^incident \S+ has no audit entry: neither its own entry nor an import's id range covers it$/.test(
              String(m),
            ),
        ),
    ).toBe(true);
    expect(problems).toHaveLength(11);
    expect(problems[10]).toEqual([null, 'and 3 more incident records without an audit entry']);
  });

  it('fails a record created with its own entry that is no longer stored', () => {
    expect(check([entry(2, 'incident.created', id(9))], []).problems).toEqual([
      [2, `entry 2 records incident ${id(9)}, which is no longer stored`],
    ]);
  });

  it('fails an import entry that stored rows but names no range', () => {
    const broken = entry(5, 'incident.imported', null, { stored: '3', firstId: id(0) });
    expect(check([broken], []).problems).toEqual([
      [5, 'entry 5 records an import of 3 incident records without a valid id range'],
    ]);
  });

  it('needs no range from an import that stored nothing', () => {
    const empty = entry(5, 'incident.imported', null, { read: '4', stored: '0', duplicates: '4' });
    expect(check([empty], []).problems).toEqual([]);
  });
});
