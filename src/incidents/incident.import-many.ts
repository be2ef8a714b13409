import { isDeepStrictEqual } from 'node:util';
import { SqliteAdapter } from 'kysely';
import type { Actor } from '../access/actor.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { slicer } from '../platform/slices.js';
import { changedColumns, dedupeKey } from './incident.js';
import type { RecordedIncident } from './incident.events.js';
import * as repo from './incident.repository.js';
import { type NewIncident, newRows, partyOf } from './incident.rows.js';
import type { IncidentAccountRow, IncidentRow } from './incident.tables.js';
import { newImportRange } from './import-range.js';
import { addRangeToRollups, addToRollups } from './rollup.repository.js';

/** Whether the handle is on SQLite, where a bulk load rebuilds indexes instead of updating them. */
const isSqlite = (db: Db) => db.getExecutor().adapter instanceof SqliteAdapter;

export interface ImportCounts {
  added: number;
  duplicates: number;
  /** Stored rows whose (date, place, toll) matches an incident stored before the import. */
  possibleDuplicates: PossibleDuplicate[];
}

/** An imported row that may be an incident already stored: `index` into the inputs. */
export interface PossibleDuplicate {
  index: number;
  /** The incident the row became; null on a dry run. */
  id: string | null;
  /** The stored incident with the same date, place and toll. */
  duplicateOf: string;
}

/** The file an import read, as its audit entry names it. */
export interface ImportedFile {
  sha256: string;
  /** Rows read from the file, rejected ones included (blank and totals rows are not rows). */
  rows: number;
  rejected: number;
}

/** The columns an import set, gathered row by row: checks only those no row has set yet. */
class ColumnUnion {
  private readonly seen = new Set<string>();
  private unseen: string[] | null = null;

  add(row: IncidentRow): void {
    if (this.unseen?.length === 0) return;
    // Every column a row could set: all of them, given a value.
    this.unseen ??= changedColumns(null, Object.fromEntries(Object.keys(row).map((k) => [k, true])));
    // As `changedColumns(null, row)` would name them, asking only of the columns still unseen:
    // a column no row sets (a file without sub-types) kept every row checking all of them.
    const values = row as unknown as Record<string, unknown>;
    let added = false;
    for (const column of this.unseen)
      if (values[column] !== null) {
        this.seen.add(column);
        added = true;
      }
    if (added) this.unseen = this.unseen.filter((c) => !this.seen.has(c));
  }

  columns(): string[] {
    return [...this.seen];
  }
}

/** Whether a row repeats one of the stored accounts given (as parsed from their JSON). */
function isStoredAccount(input: NewIncident, bodies: readonly unknown[] | undefined): boolean {
  if (!bodies) return false;
  const { sourceKey: _key, isDemo: _demo, ...body } = input;
  const plain = JSON.parse(JSON.stringify(body)) as unknown;
  return bodies.some((b) => isDeepStrictEqual(b, plain));
}

/**
 * Whether an earlier row of the file is identical to this one. Only the rows with the same
 * (date, place, toll) are compared: `sameKey` holds them, by key, as their indexes.
 */
function isRepeatedRow(
  inputs: readonly NewIncident[],
  index: number,
  key: string,
  sameKey: Map<string, number | number[]>,
): boolean {
  const earlier = sameKey.get(key);
  const input = inputs[index]!;
  if (earlier === undefined) {
    sameKey.set(key, index);
    return false;
  }
  const indexes = typeof earlier === 'number' ? [earlier] : earlier;
  if (indexes.some((i) => isDeepStrictEqual(inputs[i], input))) return true;
  sameKey.set(key, [...indexes, index]);
  return false;
}

