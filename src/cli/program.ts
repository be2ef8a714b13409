import { Command } from 'commander';
import { registerAccessCommands } from './access.commands.js';
import { registerAgreementCommands } from './agreement.commands.js';
import { registerAuditCommands } from './audit.commands.js';
import { registerIncidentCommands } from './incident.commands.js';
import { registerImportCommands } from './import.commands.js';
import { registerServeCommands } from './serve.command.js';

const exitStatuses = `
Exit status: 0 success; 1 failure (or a broken audit log); 2 bad input; 3 not allowed;
4 not found; 5 conflict with what is stored. Errors print one line: jsms: <code>: <message>.

Environment: PORT, HOST, JSMS_DATA_DIR, DATABASE_URL, JSMS_KEYS_DIR, LOG_LEVEL and the others
listed in README.md; flags win over the environment.`;

/** The `jsms` command line: thin wrappers over the services. */
export function buildProgram(): Command {
  const program = new Command('jsms')
    .description('JSMS, the Joint Security Management System')
    .option(
      '--data-dir <dir>',
      'data directory: embedded database, keys, demo credentials (env JSMS_DATA_DIR, default ./data)',
    )
    .option('--database-url <url>', 'use PostgreSQL instead of the embedded database (env DATABASE_URL)')
    .addHelpText('after', exitStatuses)
    .showHelpAfterError()
    .configureOutput({
      outputError: (text, write) => write(text.startsWith('error:') ? `jsms: ${text}` : text),
    })
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerServeCommands(program);
  registerAccessCommands(program);
  registerAuditCommands(program);
  registerAgreementCommands(program);
  registerImportCommands(program);
  registerIncidentCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
