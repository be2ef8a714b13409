import type { Command } from 'commander';
import { cliActor, roles, type Role } from '../access/actor.js';
import { presentDevice } from '../access/token.service.js';
import { presentUser } from '../access/user.service.js';
import { validationFailed } from '../platform/errors.js';
import { action, withServices } from './context.js';

const collect = (value: string, previous: string[]) => [...previous, value];

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** `jsms party`, `jsms user`, `jsms token` and `jsms device`. */
export function registerAccessCommands(program: Command): void {
  const party = program
    .command('party')
    .description('Parties of the deployment: one host, one or more partners');
  party
    .command('add')
    .description('Add a party')
    .requiredOption('--id <id>', 'short id: lower-case letters, digits and dashes (names key files)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--kind <kind>', 'host or partner')
    .action(
      action(async (options: { id: string; name: string; kind: string }, command: Command) => {
        if (options.kind !== 'host' && options.kind !== 'partner')
          throw validationFailed('kind', 'kind is host or partner');
        const kind = options.kind;
        await withServices(command, async (services) => {
          const created = await services.parties.create(cliActor(options.id), {
            id: options.id,
            name: options.name,
            kind,
          });
          out(`Added ${created.kind} party ${created.id} (${created.name})`);
        });
      }),
    );

  const user = program.command('user').description('User accounts');
  user
    .command('add')
    .description('Add a user; prints a random password once (and a TOTP secret for admins)')
    .requiredOption('--party <id>', 'the party the user belongs to')
    .requiredOption('--username <name>', 'sign-in name')
    .option('--name <display>', 'display name (default: the username)')
    .option('--role <role>', `a role, repeatable: ${roles.join(', ')}`, collect, [] as string[])
    .action(
      action(
        async (
          options: { party: string; username: string; name?: string; role: string[] },
          command: Command,
        ) => {
          const bad = options.role.find((r) => !(roles as readonly string[]).includes(r));
          if (bad) throw validationFailed('role', `Unknown role ${bad}; roles are ${roles.join(', ')}`);
          await withServices(command, async (services) => {
            const actor = cliActor(options.party);
            const { user: created, password } = await services.users.create(actor, {
              partyId: options.party,
              username: options.username,
              displayName: options.name ?? options.username,
              roles: options.role as Role[],
            });
            out(`Added user ${created.username} (${created.roles.join(', ')}) to party ${created.partyId}`);
            out(`password: ${password}`);
            if (created.roles.includes('admin')) {
              const totp = await services.users.assignTotp(actor, created.id);
              out(`totp secret: ${totp.secret}`);
              out(`totp uri: ${totp.otpauthUri}`);
            }
          });
        },
      ),
    );
  user
    .command('disable')
    .description('Disable a user: their sessions and tokens stop working at once')
    .argument('<username>')
    .action(
      action(async (username: string, _options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          const found = await services.users.getByUsername(cliActor(), username);
          const disabled = await services.users.disable(cliActor(found.partyId), found.id);
          out(`Disabled ${presentUser(disabled).username}`);
        });
      }),
    );
  user
    .command('reset-password')
    .description('Give a user a new random password, printed once; revokes their API tokens')
    .argument('<username>')
    .option('--reset-totp', 'also clear their authenticator (TOTP) enrolment')
    .action(
      action(async (username: string, options: { resetTotp?: boolean }, command: Command) => {
        await withServices(command, async (services) => {
          const found = await services.users.getByUsername(cliActor(), username);
          const { password, revokedTokens } = await services.users.resetPassword(
            cliActor(found.partyId),
            found.id,
            { resetTotp: options.resetTotp ?? false },
          );
          out(`New password for ${found.username}: ${password}`);
          out(`Revoked ${revokedTokens} API token${revokedTokens === 1 ? '' : 's'}`);
        });
      }),
    );

  const token = program.command('token').description('API tokens for scripts');
  token
    .command('add')
    .description('Issue an API token that acts as a user; prints the secret once')
    .requiredOption('--user <username>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--expires-days <days>', 'days until it expires (default: never)')
    .action(
      action(async (options: { user: string; name: string; expiresDays?: string }, command: Command) => {
        const days = options.expiresDays === undefined ? undefined : Number(options.expiresDays);
        if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
          throw validationFailed('expires-days', '--expires-days is a whole number of days, at least 1');
        }
        await withServices(command, async (services) => {
          const found = await services.users.getByUsername(cliActor(), options.user);
          const { secret } = await services.tokens.createApiToken(cliActor(found.partyId), {
            userId: found.id,
            name: options.name,
            expiresInDays: days,
          });
          out(secret);
        });
      }),
    );

  const device = program.command('device').description('Device tokens for position reporting');
  device
    .command('add')
    .description('Register a device for a person or unit; prints its token once')
    .requiredOption('--party <id>', 'the party the device belongs to')
    .option('--person <id>', 'the protected person it reports for')
    .option('--unit <id>', 'the unit it reports for')
    .requiredOption('--name <name>', 'a name, e.g. the phone model')
    .action(
      action(
        async (
          options: { party: string; person?: string; unit?: string; name: string },
          command: Command,
        ) => {
          if (!options.person === !options.unit)
            throw validationFailed('person', 'Give exactly one of --person or --unit');
          await withServices(command, async (services) => {
            const { device: created, secret } = await services.tokens.createDevice(cliActor(options.party), {
              partyId: options.party,
              subjectType: options.person ? 'person' : 'unit',
              subjectId: (options.person ?? options.unit)!,
              name: options.name,
            });
            const shown = presentDevice(created);
            out(`Registered device ${shown.id} for ${shown.subjectType} ${shown.subjectId}`);
            out(`token: ${secret}`);
          });
        },
      ),
    );
  device
    .command('revoke')
    .description('Revoke a device token: its next report is refused')
    .argument('<device-id>')
    .action(
      action(async (id: string, _options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          const revoked = await services.tokens.revokeDevice(cliActor(), id);
          out(`Revoked device ${revoked.id}`);
        });
      }),
    );
}
