import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { AppError } from '../platform/errors.js';
import { personColumns } from '../registry/person.import.js';
import { action, withServices } from './context.js';
import { progressBar } from './progress.js';

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
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
export function registerRegistryCommands(program: Command): void {
  const importCommand = program.command('import').description('Bulk imports from CSV');
  importCommand
    .command('persons')
    .description(
      `Register persons from a CSV file with a header row: ${Object.keys(personColumns).join(', ')}`,
    )
    .argument('<file>', 'the CSV file (UTF-8)')
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
          const csv = readInput(file);
          await withServices(command, async (services) => {
            const bar = progressBar('importing');
            const report = await services.importPersons(cliActor(options.party), csv, {
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
}
