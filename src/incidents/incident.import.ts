import type { Actor } from '../access/actor.js';
import { type IncidentFormat, parseIncidentFile, parseMapping, type RejectedRow } from './import/parse.js';
import type { IncidentService } from './incident.service.js';
import { validationFailed } from '../platform/errors.js';

export interface IncidentImportOptions {
  format: IncidentFormat;
  /** The column mapping (YAML) for `format: csv`. */
  mapping?: string | undefined;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface IncidentImportReport {
  encoding: 'utf-8' | 'windows-1252';
  rows: number;
  added: number;
  duplicates: number;
  rejected: RejectedRow[];
  skipped: { line: number; reason: string }[];
  repaired: number;
  dryRun: boolean;
}

/**
 * Imports a file of incidents: every good row is stored (duplicates of stored incidents, by
 * source id or by date, place and toll, are skipped and counted), every bad row is reported with
 * its line and reason. Running it again adds nothing.
 */
export function incidentImporter(deps: { incidents: IncidentService }) {
  return async function importIncidents(
    actor: Actor,
    bytes: Buffer,
    options: IncidentImportOptions,
  ): Promise<IncidentImportReport> {
    if (options.format === 'csv' && !options.mapping)
      throw validationFailed('mapping', 'Format csv needs a column mapping');
    const mapping = options.mapping ? parseMapping(options.mapping) : undefined;
    const parsed = parseIncidentFile(bytes, options.format, mapping);
    const counts = await deps.incidents.importMany(
      actor,
      parsed.rows.map((r) => r.incident),
      { dryRun: options.dryRun ?? false, onProgress: options.onProgress },
    );
    return {
      encoding: parsed.encoding,
      rows: parsed.rows.length + parsed.rejected.length,
      added: counts.added,
      duplicates: counts.duplicates,
      rejected: parsed.rejected,
      skipped: parsed.skipped,
      repaired: new Set(parsed.notes.map((n) => n.line)).size,
      dryRun: options.dryRun ?? false,
    };
  };
}

export type IncidentImporter = ReturnType<typeof incidentImporter>;
