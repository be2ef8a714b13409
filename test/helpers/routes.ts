import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import { expect, it } from 'vitest';
import { sessionCookie } from '../../src/access/auth.hook.js';
import type { AuditEntryRow } from '../../src/audit/audit.tables.js';
import type { Database } from '../../src/database.js';
import { FieldCipher, loadEncryptionKey } from '../../src/platform/encryption.js';
import { latestAudit, system, type TestApp, testPassword } from './app.js';

/** The headers a page of this server sends with a write: its Origin names the Host. */
export const sameOrigin = { origin: 'http://localhost', host: 'localhost' } as const;

/**
 * Asserts the one error body: status, code and, when given, where it points, written as the part
 * and the path inside it: `body.armouredVehicles` asserts `details.in` body and `details.field`
 * armouredVehicles.
 */
export function expectError(res: LightMyRequestResponse, status: number, code: string, where?: string) {
  const body = res.json() as { error?: { code?: string; details?: { field?: string; in?: string } } };
  expect({ status: res.statusCode, code: body.error?.code }).toEqual({ status, code });
  if (where === undefined) return;
  const [part, ...path] = where.split('.');
  const { in: actualPart, field } = body.error?.details ?? {};
  expect({ in: actualPart, field }).toEqual({ in: part, field: path.join('.') });
}