/** Many incidents stored in one audited write, for the incident service to serve as `importMany`. */
export function incidentImporter(deps: { db: Db; writes: AuditedWrites }) {
  const { db, writes } = deps;

  /**
   * Stores imported incidents in one transaction. A row whose source key is already stored or
   * repeated in the file is a duplicate and skipped, so a re-import adds nothing; a row without
   * one is skipped only when it is identical to an earlier row of the file or to a stored
   * account (two attacks on the same day, place and toll happen). A row whose (date, place,
   * toll) matches an incident stored before this import is stored and listed as a possible
   * duplicate for an analyst to merge or keep. All rows are classified before any is stored, so
   * the file never matches itself. The stored rows get contiguous ids (`import-range.ts`) and
   * the import one audit entry naming the file, the counts and the first and last id: an entry
   * per row made the log, not the rows, the cost of an import. Yields to the event loop between
   * slices.
   */
  return async function importMany(
    actor: Actor,
    inputs: NewIncident[],
    options: {
      dryRun?: boolean;
      onProgress?: (done: number, total: number) => void;
      /** The file the inputs came from, for the audit entry: its SHA-256 and the rows it had. */
      file?: ImportedFile;
      /**
       * On SQLite, an import at least as large as the table drops the incidents' secondary
       * indexes, inserts, rebuilds them and counts its rows in the rollups with one statement:
       * faster, but each of those statements (and the commit) holds the event loop for the
       * whole import (55 s at a million rows). For the command line only; a server stores in
       * slices and yields between them.
       */
      bulk?: boolean;
    } = {},
  ): Promise<ImportCounts> {
    const partyId = partyOf(actor);
    const batch = 500;
    let duplicates = 0;
    const skip = new Uint8Array(inputs.length);
    const possibleDuplicates: PossibleDuplicate[] = [];
    const seenSource = new Set<string>();
    // The rows of the file without a source key by (date, place, toll), to find identical rows cheaply.
    const sameKey = new Map<string, number | number[]>();
    // Awaited SQLite queries do not yield: slices keep the event loop serving during a large import.
    const slices = slicer();
    /** Marks each input that is a duplicate, and lists those that match a stored incident. */
    // Whether the table held no more incidents than the import brings: then every stored key is
    // read once, and a bulk import on SQLite rebuilds the indexes after the rows go in.
    let large = false;
    const classify = async (executor: Db) => {
      const loaded = await repo.allKeysUpTo(executor, inputs.length);
      large = loaded !== null;
      for (let start = 0; start < inputs.length; start += batch) {
        const slice = inputs.slice(start, start + batch);
        const keys = slice.map((i) => dedupeKey(i));
        const existing =
          loaded ??
          (await repo.findExistingKeys(
            executor,
            slice.map((i) => i.sourceKey).filter((k): k is string => !!k),
            keys,
          ));
        // A row without a source key that repeats a stored account exactly is that record again.
        const matched = keys.filter((k, i) => !slice[i]!.sourceKey && existing.dedupeKeys.has(k));
        const stored = matched.length > 0 ? await repo.currentBodiesByKey(executor, matched) : null;
        for (const [offset, input] of slice.entries()) {
          const index = start + offset;
          const key = keys[offset]!;
          const duplicate = input.sourceKey
            ? existing.sourceKeys.has(input.sourceKey) || seenSource.has(input.sourceKey)
            : isRepeatedRow(inputs, index, key, sameKey) || isStoredAccount(input, stored?.get(key));
          if (input.sourceKey) seenSource.add(input.sourceKey);
          if (duplicate) {
            skip[index] = 1;
            duplicates += 1;
            continue;
          }
          const match = existing.dedupeKeys.get(key);
          if (match !== undefined) possibleDuplicates.push({ index, id: null, duplicateOf: match });
        }
        await slices.pause();
      }
    };
    /** Stores every input not marked as a duplicate, giving each possible duplicate its new id. */
    const store = async ({ tx, now, audit, publish }: WriteScope, bulk = false) => {
      const nowIso = now.toISOString();
      const range = newImportRange();
      // The accounts' ids are contiguous too: appended to their index, not scattered through it.
      const accountRange = newImportRange();
      const fields = new ColumnUnion();
      const recorded: RecordedIncident[] = [];
      const possible = new Map(possibleDuplicates.map((p) => [p.index, p]));
      let rows: IncidentRow[] = [];
      let accounts: IncidentAccountRow[] = [];
      // One statement's worth at a time, the loop served in between: a few tens of milliseconds.
      const flush = async (done: number) => {
        await repo.insertIncidents(tx, rows);
        await repo.insertAccounts(tx, accounts);
        // A bulk load counts its rows in the rollups once, at the end.
        if (!bulk)
          await addToRollups(
            tx,
            rows.map((row) => row.id),
          );
        rows = [];
        accounts = [];
        options.onProgress?.(done, inputs.length);
        await slices.pause();
      };
      for (let index = 0; index < inputs.length; index++) {
        if (!skip[index]) {
          const { row, account } = newRows(actor, partyId, inputs[index]!, nowIso, {
            incident: range.idAt(recorded.length),
            account: accountRange.idAt(recorded.length),
          });
          rows.push(row);
          accounts.push(account);
          fields.add(row);
          recorded.push({ id: row.id, cellBefore: null, cellAfter: row.h3_cell });
          const listed = possible.get(index);
          if (listed) listed.id = row.id;
        }
        if (rows.length === repo.rowsPerInsert) await flush(index + 1);
      }
      await flush(inputs.length);
      const added = recorded.length;
      if (bulk && added > 0)
        await addRangeToRollups(tx, { first: recorded[0]!.id, last: recorded[added - 1]!.id });
      await audit({
        action: 'incident.imported',
        entityId: null,
        fields: fields.columns(),
        details: {
          ...(options.file ? { fileSha256: options.file.sha256 } : {}),
          read: String(options.file?.rows ?? inputs.length),
          stored: String(added),
          rejected: String(options.file?.rejected ?? 0),
          duplicates: String(duplicates),
          ...(added > 0 ? { firstId: recorded[0]!.id, lastId: recorded[added - 1]!.id } : {}),
        },
      });
      if (added > 0) publish('incident.recorded', { incidents: recorded });
    };
    if (options.dryRun) {
      await classify(db);
    } else {
      await writes.write(actor, async (scope) => {
        await classify(scope.tx);
        if (options.bulk && large && isSqlite(scope.tx))
          await repo.withIndexesRebuilt(scope.tx, () => store(scope, true));
        else await store(scope);
      });
    }
    return { added: inputs.length - duplicates, duplicates, possibleDuplicates };
  };
}
