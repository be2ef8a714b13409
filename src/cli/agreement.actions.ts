import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor, type UserActor } from '../access/actor.js';
import { userActor } from '../access/actor.js';
import { forbidden, validationFailed } from '../platform/errors.js';
import type { Services } from '../services.js';
import { withServices } from './context.js';
import { out } from './output.js';

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

/** `jsms agreement list`. */
export async function listAgreements(_options: unknown, command: Command) {
  await withServices(command, async (services) => {
    for (const v of await services.agreements.list(cliActor())) {
      const signed = v.signatures.map((s) => s.partyId).join(', ') || 'nobody';
      out(
        `v${v.version}\t${v.status}\tsigned by ${signed}${v.awaiting.length ? `; awaiting ${v.awaiting.join(', ')}` : ''}\t${v.hash}`,
      );
    }
  });
}

/** `jsms agreement show`. */
export async function showAgreement(version: string | undefined, _options: unknown, command: Command) {
  await withServices(command, async (services) => {
    const number = version ? versionArg(version, 'version') : (await services.agreements.inForce())?.version;
    if (!number) throw validationFailed('version', 'No version is in force; name one');
    process.stdout.write((await services.agreements.get(cliActor(), number)).source);
  });
}

/** `jsms agreement diff`. */
export async function diffAgreements(a: string, b: string, _options: unknown, command: Command) {
  await withServices(command, async (services) => {
    const diff = await services.agreements.diff(cliActor(), versionArg(a, 'a'), versionArg(b, 'b'));
    if (diff.changes.length === 0) out(`v${diff.from} and v${diff.to} are the same`);
    for (const c of diff.changes) out(`${c.path}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`);
  });
}

/** `jsms agreement propose`. */
export async function proposeAgreement(file: string, options: { user: string }, command: Command) {
  const source = readFileSync(file, 'utf8');
  await withServices(command, async (services) => {
    const v = await services.agreements.propose(await adminActor(services, options.user), source);
    out(`proposed v${v.version} (${v.hash}); awaiting ${v.awaiting.join(', ')}`);
  });
}

/** `jsms agreement sign`. */
export async function signAgreement(version: string, options: { user: string }, command: Command) {
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
}