/** POST /api/v1/sessions as a browser would. */
export function login(
  t: TestApp,
  username: string,
  options: { password?: string; totp?: string; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  const { password = testPassword, totp, remoteAddress } = options;
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/sessions',
    payload: { username, password, ...(totp !== undefined ? { totp } : {}) },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/** Signs in and returns the session cookie's value; fails the test unless sign-in succeeds. */
export async function signIn(t: TestApp, username: string, options: { totp?: string } = {}) {
  const res = await login(t, username, options);
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === sessionCookie);
  if (!cookie) throw new Error('no session cookie was set');
  return cookie.value;
}

/** Sends a request with a session cookie and, unless `origin: false`, the same-origin headers. */
export function withSession(
  t: TestApp,
  cookie: string,
  options: InjectOptions,
  { origin = true }: { origin?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const headers = { ...(origin ? sameOrigin : {}), ...(options.headers ?? {}) };
  return t.app.inject({ ...options, headers, cookies: { [sessionCookie]: cookie } });
}

/** Sends a request with a bearer secret (a device or API token that is not a test user's). */
export function withBearer(t: TestApp, secret: string, options: InjectOptions) {
  return t.app.inject({
    ...options,
    headers: { ...(options.headers ?? {}), authorization: `Bearer ${secret}` },
  });
}

/** An audit row with its fields parsed, for `toMatchObject`. */
export function parsedAudit(row: AuditEntryRow | undefined) {
  if (!row) throw new Error('no audit entry');
  return {
    ...row,
    seq: Number(row.seq),
    fields: JSON.parse(row.fields) as string[],
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, string>),
  };
}

/** What the latest audit entry should hold beyond its action and entity; a key left out is not checked. */
export interface AuditExpectation {
  /** actor_id: a user's id, or null for no actor. */
  by?: string | null;
  actorType?: string;
  party?: string | null;
  fields?: unknown;
  details?: unknown;
}

/**
 * Asserts that the latest audit entry records `action` on the entity `entityId` (its type being the
 * action's prefix, as `device` for `device.revoked`), with what `expected` gives; returns the rows
 * read (that entry alone) for the checks that follow (secrets, sequence numbers).
 */
export async function expectAudited(
  t: Pick<TestApp, 'db'>,
  action: string,
  entityId: string | null,
  expected: AuditExpectation = {},
): Promise<AuditEntryRow[]> {
  const rows = await latestAudit(t.db);
  const { by, actorType, party, fields, details } = expected;
  const wanted: Record<string, unknown> = {
    action,
    entity_type: action.slice(0, action.indexOf('.')),
    entity_id: entityId,
  };
  if (by !== undefined) wanted.actor_id = by;
  if (actorType !== undefined) wanted.actor_type = actorType;
  if (party !== undefined) wanted.party_id = party;
  if (fields !== undefined) wanted.fields = fields;
  if (details !== undefined) wanted.details = details;
  expect(parsedAudit(rows[0])).toMatchObject(wanted);
  return rows;
}

/** Asserts that none of the secrets appears anywhere in the audit rows. */
export function expectNoSecrets(rows: readonly AuditEntryRow[], secrets: readonly string[]) {
  const text = JSON.stringify(rows);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** A table whose rows are named by an `id` column. */
type TableWithId = { [T in keyof Database]: Database[T] extends { id: unknown } ? T : never }[keyof Database];

/**
 * Reads one stored row of `table` by its id, as a function of the id, to show what a request
 * stored or left alone; it fails the test when there is no such row.
 */
export function rowById<T extends TableWithId>(t: TestApp, table: T) {
  return (id: string): Promise<Selectable<Database[T]>> =>
    (t.db as unknown as Kysely<Record<string, { id: string }>>)
      .selectFrom(table as string)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow() as Promise<Selectable<Database[T]>>;
}

/**
 * One test for each bad query of a list (`[query, field]`): asked by `who`, each answers 400
 * validation_failed naming its field.
 */
export function queryRefusalCases(
  t: TestApp,
  who: string,
  path: string,
  cases: readonly (readonly [query: string, field: string])[],
): void {
  for (const [query, field] of cases) {
    it(`GET ${path} answers 400 validation_failed naming ${field} for ?${query.slice(0, 20)}`, async () => {
      const res = await t.request(who, { method: 'GET', url: `${path}?${query}` });
      expectError(res, 400, 'validation_failed', field);
    });
  }
}

/** The number of audit entries so far. */
export function auditCount(t: TestApp): Promise<number> {
  return rowCount(t, 'audit_entries');
}

/** How many rows a table holds (PostgreSQL counts as text, SQLite as a number). */
export async function rowCount(t: TestApp, table: keyof Database): Promise<number> {
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Posts `body` as it stands with the JSON content type: text a client built itself, broken or not. */
export function postJsonText(t: TestApp, who: string, url: string, body: string | Buffer) {
  return t.request(who, {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: body,
  });
}

/** Registers a protected person of a party straight through the service; returns its id. */
export async function createPerson(t: TestApp, partyId: string, name = `${partyId} person`): Promise<string> {
  const person = await t.services.persons.create(system, {
    partyId,
    name,
    nationality: 'CN',
    status: 'in_country',
  });
  return person.id;
}

/**
 * Registers a device for a party straight through the service, for a new person of that party
 * unless `subjectId` names one; returns its id, token and subject.
 */
/**
 * Creates an API token from a signed-in session, as a client does (201 expected): the token as
 * the API presents it, and its secret, shown this once.
 */
export async function createApiToken(
  t: TestApp,
  cookie: string,
  payload: { name: string; expiresInDays?: number },
) {
  const res = await withSession(t, cookie, { method: 'POST', url: '/api/v1/tokens', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ token: { id: string }; secret: string }>();
}

export async function createDevice(
  t: TestApp,
  partyId: string,
  subjectId?: string,
  subjectType: 'person' | 'unit' = 'person',
) {
  const subject = subjectId ?? (await createPerson(t, partyId));
  const { device, secret } = await t.services.tokens.createDevice(system, {
    partyId,
    subjectType,
    subjectId: subject,
    name: `${partyId} phone`,
  });
  return { id: device.id, token: secret, subjectId: subject };
}

/** The clear text of a value the app stored with its field cipher (a TOTP secret, a passport number). */
export function decrypted(t: TestApp, stored: string | null): string | null {
  return stored === null ? null : new FieldCipher(loadEncryptionKey(t.config)).decrypt(stored);
}
