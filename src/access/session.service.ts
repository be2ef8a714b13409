import { refusalOn, type AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { type Actor, type DeviceActor, type UserActor, userActor } from './actor.js';
import { hashCredential, kindOf, newCredential } from './credentials.js';
import { credentialMemory, type Found } from './credential-memory.js';
import { foundDevice, touchEveryMs } from './device-found.js';
import { verifyAgainstDummy, verifyPassword } from './passwords.js';
import * as repo from './session.repository.js';
import type { ThrottleService } from './throttle.service.js';
import type { SecondFactorService } from './second-factor.service.js';
import { findApiTokenUser, findSessionUser, findUserByUsername, type User } from './user.repository.js';

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
  clientAddress: string;
}

/** Sign-in, sign-out, and turning a presented secret into the Actor of a request. */
export function sessionService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  throttle: ThrottleService;
  secondFactor: SecondFactorService;
  settings: SessionSettings;
}) {
  const { db, clock, writes, throttle, secondFactor, settings } = deps;
  const idleMs = settings.idleMinutes * 60_000;

  /** Audits a failed sign-in; the throttle counted it when the attempt was claimed. */
  async function recordFailure(user: User | null, reason: string): Promise<void> {
    await writes.refused(null, refusalOn(user, 'user.sign_in_failed', reason));
  }

  // A credential found live is remembered (see credential-memory.ts): a later request checks it
  // against one read of the access generation, which every revocation, ended session and changed
  // user raises, so what is refused on any instance is refused on the next request, on every one.
  const memory = credentialMemory(db);
  // Which request saw which user, for `userOf`: the actor of a remembered credential is reused.
  const users = new WeakMap<UserActor, User>();

  async function resolveSession(hash: string, now: Date): Promise<Found> {
    const found = await findSessionUser(db, hash);
    if (!found || found.session.endedAt !== null) throw new AppError('unauthenticated', 'Sign in first');
    const { session, user } = found;
    let lastSeen = new Date(session.lastSeenAt).getTime();
    const idleExpired = now.getTime() - lastSeen > idleMs;
    if (idleExpired || now.toISOString() >= session.expiresAt) {
      throw new AppError('session_expired', 'The session has expired: sign in again');
    }
    if (user.disabledAt !== null) throw new AppError('unauthenticated', 'Sign in first');
    if (now.getTime() - lastSeen > touchEveryMs) {
      await inTransaction(db, (tx) => repo.touchSession(tx, session.id, now.toISOString()));
      lastSeen = now.getTime();
    }
    const actor = userActor(user, 'session', session.id, session.secondFactorOk);
    users.set(actor, user);
    const until = Math.min(lastSeen + Math.min(touchEveryMs, idleMs), Date.parse(session.expiresAt));
    return { actor, user, until };
  }

  async function resolveApiToken(hash: string, now: Date): Promise<Found> {
    const found = await findApiTokenUser(db, hash);
    const token = found?.token;
    const live =
      token && token.revokedAt === null && (token.expiresAt === null || now.toISOString() < token.expiresAt);
    if (!live || found.user.disabledAt !== null)
      throw new AppError('unauthenticated', 'The token is unknown, revoked or expired');
    let lastUsed = token.lastUsedAt ? new Date(token.lastUsedAt).getTime() : null;
    if (lastUsed === null || now.getTime() - lastUsed > touchEveryMs) {
      await inTransaction(db, (tx) => repo.touchApiToken(tx, token.id, now.toISOString()));
      lastUsed = now.getTime();
    }
    // A token is issued to a signed-in user who passed their second factor, so it carries it.
    const actor = userActor(found.user, 'token', token.id, true);
    users.set(actor, found.user);
    const expires = token.expiresAt === null ? Infinity : Date.parse(token.expiresAt);
    return { actor, user: found.user, until: Math.min(lastUsed + touchEveryMs, expires) };
  }

  async function resolveDevice(hash: string, now: Date): Promise<Found> {
    const device = await repo.findDeviceByHash(db, hash);
    if (!device || device.revoked_at !== null)
      throw new AppError('unauthenticated', 'The device token is unknown or revoked');
    return foundDevice(db, device, now);
  }

  const resolvers = { session: resolveSession, api_token: resolveApiToken, device: resolveDevice };

  return {
    /**
     * Checks the password (and TOTP code when enrolled) and opens a session. The attempt is
     * counted before anything is checked (see throttle.ts); a missing or wrong code answers
     * exactly like a wrong password, so the answer never tells that the password was right.
     */
    async login(input: LoginInput) {
      const username = input.username.toLowerCase();
      const claim = await throttle.claim(username, input.clientAddress);
      const user = await findUserByUsername(db, username);
      const passwordOk = user
        ? await verifyPassword(user.passwordHash, input.password)
        : await verifyAgainstDummy(input.password);
      const refuse = async (reason: string) => {
        await recordFailure(user, reason);
        return new AppError('invalid_credentials', 'Wrong username, password or authenticator code');
      };
      if (!user || !passwordOk || user.disabledAt !== null) throw await refuse('password');
      const usesTotp = user.totpSecretEnc !== null;
      if (usesTotp) {
        if (!input.totp) throw await refuse('totp_missing');
        if (!(await secondFactor.useCode(user, input.totp, clock.now()))) throw await refuse('totp');
      }
      const secondFactorOk = usesTotp || !user.roles.includes('admin');
      const { secret, hash } = newCredential('session');
      const actor = userActor(user, 'session', hash, secondFactorOk);
      const session = await writes.write(actor, async ({ tx, now, audit }) => {
        const row = {
          id: hash,
          user_id: user.id,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: new Date(now.getTime() + settings.maxHours * 3_600_000).toISOString(),
          second_factor_ok: secondFactorOk ? 1 : 0,
          client_address: input.clientAddress,
          ended_at: null,
        };
        await repo.insertSession(tx, row);
        await throttle.succeeded(tx, claim);
        await audit({
          action: 'user.signed_in',
          entityId: user.id,
          fields: usesTotp ? ['totp_last_step'] : [],
        });
        return row;
      });
      return { secret, expiresAt: session.expires_at, actor, user };
    },

    /** Ends the session the actor signed in with. */
    async logout(actor: Actor) {
      if (actor.type !== 'user' || actor.via !== 'session') return;
      await writes.write(actor, async ({ tx, now, audit }) => {
        await repo.updateSession(tx, actor.credentialId, { ended_at: now.toISOString() });
        await audit({ action: 'user.signed_out', entityId: actor.id });
      });
    },

    /** Marks the actor's session as having passed the second factor (after TOTP enrolment). */
    async confirmSecondFactor(actor: Actor) {
      if (actor.type !== 'user' || actor.via !== 'session') return;
      await inTransaction(db, (tx) => repo.updateSession(tx, actor.credentialId, { second_factor_ok: 1 }));
    },

    /**
     * The Actor behind a presented secret: a session cookie, or a bearer API or device token.
     * Throws `unauthenticated` or `session_expired`; the kind of secret picks the table.
     */
    async authenticate(secret: string): Promise<UserActor | DeviceActor> {
      const now = clock.now();
      const kind = kindOf(secret);
      if (!kind) throw new AppError('unauthenticated', 'The credential is not one this server issues');
      const hash = hashCredential(secret);
      const generation = await memory.generation();
      const known = memory.recall(hash, generation, now.getTime());
      if (known) return known.actor;
      const found = await resolvers[kind](hash, now);
      memory.remember(hash, generation, found);
      return found.actor;
    },

    /** The user record a signed-in actor was resolved from, read in its request or a later one. */
    userOf(actor: Actor): User | undefined {
      return actor.type === 'user' ? users.get(actor) : undefined;
    },
  };
}

export type SessionService = ReturnType<typeof sessionService>;
