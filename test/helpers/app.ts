import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { roles, type Role, type SystemActor } from '../../src/access/actor.js';
import { hashPassword } from '../../src/access/passwords.js';
import { buildApp } from '../../src/app.js';
import type { Db } from '../../src/database.js';
import { ManualClock } from '../../src/platform/clock.js';
import { type Config, keysDirOf, loadConfig } from '../../src/platform/config.js';
import { cosignCheckpoint, type CosignResult, type Transport } from '../../src/audit/cosigner.js';
import { initPartyKey, keyPaths, trustPartyKey } from '../../src/audit/signing-keys.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const hostParty = 'ssd';
export const partnerParty = 'cso';
export const parties = [hostParty, partnerParty] as const;
export const system: SystemActor = { type: 'system', id: 'test', partyId: null };

export interface TestUser {
  id: string;
  username: string;
  partyId: string;
  roles: Role[];
  password: string;
  /** A bearer API token acting as this user. */
  token: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: TestDatabase;
  services: Services;
  clock: ManualClock;
  config: Config;
  /** Every line the app logged, as text. */
  logs: string[];
  /** One user per party and role, e.g. `users['ssd:admin']`. */
  users: Record<string, TestUser>;
  /** Sends a request as `who` ('ssd:admin', …) with their API token, or anonymously with null. */
  request(who: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** The private key file of a party: the host's in the server's key directory, the partner's apart. */
  partyKeyFile(partyId: string): string;
  /** The directory where a party keeps the checkpoints it cosigned, on its own machine. */
  witnessDir(partyId: string): string;
  /**
   * Runs the real signing client (`jsms audit sign`) as the party's admin, over an in-process
   * transport: fetches the latest checkpoint (or `treeSize`), checks it, cosigns and keeps it.
   */
  cosign(partyId: string, treeSize?: number): Promise<CosignResult>;
  close(): Promise<void>;
}

/** When a test app's clock starts: its seeded users were created then. */
export const testAppStart = '2026-11-28T08:00:00.000Z';

/**
 * A seeded user (`'cso:observer'`) as the user presenter shows it before anything changed it:
 * the names and role createTestApp gave it, no TOTP, not disabled.
 */
export function seededUserJson(t: Pick<TestApp, 'users'>, who: string) {
  const user = t.users[who]!;
  return {
    id: user.id,
    partyId: user.partyId,
    username: user.username,
    displayName: `${user.partyId} ${user.roles[0]}`,
    roles: user.roles,
    personId: null,
    unitId: null,
    totpEnrolled: false,
    disabled: false,
    createdAt: testAppStart,
  };
}

/** A password that meets the rule; tests share it since each has its own database. */
export const testPassword = 'correct horse battery staple';

let testPasswordHash: Promise<string> | undefined;

/**
 * The real argon2id hasher, except that the shared test password is hashed once per process:
 * a dozen users per app would otherwise spend half a second hashing the same password.
 */
function hashOnceForTests(password: string): Promise<string> {
  if (password !== testPassword) return hashPassword(password);
  testPasswordHash ??= hashPassword(password);
  return testPasswordHash;
}

/** A transport for the signing client that calls the app in-process with a bearer token. */
export function injectTransport(app: FastifyInstance, token: string): Transport {
  return async ({ method, path: url, body }) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.json() as unknown };
  };
}

/**
 * A full app on a fresh database with a host and a partner party and one user per role in each
 * (admins have no TOTP here, so their tokens act with the second factor already passed). The
 * server is the host's: its key directory holds the host's private key and both public keys;
 * the partner's private key lives in a directory of its own, as on the partner's machine.
 * Log lines go to `logs`, or to `options.logStream` (a benchmark's /dev/null) instead.
 */
export async function createTestApp(
  overrides: Partial<Config> = {},
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new ManualClock(testAppStart);
  const config = loadConfig(
    {},
    { dataDir: database.dataDir, databaseUrl: database.databaseUrl, logLevel: 'info', ...overrides },
  );
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await buildApp({
    db: database.db,
    clock,
    config,
    logStream: options.logStream ?? logStream,
    hashPassword: hashOnceForTests,
  });
  await app.ready();
  const services = app.services;
  await services.parties.create(system, {
    id: hostParty,
    name: 'Special Security Division (test)',
    kind: 'host',
  });
  await services.parties.create(system, {
    id: partnerParty,
    name: 'Contractor security office (test)',
    kind: 'partner',
  });
  const keysDir = keysDirOf(config);
  const partnerMachine = mkdtempSync(path.join(tmpdir(), 'jsms-partner-'));
  const partnerKeysDir = path.join(partnerMachine, 'keys');
  initPartyKey(keysDir, hostParty);
  const partner = initPartyKey(partnerKeysDir, partnerParty);
  trustPartyKey(keysDir, partnerParty, partner.publicKeyPem);
  const partyKeyFile = (partyId: string) =>
    keyPaths(partyId === hostParty ? keysDir : partnerKeysDir, partyId).privateKey;
  const witnessDir = (partyId: string) => path.join(partnerMachine, `witness-${partyId}`);
  const users: Record<string, TestUser> = {};
  for (const partyId of parties) {
    for (const role of roles) {
      if (role === 'person' && partyId === hostParty) continue;
      const { user } = await services.users.create(system, {
        partyId,
        username: `${partyId}-${role}`,
        displayName: `${partyId} ${role}`,
        roles: [role],
        password: testPassword,
      });
      const { secret } = await services.tokens.createApiToken(system, { userId: user.id, name: 'test' });
      users[`${partyId}:${role}`] = {
        id: user.id,
        username: user.username,
        partyId,
        roles: [role],
        password: testPassword,
        token: secret,
      };
    }
  }
  return {
    app,
    db: database.db,
    database,
    services,
    clock,
    config,
    logs,
    users,
    request(who, options) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (who) {
        const user = users[who];
        if (!user) throw new Error(`no test user ${who}`);
        headers.authorization = `Bearer ${user.token}`;
      }
      return app.inject({ ...options, headers });
    },
    partyKeyFile,
    witnessDir,
    cosign(partyId, treeSize) {
      return cosignCheckpoint({
        transport: injectTransport(app, users[`${partyId}:admin`]!.token),
        privateKey: createPrivateKey(readFileSync(partyKeyFile(partyId))),
        keepDir: witnessDir(partyId),
        treeSize,
        now: () => clock.now(),
      });
    },
    async close() {
      await app.close();
      await database.destroy();
      rmSync(partnerMachine, { recursive: true, force: true });
    },
  };
}

/** The newest audit entries, newest first, straight from the table. */
export async function latestAudit(db: Db, count = 1) {
  return db.selectFrom('audit_entries').selectAll().orderBy('seq', 'desc').limit(count).execute();
}

/** Every audit entry of one action, oldest first, straight from the table. */
export async function auditEntries(db: Db, action: string) {
  return db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('seq').execute();
}
