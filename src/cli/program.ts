import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerAccessCommands } from './access.commands.js';
import { registerAgreementCommands } from './agreement.commands.js';
import { registerAuditCommands } from './audit.commands.js';
import { registerIncidentCommands } from './incident.commands.js';
import { registerImportCommands } from './import.commands.js';
import { registerMovementCommands } from './movement.commands.js';
import { registerServeCommands } from './serve.command.js';

const exitStatuses = `
Exit status: 0 success; 1 failure (or a broken audit log); 2 bad input; 3 not allowed;
4 not found; 5 conflict with what is stored. Errors print one line: jsms: <code>: <message>.

Environment: PORT, HOST, JSMS_DATA_DIR, DATABASE_URL, JSMS_KEYS_DIR, LOG_LEVEL and the others
listed in README.md; flags win over the environment.`;

/** The version in package.json, which sits two levels above both src/cli/ and dist/cli/. */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * The `jsms` command line: thin wrappers over the services. The command tree loads no service:
 * each action imports its implementation when it runs, so `--help` and `--version` answer at once.
 */
export function buildProgram(): Command {
  const program = new Command('jsms')
    .description('JSMS, the Joint Security Management System')
    .version(packageVersion(), '-V, --version', 'print the version')
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
  registerMovementCommands(program);
  return program;
}

/** Parses `argv` and runs the command it names. */
export async function runCli(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
