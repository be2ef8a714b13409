import { randomUUID } from 'node:crypto';
import type { AuditAction } from '../audit/audit-actions.js';
import { refusalOn, type AuditedWrites } from '../audit/audited-write.js';
import type { Db, Tx } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { type FieldCipher, isEncrypted } from '../platform/encryption.js';
import { AppError, fieldRefused, forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { Actor, Language, Role } from './actor.js';
import { findParty } from './party.repository.js';
import { generatePassword, hashPassword as argon2Hash, passwordRule, verifyPassword } from './passwords.js';
import { generateTotpSecret, matchTotp, otpauthUri } from './totp.js';
import { endSessionsOf } from './session.repository.js';
import { revokeApiTokensOf } from './token.repository.js';
import type { ThrottleService } from './throttle.service.js';
import * as repo from './user.repository.js';

export type { User } from './user.repository.js';
export { presentUser } from './user.presenter.js';

export const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export interface NewUser {
  partyId: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** Omitted: a random password is generated and returned once. */
  password?: string | undefined;
  /** The protected person the user is, and the unit they command: of the user's own party. */
  personId?: string | undefined;
  unitId?: string | undefined;
  isDemo?: boolean;
}

function checkPassword(password: string, field = 'password'): void {
  if (password.length < passwordRule.minLength || password.length > passwordRule.maxLength) {
    throw validationFailed(
      field,
      `A password has ${passwordRule.minLength} to ${passwordRule.maxLength} characters`,
    );
  }
}

/** Admins manage accounts of their own party; the command line manages any. */
function assertManages(actor: Actor, partyId: string): void {
  if (actor.type === 'system') return;
  if (actor.type === 'user' && actor.roles.includes('admin') && actor.partyId === partyId) return;
  throw forbidden('Only an admin of the same party may manage this account', {
    roles: ['admin'],
    party: partyId,
  });
}

/** Accounts: creation, listing, disabling, passwords and the TOTP second factor. */
export function userService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  cipher: FieldCipher;
  throttle: ThrottleService;
  hashPassword?: ((password: string) => Promise<string>) | undefined;
}) {
  const { db, clock, writes, cipher, throttle, hashPassword = argon2Hash } = deps;

  /** Loads an account the actor manages; another party's account is simply not found. */
  async function loadManaged(actor: Actor, id: string): Promise<repo.User> {
    const user = await repo.findUserById(db, id);
    if (!user || (actor.type !== 'system' && user.partyId !== actor.partyId))
      throw notFound('user_not_found', 'User');
    assertManages(actor, user.partyId);
    return user;
  }

  async function loadSelf(actor: Actor): Promise<repo.User> {
    if (actor.type !== 'user') throw forbidden('Only a signed-in user has an account', { caller: 'user' });
    const user = await repo.findUserById(db, actor.id);
    if (!user) throw notFound('user_not_found', 'User');
    return user;
  }

  /**
   * Writes the changes and their audit entry. A new password or second factor also ends the
   * user's other sessions: whoever knew the old one is signed out. A new password also revokes
   * every API token of the user, in the same transaction, since one may have been minted by
   * whoever knew the old password. Returns how many tokens it revoked.
   */
  async function update(
    actor: Actor,
    user: repo.User,
    action: AuditAction & `user.${string}`,
    changesAt: repo.UserChanges | ((now: string) => repo.UserChanges),
    alsoInTransaction?: (tx: Tx) => Promise<void>,
  ): Promise<{ revokedTokens: number }> {
    return writes.write(actor, async ({ tx, now, audit }) => {
      const at = now.toISOString();
      const changes = typeof changesAt === 'function' ? changesAt(at) : changesAt;
      await repo.updateUser(tx, user.id, changes, at);
      if (alsoInTransaction) await alsoInTransaction(tx);
      if ('password_hash' in changes || 'totp_secret_enc' in changes) {
        const keep =
          actor.type === 'user' && actor.id === user.id && actor.via === 'session'
            ? actor.credentialId
            : null;
        await endSessionsOf(tx, user.id, at, keep);
      }
      const revoked = 'password_hash' in changes ? await revokeApiTokensOf(tx, user.id, at) : [];
      for (const id of revoked) {
        await audit({ action: 'token.revoked', entityId: id, partyId: user.partyId, fields: ['revoked_at'] });
      }
      await audit({ action, entityId: user.id, partyId: user.partyId, fields: Object.keys(changes) });
      return { revokedTokens: revoked.length };
    });
  }

  return {
    async create(actor: Actor, input: NewUser) {
      assertManages(actor, input.partyId);
      const username = input.username.toLowerCase();
      if (!usernamePattern.test(username)) {
        throw validationFailed('username', 'A username is 2-64 letters, digits, dots, dashes or underscores');
      }
      if (input.roles.length === 0) throw validationFailed('roles', 'A user needs at least one role');
      const party = await findParty(db, input.partyId);
      if (!party) throw notFound('party_not_found', 'Party');
      if (input.roles.includes('person') && party.kind !== 'partner') {
        throw validationFailed(
          'roles',
          'The person role belongs to a partner party: protected persons are its staff',
        );
      }
      for (const [field, table] of [
        ['personId', 'persons'],
        ['unitId', 'units'],
      ] as const) {
        const id = input[field];
        if (id !== undefined && !(await repo.partyHolds(db, table, id, party.id)))
          throw validationFailed(
            field,
            `${field}: no ${table.slice(0, -1)} of party ${party.id} has this id`,
          );
      }
      const password = input.password ?? generatePassword();
      checkPassword(password);
      const passwordHash = await hashPassword(password);
      return writes.write(actor, async ({ tx, now: at, audit }) => {
        if (await repo.findUserByUsername(tx, username)) {
          throw fieldRefused('username_taken', 'username', `The username ${username} is taken`);
        }
        const now = at.toISOString();
        const user: repo.User = {
          id: randomUUID(),
          partyId: party.id,
          partyKind: party.kind,
          username,
          displayName: input.displayName,
          roles: [...new Set(input.roles)],
          passwordHash,
          totpSecretEnc: null,
          totpPendingSecretEnc: null,
          totpLastStep: null,
          disabledAt: null,
          language: null,
          personId: input.personId ?? null,
          unitId: input.unitId ?? null,
          isDemo: input.isDemo ?? false,
          createdAt: now,
          updatedAt: now,
        };
        await repo.insertUser(tx, user);
        await audit({
          action: 'user.created',
          entityId: user.id,
          partyId: user.partyId,
          fields: [
            'username',
            'display_name',
            'roles',
            'password_hash',
            ...(input.personId ? ['person_id'] : []),
            ...(input.unitId ? ['unit_id'] : []),
          ],
        });
        return { user, password: input.password === undefined ? password : undefined };
      });
    },

    /** The person a user is and the unit they command, for what concerns them; null for an unknown user. */
    async subjectsOf(userId: string): Promise<{ personId: string | null; unitId: string | null } | null> {
      const user = await repo.findUserById(db, userId);
      return user && { personId: user.personId, unitId: user.unitId };
    },

    async list(
      actor: Actor,
      filter: { partyId?: string | undefined; after?: string | undefined; limit: number },
    ) {
      const partyId = filter.partyId ?? actor.partyId;
      if (!partyId) throw validationFailed('partyId', 'Name the party whose users to list');
      if (actor.type !== 'system' && partyId !== actor.partyId)
        throw forbidden('Users of another party are not shared', { party: partyId });
      assertManages(actor, partyId);
      return repo.listUsers(db, { partyId, after: filter.after, limit: filter.limit });
    },

    get: loadManaged,

    /** Looks an account up by username, for the command line. */
    async getByUsername(actor: Actor, username: string) {
      const user = await repo.findUserByUsername(db, username);
      if (!user) throw notFound('user_not_found', 'User');
      return loadManaged(actor, user.id);
    },

    /** Disables an account: its sessions and tokens stop working on the next request. */
    async disable(actor: Actor, id: string) {
      const user = await loadManaged(actor, id);
      if (actor.type === 'user' && actor.id === id)
        throw forbidden('An admin cannot disable their own account', { caller: 'another admin' });
      if (user.disabledAt === null)
        await update(actor, user, 'user.disabled', (now) => ({ disabled_at: now }));
      return (await repo.findUserById(db, id))!;
    },

    /** Sets a new random password (returned once), revoking the user's API tokens, and clears a lost second factor if asked. */
    async resetPassword(actor: Actor, id: string, options: { resetTotp?: boolean } = {}) {
      const user = await loadManaged(actor, id);
      const password = generatePassword();
      const changes: repo.UserChanges = { password_hash: await hashPassword(password) };
      if (options.resetTotp)
        Object.assign(changes, {
          totp_secret_enc: null,
          totp_pending_secret_enc: null,
          totp_last_step: null,
        });
      const { revokedTokens } = await update(actor, user, 'user.password_reset', changes);
      return { user: (await repo.findUserById(db, id))!, password, revokedTokens };
    },

    /**
     * Changes the actor's own password. Guessing the current one is throttled like signing in
     * (the same counts: it is the same secret), and a wrong guess is audited.
     */
    async changeOwnPassword(
      actor: Actor,
      input: { currentPassword: string; newPassword: string; clientAddress: string },
    ) {
      const user = await loadSelf(actor);
      checkPassword(input.newPassword, 'newPassword');
      const claim = await throttle.claim(user.username, input.clientAddress);
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        await writes.refused(actor, refusalOn(user, 'user.password_change_failed', 'current_password'));
        throw fieldRefused('invalid_credentials', 'currentPassword', 'The current password is wrong');
      }
      return update(
        actor,
        user,
        'user.password_changed',
        { password_hash: await hashPassword(input.newPassword) },
        (tx) => throttle.succeeded(tx, claim),
      );
    },

    me: loadSelf,

    /**
     * Encrypts TOTP secrets that earlier versions stored in clear; run at every start. Each
     * account changed gets an audit entry. Returns how many were encrypted.
     */
    async encryptClearTotpSecrets(actor: Actor): Promise<number> {
      if (actor.type !== 'system')
        throw forbidden('Only the server encrypts stored secrets', { caller: 'system' });
      const rows = await repo.listUsersWithClearTotp(db);
      for (const row of rows) {
        const changes: repo.UserChanges = {};
        if (row.totpSecretEnc !== null && !isEncrypted(row.totpSecretEnc))
          changes.totp_secret_enc = cipher.encrypt(row.totpSecretEnc);
        if (row.totpPendingSecretEnc !== null && !isEncrypted(row.totpPendingSecretEnc))
          changes.totp_pending_secret_enc = cipher.encrypt(row.totpPendingSecretEnc);
        await writes.write(actor, async ({ tx, now, audit }) => {
          await repo.updateUser(tx, row.id, changes, now.toISOString());
          await audit({
            action: 'user.totp_secret_encrypted',
            entityId: row.id,
            partyId: row.partyId,
            fields: Object.keys(changes),
          });
        });
      }
      return rows.length;
    },

    /**
     * Gives an account a TOTP secret directly, for the command line and the demo, which hand the
     * secret to the person out of band. Returns the secret and its otpauth URI.
     */
    async assignTotp(actor: Actor, id: string) {
      if (actor.type !== 'system')
        throw forbidden('Only the command line assigns a TOTP secret', { caller: 'system' });
      const user = await loadManaged(actor, id);
      const secret = generateTotpSecret();
      await update(actor, user, 'user.totp_enrolled', {
        totp_secret_enc: cipher.encrypt(secret),
        totp_pending_secret_enc: null,
        totp_last_step: null,
      });
      return { secret, otpauthUri: otpauthUri(secret, user.username) };
    },

    /** Starts TOTP enrolment: a new secret that takes effect once a code from it is confirmed. */
    async startTotp(actor: Actor) {
      const user = await loadSelf(actor);
      const secret = generateTotpSecret();
      await update(actor, user, 'user.totp_enrolment_started', {
        totp_pending_secret_enc: cipher.encrypt(secret),
      });
      return { secret, otpauthUri: otpauthUri(secret, user.username) };
    },

    /** The user's own language for the web app, kept with the account. */
    async setOwnLanguage(actor: Actor, language: Language) {
      const user = await loadSelf(actor);
      if (user.language !== language) await update(actor, user, 'user.language_set', { language });
      return { language };
    },

    async confirmTotp(actor: Actor, code: string) {
      const user = await loadSelf(actor);
      if (!user.totpPendingSecretEnc) throw new AppError('conflict', 'Start TOTP enrolment first');
      const step = matchTotp(cipher.decrypt(user.totpPendingSecretEnc), code, clock.now(), null);
      if (step === null) throw fieldRefused('totp_invalid', 'code', 'The code does not match');
      await update(actor, user, 'user.totp_enrolled', {
        totp_secret_enc: user.totpPendingSecretEnc,
        totp_pending_secret_enc: null,
        totp_last_step: step,
      });
    },
  };
}

export type UserService = ReturnType<typeof userService>;
