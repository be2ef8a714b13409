import type { AuditEntry } from './audit.js';
import type { VerifyProblem } from './audit.verify.js';

/**
 * A kind of record every stored row of which the log must account for, and the actions that
 * create one. An entry of such an action names its record (`entityId`), or, for an import that
 * wrote one entry for all its rows, the first and last id of the contiguous range it stored and
 * how many (`details.firstId`, `details.lastId`, `details.stored`).
 */
export interface ProvenanceRule {
  entityType: string;
  creating: readonly string[];
}

interface Range {
  seq: number;
  first: string;
  last: string;
  stored: number;
  found: number;
}

/** How many records without an entry a report names one by one before it only counts them. */
const namedUncovered = 10;

/**
 * Checks that every stored record of one kind was created by an entry of the log: its own entry,
 * or an import entry whose id range holds it, and that each such range holds exactly as many
 * stored rows as its entry says and each record named by its own entry is still stored. A row
 * added behind the log's back is uncovered, or makes a range's count too high; a row deleted
 * leaves its entry without its record, or a range's count too low. Pure: feed the verified
 * entries first (`addEntry`), then the stored ids (`addRecords`), in any order.
 */
export class ProvenanceCheck {
  private readonly creating: ReadonlySet<string>;
  /** Records named by their own entry and not yet found stored: id → the entry's seq. */
  private readonly own = new Map<string, number>();
  private readonly ranges: Range[] = [];
  private sorted = false;
  private uncovered = 0;
  private readonly examples: string[] = [];
  private readonly problems: VerifyProblem[] = [];
  /** Stored records checked. */
  records = 0;

  constructor(private readonly rule: ProvenanceRule) {
    this.creating = new Set(rule.creating);
  }

  /** Notes what an entry of the log says was created. */
  addEntry(entry: AuditEntry): void {
    if (entry.entityType !== this.rule.entityType || !this.creating.has(entry.action)) return;
    if (entry.entityId !== null) {
      this.own.set(entry.entityId, entry.seq);
      return;
    }
    const { firstId, lastId, stored } = entry.details ?? {};
    if (stored === undefined || Number(stored) === 0) return;
    if (firstId === undefined || lastId === undefined || !/^\d+$/.test(stored) || firstId > lastId) {
      this.problems.push({
        seq: entry.seq,
        message: `entry ${entry.seq} records an import of ${stored} ${this.rule.entityType} records without a valid id range`,
      });
      return;
    }
    this.ranges.push({ seq: entry.seq, first: firstId, last: lastId, stored: Number(stored), found: 0 });
    this.sorted = false;
  }

  /** Accounts for stored records by their ids. */
  addRecords(ids: readonly string[]): void {
    if (!this.sorted) {
      this.ranges.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
      this.sorted = true;
    }
    for (const id of ids) {
      this.records += 1;
      if (this.own.delete(id)) continue;
      const range = this.rangeOf(id);
      if (range) range.found += 1;
      else {
        this.uncovered += 1;
        if (this.examples.length < namedUncovered) this.examples.push(id);
      }
    }
  }

  /** The problems found: uncovered records, ranges whose count differs, records named but gone. */
  finish(): VerifyProblem[] {
    const kind = this.rule.entityType;
    const problems = [...this.problems];
    for (const range of this.ranges) {
      if (range.found !== range.stored) {
        problems.push({
          seq: range.seq,
          message: `entry ${range.seq} records an import of ${range.stored} ${kind} records from ${range.first} to ${range.last}, but ${range.found} are stored in that range`,
        });
      }
    }
    for (const [id, seq] of this.own) {
      problems.push({ seq, message: `entry ${seq} records ${kind} ${id}, which is no longer stored` });
    }
    for (const id of this.examples) {
      problems.push({
        seq: null,
        message: `${kind} ${id} has no audit entry: neither its own entry nor an import's id range covers it`,
      });
    }
    if (this.uncovered > this.examples.length) {
      problems.push({
        seq: null,
        message: `and ${this.uncovered - this.examples.length} more ${kind} records without an audit entry`,
      });
    }
    return problems;
  }

  /** The range whose first id is the greatest not after `id`, if `id` is within it. */
  private rangeOf(id: string): Range | undefined {
    let low = 0;
    let high = this.ranges.length - 1;
    let found: Range | undefined;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const range = this.ranges[mid]!;
      if (range.first <= id) {
        found = range;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found && id <= found.last ? found : undefined;
  }
}
