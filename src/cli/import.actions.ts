import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { type IncidentFormat, incidentFormats } from '../incidents/import/types.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { decodeBytes } from '../platform/text-encoding.js';
import { withServices } from './context.js';
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

/** `jsms import incidents`. */
export async function importIncidents(
  file: string,
  options: { format: string; mapping?: string; party: string; dryRun?: boolean },
  command: Command,
) {
  if (!(incidentFormats as readonly string[]).includes(options.format)) {
    throw validationFailed('format', `--format is one of ${incidentFormats.join(', ')}`);
  }
  const bytes = readInput(file);
  const mapping = options.mapping ? decodeBytes(readInput(options.mapping)).text : undefined;
  await withServices(command, async (services) => {
    const parties = await services.parties.list(cliActor());
    const partyId =
      options.party === 'the host party' ? parties.find((p) => p.kind === 'host')?.id : options.party;
    if (!partyId || !parties.some((p) => p.id === partyId))
      throw validationFailed('party', `No party ${options.party}`);
    const report = await withProgressBar('importing', (onProgress) =>
      services.importIncidents(cliActor(partyId), bytes, {
        format: options.format as IncidentFormat,
        mapping,
        dryRun: options.dryRun ?? false,
        onProgress,
      }),
    );
    const verb = report.dryRun ? 'would add' : 'added';
    finishImport(
      report.rejected,
      `${report.rows} rows (${report.encoding}): ${verb} ${report.added}, ${report.duplicates} duplicates skipped, ` +
        `${report.rejected.length} rejected, ${report.skipped.length} not incidents (totals, blank), ${report.repaired} repaired`,
    );
  });
}
