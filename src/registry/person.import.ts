import type { Actor } from '../access/actor.js';
import type { Db } from '../database.js';
import type { FieldCipher } from '../platform/encryption.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { slicer } from '../platform/slices.js';
import type { FileEncoding } from '../platform/text-encoding.js';
import { type WorkerClient, workerClient } from '../platform/worker.js';
import type { PersonRowInput, RejectedRow } from './person.csv.js';
import type { PersonCsvRequest, PersonCsvSummary } from './person.import.worker.js';
import type { PersonService } from './person.service.js';
import type { PersonInput } from './registry.js';
import { listPassportIndexes } from './person.repository.js';
import { listActiveSiteNames } from './site.repository.js';

export { personColumns } from './person.columns.js';
export type { RejectedRow } from './person.csv.js';

/** The worker that reads and validates person CSV files off the event loop. */
export function personCsvReader(): WorkerClient<PersonCsvRequest, PersonCsvSummary, PersonRowInput[]> {
  return workerClient(new URL('./person.import.worker.js', import.meta.url));
}

export type PersonCsvReader = ReturnType<typeof personCsvReader>;

export interface ImportReport {
  /** The encoding the file was read in. */
  encoding: FileEncoding;
  rows: number;
  imported: number;
  rejected: RejectedRow[];
  dryRun: boolean;
}

export interface ImportOptions {
  partyId?: string | undefined;
  /** Store the good rows even when some are rejected. */
  partial?: boolean;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Bulk registration of persons from CSV. Every row is checked first; unless `partial`, one bad
 * row means nothing is stored. Each stored person gets its own audit entry.
 */
export function personImporter(deps: {
  db: Db;
  cipher: FieldCipher;
  persons: PersonService;
  reader: PersonCsvReader;
}) {
  const { db, cipher, persons, reader } = deps;

  return async function importPersons(
    actor: Actor,
    file: Uint8Array | string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const partyId = actor.type === 'system' ? options.partyId : actor.partyId;
    if (!partyId) throw validationFailed('party', 'Name the party the persons belong to');
    const sites = await listActiveSiteNames(db, partyId);
    // Parsing and the schema run in the worker; the passport check needs the index key, kept here.
    const read: PersonRowInput[] = [];
    const summary = await reader.run({ file, sites, partyId }, (part) => {
      for (const row of part) read.push(row);
    });
    const existing = await listPassportIndexes(db, partyId);

    const rejected: RejectedRow[] = [...summary.rejected];
    const valid: PersonInput[] = [];
    const slices = slicer();
    for (const { line, input } of read) {
      await slices.pause();
      if (input.passportNumber) {
        const index = cipher.blindIndex(input.passportNumber);
        if (existing.has(index)) {
          rejected.push({
            line,
            field: 'passport_number',
            message: 'a person with this passport number is already registered',
          });
          continue;
        }
        existing.add(index);
      }
      valid.push(input);
    }
    // In file order, as one pass over the rows would list them.
    rejected.sort((a, b) => a.line - b.line);

    const report = {
      encoding: summary.encoding,
      rows: summary.rows,
      imported: 0,
      rejected,
      dryRun: options.dryRun ?? false,
    };
    if (rejected.length > 0 && !options.partial) {
      const first = rejected[0]!;
      throw new AppError(
        'import_rejected',
        `${rejected.length} of ${summary.rows} rows rejected (first: line ${first.line}, ${first.field}: ${first.message}); nothing was imported`,
        {
          row: first.line,
          field: first.field,
          in: 'body',
          rejected,
        },
      );
    }
    if (options.dryRun) return { ...report, imported: valid.length };
    await persons.createMany(
      actor,
      valid.map((input) => ({ ...input, partyId })),
      options.onProgress,
    );
    return { ...report, imported: valid.length };
  };
}

export type PersonImporter = ReturnType<typeof personImporter>;
