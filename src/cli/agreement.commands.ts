import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor, type UserActor } from '../access/actor.js';
import { userActor } from '../access/session.service.js';
import { forbidden, validationFailed } from '../platform/errors.js';
import type { Services } from '../services.js';
import { action, withServices } from './context.js';

function out(line: string): void {
  process.stdout.write(line + '\n');
}

function versionArg(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw validationFailed(name, `${name} is a version number, 1 or more`);
  return n;
}

/** The command line acts for a named admin, as the agreement requires an admin's act. */
async function adminActor(services: Services, username: string): Promise<UserActor> {
  const user = await services.users.getByUsername(cliActor(), username);
  if (!user.roles.includes('admin') || user.disabledAt !== null)
    throw forbidden(`${username} is not an active admin`, { roles: ['admin'] });
  return userActor(user, 'token', 'cli', true);
}

/** `jsms agreement`. */
export function registerAgreementCommands(program: Command): void {
  const agreement = program
    .command('agreement')
    .description('The joint agreement: versions, signatures, diffs');
  agreement
    .command('list')
    .description('Every version with its status and signatures')
    .action(
      action(async (_options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          for (const v of await services.agreements.list(cliActor())) {
            const signed = v.signatures.map((s) => s.partyId).join(', ') || 'nobody';
            out(
              `v${v.version}\t${v.status}\tsigned by ${signed}${v.awaiting.length ? `; awaiting ${v.awaiting.join(', ')}` : ''}\t${v.hash}`,
            );
          }
        });
      }),
    );
  agreement
    .command('show')
    .description('Print a version as proposed (default: the one in force)')
    .argument('[version]')
    .action(
      action(async (version: string | undefined, _options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          const number = version
            ? versionArg(version, 'version')
            : (await services.agreements.inForce())?.version;
          if (!number) throw validationFailed('version', 'No version is in force; name one');
          process.stdout.write((await services.agreements.get(cliActor(), number)).source);
        });
      }),
    );
  agreement
    .command('diff')
    .description('What changed from version A to version B, one line per changed value')
    .argument('<a>')
    .argument('<b>')
    .action(
      action(async (a: string, b: string, _options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          const diff = await services.agreements.diff(cliActor(), versionArg(a, 'a'), versionArg(b, 'b'));
          if (diff.changes.length === 0) out(`v${diff.from} and v${diff.to} are the same`);
          for (const c of diff.changes)
            out(`${c.path}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`);
        });
      }),
    );
  agreement
    .command('propose')
    .description('Propose a new version from a YAML or JSON file, as a named admin')
    .argument('<file>')
    .requiredOption('--user <username>', 'the admin proposing it')
    .action(
      action(async (file: string, options: { user: string }, command: Command) => {
        const source = readFileSync(file, 'utf8');
        await withServices(command, async (services) => {
          const v = await services.agreements.propose(await adminActor(services, options.user), source);
          out(`proposed v${v.version} (${v.hash}); awaiting ${v.awaiting.join(', ')}`);
        });
      }),
    );
  agreement
    .command('sign')
    .description("Sign a proposed version for the admin's party; the last signature puts it in force")
    .argument('<version>')
    .requiredOption('--user <username>', 'the admin signing it')
    .action(
      action(async (version: string, options: { user: string }, command: Command) => {
        await withServices(command, async (services) => {
          const v = await services.agreements.sign(
            await adminActor(services, options.user),
            versionArg(version, 'version'),
          );
          out(
            v.status === 'in_force'
              ? `v${v.version} is in force`
              : `signed v${v.version}; awaiting ${v.awaiting.join(', ')}`,
          );
        });
      }),
    );
}
