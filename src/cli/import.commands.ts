import type { Command } from 'commander';
import { incidentFormats } from '../incidents/import/types.js';
import { personColumns } from '../registry/person.columns.js';
import { lazyAction } from './exit.js';

const actions = () => import('./import.actions.js');

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
    .action(lazyAction(actions, 'importPersons'));
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
    .option(
      '--create-host <name>',
      'in a data directory without parties, create the host party of this name first',
    )
    .option('--dry-run', 'parse and report, storing nothing')
    .option(
      '--report <file>',
      'write every rejected, repaired, warned and possibly duplicate row with its reason, as CSV',
    )
    .action(lazyAction(actions, 'importIncidents'));
}
