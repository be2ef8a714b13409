import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { type IncidentFormat, incidentFormats, type NoteKind } from '../incidents/import/types.js';
import type { IncidentImportReport } from '../incidents/incident.import.js';
import { writeCsv } from '../platform/csv.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { decodeBytes } from '../platform/text-encoding.js';
import type { Services } from '../services.js';
import { namedParty, withServices } from './context.js';
import { withProgressBar } from './output.js';

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new AppError(
      'validation_failed',
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        field: 'FILE',
      },
    );
  }
}

/** `jsms import persons`. */
export async function importPersons(
  file: string,
  options: { party: string; partial?: boolean; dryRun?: boolean },
  command: Command,
) {
  const bytes = readInput(file);
  await withServices(command, async (services) => {
    const report = await withProgressBar('importing', (onProgress) =>
      services.importPersons(cliActor(options.party), bytes, {
        partyId: options.party,
        partial: options.partial ?? false,
        dryRun: options.dryRun ?? false,
        onProgress,
      }),
    );
    const verb = report.dryRun ? 'would import' : 'imported';
    finishImport(
      report.rejected,
      `${verb} ${report.imported} of ${report.rows} rows; ${report.rejected.length} rejected`,
    );
  });
}

/** Reports an import's rejected rows on stderr and its summary on stdout; any rejected row exits 2. */
function finishImport(
  rejected: readonly { line: number; field: string; message: string }[],
  summary: string,
) {
  for (const row of rejected)
    process.stderr.write(`jsms: rejected: line ${row.line}, ${row.field}: ${row.message}\n`);
  process.stdout.write(`${summary}\n`);
  if (rejected.length > 0) process.exitCode = 2;
}

/** How an incident import treated a row it names, for stderr and `--report`. */
type RowOutcome = 'rejected' | NoteKind | 'possible duplicate';
interface NamedRow {
  outcome: RowOutcome;
  record: number;
  line: number;
  field: string;
  message: string;
}

/** Every rejected, repaired and warned row of an incident import, in file order. */
function namedRows(report: IncidentImportReport): NamedRow[] {
  return [
    ...report.rejected.map((r) => ({ outcome: 'rejected' as const, ...r })),
    ...report.repairs.map((r) => ({ ...r, outcome: r.kind })),
    ...report.warnings.map((r) => ({ ...r, outcome: r.kind })),
    ...report.possibleDuplicates.map((r) => ({
      outcome: 'possible duplicate' as const,
      record: r.record,
      line: r.line,
      field: 'row',
      message: `${r.id ? `stored as ${r.id}; ` : ''}same date, place and toll as incident ${r.duplicateOf}`,
    })),
  ].sort((a, b) => a.record - b.record);
}

/** The `--report FILE` of an incident import: one CSV row per rejected, repaired, warned or possibly duplicate row. */
export function importReportCsv(report: IncidentImportReport): string {
  return writeCsv([
    ['record', 'line', 'outcome', 'column', 'reason'],
    ...namedRows(report).map((r) => [r.record, r.line, r.outcome, r.field, r.message]),
  ]);
}

/** An id for a party from its name: lower-case letters and digits, words joined by dashes. */
const partyIdOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/**
 * The party whose account imported incidents are. A data directory without parties says what to
 * create first, or creates the host itself when `--create-host NAME` is given.
 */
async function accountingParty(services: Services, options: { party: string; createHost?: string }) {
  let parties = await services.parties.list(cliActor());
  if (parties.length === 0 && options.createHost) {
    const id = partyIdOf(options.createHost);
    if (!id) throw validationFailed('createHost', '--create-host names the host party, in letters or digits');
    await services.parties.create(cliActor(), { id, name: options.createHost, kind: 'host' });
    process.stderr.write(`jsms: created the host party ${id} (${options.createHost})\n`);
    parties = await services.parties.list(cliActor());
  }
  if (parties.length === 0)
    throw validationFailed(
      'party',
      'This data directory has no parties yet: incidents are an account of a party. Add the host first ' +
        '(jsms party add --id ssd --name "Special Security Division" --kind host), or import with --create-host NAME',
    );
  return namedParty(services, options.party);
}

/** `jsms import incidents`. */
export async function importIncidents(
  file: string,
  options: {
    format: string;
    mapping?: string;
    party: string;
    dryRun?: boolean;
    report?: string;
    createHost?: string;
  },
  command: Command,
) {
  if (!(incidentFormats as readonly string[]).includes(options.format)) {
    throw validationFailed('format', `--format is one of ${incidentFormats.join(', ')}`);
  }
  const bytes = readInput(file);
  const mapping = options.mapping ? decodeBytes(readInput(options.mapping)).text : undefined;
  await withServices(command, async (services) => {
    const partyId = await accountingParty(services, options);
    const report = await withProgressBar('importing', (onProgress) =>
      services.importIncidents(cliActor(partyId), bytes, {
        format: options.format as IncidentFormat,
        mapping,
        dryRun: options.dryRun ?? false,
        onProgress,
        // Nothing else is served from this process: the bulk statements may hold its loop.
        bulk: true,
      }),
    );
    if (options.report) writeFileSync(options.report, importReportCsv(report));
    // Rejected rows go through finishImport; repairs, warnings and possible duplicates are listed in full too.
    for (const row of namedRows(report).filter((r) => r.outcome !== 'rejected'))
      process.stderr.write(
        `jsms: ${row.outcome}: line ${row.line}, ${row.field}: ${row.message} (record ${row.record})\n`,
      );
    const verb = report.dryRun ? 'would add' : 'added';
    finishImport(
      report.rejected.map((r) => ({ ...r, message: `${r.message} (record ${r.record})` })),
      `${report.rows} rows (${report.encoding}): ${verb} ${report.added}, ${report.duplicates} duplicates skipped, ` +
        `${report.rejected.length} rejected, ${report.skipped.length} not incidents (totals, blank), ` +
        `${report.repaired} repaired, ${report.warnings.length} cells left unknown, ` +
        `${report.possibleDuplicates.length} possible duplicates`,
    );
  });
}
