import { randomUUID } from 'node:crypto';
import { refusalOn, type AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { AppError, fieldRefused, forbidden, notFound, validationFailed } from '../platform/errors.js';
import { owningParty, type Actor } from './actor.js';
import type { ApiTokenRow, DeviceRow } from './access.tables.js';
import { newCredential } from './credentials.js';
import type { SecondFactorService } from './second-factor.service.js';
import type { AttemptClaim, ThrottleService } from './throttle.service.js';

/** Five minutes: what the enrolment link sets the apps to in move mode, with room for a late fix. */
export const defaultReportIntervalSeconds = 300;
import { findParty } from './party.repository.js';
import * as repo from './token.repository.js';
export { presentApiToken, presentDevice } from './token.presenter.js';
import { findUserById, type User } from './user.repository.js';

/** API tokens for scripts and device tokens for position reporting. */
export function tokenService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  throttle: ThrottleService;
  secondFactor: SecondFactorService;
}) {
  const { db, clock, writes, throttle, secondFactor } = deps;

  /** Checks the fresh authenticator code a token creation carries; a wrong one is counted and audited. */
  async function checkFreshCode(
    actor: Actor,
    user: User,
    input: { totp?: string | undefined; clientAddress?: string | undefined },
  ): Promise<AttemptClaim> {
    if (!input.totp) {
      throw fieldRefused(
        'totp_required',
        'totp',
        'Creating a token needs a fresh code from your authenticator app',
      );
    }
    const claim = await throttle.claim(user.username, input.clientAddress ?? 'unknown');
    if (!(await secondFactor.useCode(user, input.totp, clock.now()))) {
      await writes.refused(actor, refusalOn(user, 'user.token_refused', 'totp'));
      throw fieldRefused('totp_invalid', 'totp', 'The authenticator code is wrong or already used');
    }
    return claim;
  }

  function assertUser(actor: Actor): asserts actor is Extract<Actor, { type: 'user' | 'system' }> {
    if (actor.type === 'device') throw forbidden('A device cannot manage tokens', { caller: 'user' });
  }

  async function loadDevice(actor: Actor, id: string): Promise<DeviceRow> {
    const device = await repo.findDevice(db, id);
    if (!device || (actor.type !== 'system' && device.party_id !== actor.partyId)) {
      throw notFound('device_not_found', 'Device');
    }
    return device;
  }

  return {
    /**
     * Issues an API token that acts as `userId`: the actor themself, or anyone from the CLI. A user
     * must be signed in (a token never mints a token, so a stolen one cannot outlive its own
     * revocation), and one with an authenticator app gives a fresh code, throttled like a sign-in.
     */
    async createApiToken(
      actor: Actor,
      input: {
        userId: string;
        name: string;
        expiresInDays?: number | undefined;
        totp?: string | undefined;
        clientAddress?: string | undefined;
      },
    ) {
      assertUser(actor);
      let claim: AttemptClaim | null = null;
      if (actor.type === 'user') {
        if (actor.id !== input.userId)
          throw forbidden('A user issues tokens only for themself', { caller: 'the user themself' });
        if (actor.via !== 'session') {
          throw new AppError(
            'interactive_session_required',
            'A token cannot create a token: sign in and create it from your session',
            { caller: 'user', via: 'session' },
          );
        }
        const user = await findUserById(db, actor.id);
        if (user?.totpSecretEnc) claim = await checkFreshCode(actor, user, input);
      }
      const { secret, hash } = newCredential('api_token');
      const row = await writes.write(actor, async ({ tx, now, audit }) => {
        const owner = await findUserById(tx, input.userId);
        if (!owner) throw notFound('user_not_found', 'User');
        const row: ApiTokenRow = {
          id: randomUUID(),
          user_id: owner.id,
          name: input.name,
          token_hash: hash,
          created_at: now.toISOString(),
          expires_at: input.expiresInDays
            ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString()
            : null,
          last_used_at: null,
          revoked_at: null,
        };
        await repo.insertApiToken(tx, row);
        if (claim) await throttle.succeeded(tx, claim);
        await audit({
          action: 'token.created',
          entityId: row.id,
          partyId: owner.partyId,
          fields: ['name', 'expires_at'],
        });
        return row;
      });
      return { token: row, secret };
    },

    async listApiTokens(actor: Actor) {
      if (actor.type !== 'user') throw forbidden('Only a user has API tokens', { caller: 'user' });
      return repo.listApiTokens(db, actor.id);
    },

    /** Revokes one of the actor's own tokens; effective on the next request. */
    async revokeApiToken(actor: Actor, id: string) {
      const token = await repo.findApiToken(db, id);
      if (!token || (actor.type !== 'system' && token.user_id !== actor.id))
        throw notFound('token_not_found', 'Token');
      if (token.revoked_at === null) {
        await writes.write(actor, async ({ tx, now, audit }) => {
          await repo.revokeApiToken(tx, id, now.toISOString());
          await audit({ action: 'token.revoked', entityId: id, fields: ['revoked_at'] });
        });
      }
      return (await repo.findApiToken(db, id))!;
    },

    /** Registers a device for one person or unit of the actor's party; the secret is shown once. */
    async createDevice(
      actor: Actor,
      input: {
        partyId?: string | undefined;
        subjectType: 'person' | 'unit';
        subjectId: string;
        name: string;
        reportIntervalSeconds?: number | undefined;
      },
    ) {
      assertUser(actor);
      const partyId = owningParty(actor, input.partyId, 'device');
      if (actor.type === 'user' && input.partyId && input.partyId !== actor.partyId) {
        throw forbidden('Devices are registered by their own party', { party: actor.partyId });
      }
      const { secret, hash } = newCredential('device');
      const row = await writes.write(actor, async ({ tx, now, audit }) => {
        if (!(await findParty(tx, partyId))) throw notFound('party_not_found', 'Party');
        // A device reports for an active person or unit of its own party.
        if (!(await repo.hasActiveSubject(tx, input.subjectType, input.subjectId, partyId))) {
          throw validationFailed(
            'subjectId',
            `No active ${input.subjectType} ${input.subjectId} in party ${partyId}`,
          );
        }
        const row: DeviceRow = {
          id: randomUUID(),
          party_id: partyId,
          subject_type: input.subjectType,
          subject_id: input.subjectId,
          name: input.name,
          token_hash: hash,
          created_at: now.toISOString(),
          last_seen_at: null,
          revoked_at: null,
          report_interval_s: input.reportIntervalSeconds ?? defaultReportIntervalSeconds,
        };
        await repo.insertDevice(tx, row);
        await audit({
          action: 'device.created',
          entityId: row.id,
          partyId,
          fields: ['subject_type', 'subject_id', 'name', 'report_interval_s'],
        });
        return row;
      });
      return { device: row, secret };
    },

    async listDevices(actor: Actor, filter: { after?: string | undefined; limit: number }) {
      if (!actor.partyId) throw forbidden('Only a party member lists devices', { caller: 'party member' });
      return repo.listDevices(db, { partyId: actor.partyId, after: filter.after, limit: filter.limit });
    },

    getDevice: loadDevice,

    /** Revokes a device token; the next report from it is refused. */
    async revokeDevice(actor: Actor, id: string) {
      const device = await loadDevice(actor, id);
      if (device.revoked_at === null) {
        await writes.write(actor, async ({ tx, now, audit }) => {
          await repo.revokeDevice(tx, id, now.toISOString());
          await audit({
            action: 'device.revoked',
            entityId: id,
            partyId: device.party_id,
            fields: ['revoked_at'],
          });
        });
      }
      return (await repo.findDevice(db, id))!;
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
