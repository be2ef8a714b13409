import { createHash } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { Clock } from '../platform/clock.js';
import { validationFailed } from '../platform/errors.js';
import { type WorkerClient, workerClient } from '../platform/worker.js';
import type {
  IncidentFormat,
  ParsedRow,
  RejectedRow,
  RowNote,
  RowPlace,
  SkippedRow,
} from './import/parse.js';
import type { IncidentFileRequest, IncidentFileSummary } from './import.worker.js';
import { futureDateCheck } from './incident.js';
import type { NewIncident } from './incident.rows.js';
import type { IncidentService } from './incident.service.js';

/** The SHA-256 of the file's bytes (of its UTF-8 when it came as text), as its audit entry names it. */
function sha256Of(file: Uint8Array | string): string {
  return createHash('sha256').update(file).digest('hex');
}

/** The worker that parses incident files off the event loop. */
export function incidentFileParser(): WorkerClient<IncidentFileRequest, IncidentFileSummary, ParsedRow[]> {
  return workerClient(new URL('./import.worker.js', import.meta.url));
}

export type IncidentFileParser = ReturnType<typeof incidentFileParser>;

export interface IncidentImportOptions {
  format: IncidentFormat;
  /** The column mapping (YAML) for `format: csv`. */
  mapping?: string | undefined;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Whether a large import may hold the event loop for its bulk statements (see `importMany`):
   * for the command line, where nothing else is served; never for a running server.
   */
  bulk?: boolean;
}

export interface IncidentImportReport {
  encoding: 'utf-8' | 'windows-1252';
  rows: number;
  added: number;
  duplicates: number;
  rejected: RejectedRow[];
  skipped: SkippedRow[];
  /** The number of rows imported after a repair. */
  repaired: number;
  /** Every repair made to an imported row (a swapped range, a cut text), in file order. */
  repairs: RowNote[];
  /** Every cell of an imported row that could not be read and was left unknown, in file order. */
  warnings: RowNote[];
  /**
   * Rows stored although their date, place and toll match an incident stored before: for an
   * analyst to merge or keep. `id` is the new incident (null on a dry run).
   */
  possibleDuplicates: (RowPlace & { id: string | null; duplicateOf: string })[];
  dryRun: boolean;
}

/**
 * Imports a file of incidents: every good row is stored, every bad row is reported with its
 * record, line and reason. Rows whose source key is stored already, or that repeat an earlier row
 * of the file exactly, are skipped and counted, so running it again adds nothing; a row matching
 * a stored incident only by date, place and toll is stored and listed as a possible duplicate.
 */
export function incidentImporter(deps: {
  incidents: IncidentService;
  parser: IncidentFileParser;
  clock: Clock;
}) {
  return async function importIncidents(
    actor: Actor,
    file: Uint8Array | string,
    options: IncidentImportOptions,
  ): Promise<IncidentImportReport> {
    if (options.format === 'csv' && !options.mapping)
      throw validationFailed('mapping', 'Format csv needs a column mapping');
    // Decoding, reading and validating run in the worker; storing stays here, in slices.
    const incidents: NewIncident[] = [];
    const places: RowPlace[] = [];
    const future: RejectedRow[] = [];
    const futureOf = futureDateCheck(deps.clock.now());
    const sha256 = sha256Of(file);
    const parsed = await deps.parser.run(
      { file, format: options.format, mapping: options.mapping },
      (part) => {
        for (const row of part) {
          const problem = futureOf(row.incident.date);
          if (problem) future.push({ record: row.record, line: row.line, field: 'date', message: problem });
          else {
            incidents.push(row.incident);
            places.push(row);
          }
        }
      },
    );
    const rejected = [...parsed.rejected, ...future].sort((a, b) => a.record - b.record);
    // A row rejected for its date after it was read keeps no notes: it was not imported.
    const late = new Set(future.map((f) => f.record));
    const notes = late.size === 0 ? parsed.notes : parsed.notes.filter((n) => !late.has(n.record));
    const counts = await deps.incidents.importMany(actor, incidents, {
      dryRun: options.dryRun ?? false,
      onProgress: options.onProgress,
      bulk: options.bulk ?? false,
      file: { sha256, rows: incidents.length + rejected.length, rejected: rejected.length },
    });
    return {
      encoding: parsed.encoding,
      rows: incidents.length + rejected.length,
      added: counts.added,
      duplicates: counts.duplicates,
      rejected,
      skipped: parsed.skipped,
      repaired: new Set(notes.filter((n) => n.kind === 'repaired').map((n) => n.record)).size,
      repairs: notes.filter((n) => n.kind === 'repaired'),
      warnings: notes.filter((n) => n.kind === 'warning'),
      possibleDuplicates: counts.possibleDuplicates.map(({ index, id, duplicateOf }) => ({
        record: places[index]!.record,
        line: places[index]!.line,
        id,
        duplicateOf,
      })),
      dryRun: options.dryRun ?? false,
    };
  };
}

export type IncidentImporter = ReturnType<typeof incidentImporter>;
