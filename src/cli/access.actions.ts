import type { Command } from 'commander';
import { cliActor, roles, type Role } from '../access/actor.js';
import { presentDevice } from '../access/token.presenter.js';
import { presentUser } from '../access/user.presenter.js';
import { validationFailed } from '../platform/errors.js';
import { withServices } from './context.js';
import { out } from './output.js';

/** `jsms party add`. */
export async function addParty(options: { id: string; name: string; kind: string }, command: Command) {
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
}

/** `jsms user add`. */
export async function addUser(
  options: { party: string; username: string; name?: string; role: string[] },
  command: Command,
) {
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
}

/** `jsms user disable`. */
export async function disableUser(username: string, _options: unknown, command: Command) {
  await withServices(command, async (services) => {
    const found = await services.users.getByUsername(cliActor(), username);
    const disabled = await services.users.disable(cliActor(found.partyId), found.id);
    out(`Disabled ${presentUser(disabled).username}`);
  });
}

/** `jsms user reset-password`. */
export async function resetPassword(username: string, options: { resetTotp?: boolean }, command: Command) {
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
}

/** `jsms token add`. */
export async function addToken(
  options: { user: string; name: string; expiresDays?: string },
  command: Command,
) {
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
}

/** `jsms device add`. */
export async function addDevice(
  options: { party: string; person?: string; unit?: string; name: string },
  command: Command,
) {
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
}

/** `jsms device revoke`. */
export async function revokeDevice(id: string, _options: unknown, command: Command) {
  await withServices(command, async (services) => {
    const revoked = await services.tokens.revokeDevice(cliActor(), id);
    out(`Revoked device ${revoked.id}`);
  });
}
