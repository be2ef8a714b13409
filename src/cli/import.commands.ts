import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { type IncidentFormat, incidentFormats } from '../incidents/import/parse.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { decodeBytes } from '../platform/text-encoding.js';
import { personColumns } from '../registry/person.import.js';
import { action, withServices } from './context.js';
import { progressBar } from './progress.js';

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

/** `jsms import persons` and `jsms import incidents`. */
export function registerImportCommands(program: Command): void {
  const importCommand = program.command('import').description('Bulk imports from CSV');
  importCommand
    .command('persons')
    .description(
      `Register persons from a CSV file with a header row: ${Object.keys(personColumns).join(', ')}`,
    )
    .argument('<file>', 'the CSV file (UTF-8 or Windows-1252)')
    .requiredOption('--party <id>', 'the party registering them')
    .option('--partial', 'store the good rows even if some are rejected (default: all or nothing)')
    .option('--dry-run', 'check every row and report, storing nothing')
    .action(
      action(
        async (
          file: string,
          options: { party: string; partial?: boolean; dryRun?: boolean },
          command: Command,
        ) => {
          const bytes = readInput(file);
          await withServices(command, async (services) => {
            const bar = progressBar('importing');
            const report = await services.importPersons(cliActor(options.party), bytes, {
              partyId: options.party,
              partial: options.partial ?? false,
              dryRun: options.dryRun ?? false,
              onProgress: bar.update,
            });
            bar.finish();
            for (const row of report.rejected)
              process.stderr.write(`jsms: rejected: line ${row.line}, ${row.field}: ${row.message}\n`);
            const verb = report.dryRun ? 'would import' : 'imported';
            process.stdout.write(
              `${verb} ${report.imported} of ${report.rows} rows; ${report.rejected.length} rejected\n`,
            );
            if (report.rejected.length > 0) process.exitCode = 2;
          });
        },
      ),
    );
  importCommand
    .command('incidents')
    .description(
      'Import incidents from a UCDP GED, ACLED or GTD export, the JSMS template, or any CSV with a mapping',
    )
    .argument('<file>', 'the CSV file (UTF-8 or Windows-1252, any line endings)')
    .requiredOption('--format <format>', incidentFormats.join(', '))
    .option(
      '--mapping <file>',
      'for --format csv: a YAML column mapping (see docs/incident-mapping.example.yaml)',
    )
    .option('--party <id>', 'the party whose account the incidents are', 'the host party')
    .option('--dry-run', 'parse and report, storing nothing')
    .action(
      action(
        async (
          file: string,
          options: { format: string; mapping?: string; party: string; dryRun?: boolean },
          command: Command,
        ) => {
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
            const bar = progressBar('importing');
            const report = await services.importIncidents(cliActor(partyId), bytes, {
              format: options.format as IncidentFormat,
              mapping,
              dryRun: options.dryRun ?? false,
              onProgress: bar.update,
            });
            bar.finish();
            for (const row of report.rejected)
              process.stderr.write(`jsms: rejected: line ${row.line}, ${row.field}: ${row.message}\n`);
            const verb = report.dryRun ? 'would add' : 'added';
            process.stdout.write(
              `${report.rows} rows (${report.encoding}): ${verb} ${report.added}, ${report.duplicates} duplicates skipped, ` +
                `${report.rejected.length} rejected, ${report.skipped.length} not incidents (totals, blank), ${report.repaired} repaired\n`,
            );
            if (report.rejected.length > 0) process.exitCode = 2;
          });
        },
      ),
    );
}
