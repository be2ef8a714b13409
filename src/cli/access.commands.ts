import type { Command } from 'commander';
import { roles } from '../access/actor.js';
import { lazyAction } from './exit.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const actions = () => import('./access.actions.js');

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
    .action(lazyAction(actions, 'addParty'));

  const user = program.command('user').description('User accounts');
  user
    .command('add')
    .description('Add a user; prints a random password once (and a TOTP secret for admins)')
    .requiredOption('--party <id>', 'the party the user belongs to')
    .requiredOption('--username <name>', 'sign-in name')
    .option('--name <display>', 'display name (default: the username)')
    .option('--role <role>', `a role, repeatable: ${roles.join(', ')}`, collect, [] as string[])
    .action(lazyAction(actions, 'addUser'));
  user
    .command('disable')
    .description('Disable a user: their sessions and tokens stop working at once')
    .argument('<username>')
    .action(lazyAction(actions, 'disableUser'));
  user
    .command('reset-password')
    .description('Give a user a new random password, printed once; revokes their API tokens')
    .argument('<username>')
    .option('--reset-totp', 'also clear their authenticator (TOTP) enrolment')
    .action(lazyAction(actions, 'resetPassword'));

  const token = program.command('token').description('API tokens for scripts');
  token
    .command('add')
    .description('Issue an API token that acts as a user; prints the secret once')
    .requiredOption('--user <username>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--expires-days <days>', 'days until it expires (default: never)')
    .action(lazyAction(actions, 'addToken'));

  const device = program.command('device').description('Device tokens for position reporting');
  device
    .command('add')
    .description('Register a device for a person or unit; prints its token once')
    .requiredOption('--party <id>', 'the party the device belongs to')
    .option('--person <id>', 'the protected person it reports for')
    .option('--unit <id>', 'the unit it reports for')
    .requiredOption('--name <name>', 'a name, e.g. the phone model')
    .action(lazyAction(actions, 'addDevice'));
  device
    .command('revoke')
    .description('Revoke a device token: its next report is refused')
    .argument('<device-id>')
    .action(lazyAction(actions, 'revokeDevice'));
}
