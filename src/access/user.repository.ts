import type { Db, Tx } from '../database.js';
import { compileOnce } from '../platform/db/compile-once.js';
import { keysetPage, type Page, type PageRequest, mapPage } from '../platform/paging.js';
import type { UserRow } from './access.tables.js';
import type { Language, PartyKind, Role } from './actor.js';
import { raiseAccessGeneration } from './access-generation.js';

export interface User {
  id: string;
  partyId: string;
  partyKind: PartyKind;
  username: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  totpSecretEnc: string | null;
  totpPendingSecretEnc: string | null;
  totpLastStep: number | null;
  disabledAt: string | null;
  language: Language | null;
  /** The protected person this user is, and the unit they command: what movements concern them. */
  personId: string | null;
  unitId: string | null;
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
}

type JoinedRow = UserRow & { party_kind: PartyKind };

function toUser(row: JoinedRow): User {
  return {
    id: row.id,
    partyId: row.party_id,
    partyKind: row.party_kind,
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    passwordHash: row.password_hash,
    totpSecretEnc: row.totp_secret_enc,
    totpPendingSecretEnc: row.totp_pending_secret_enc,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    disabledAt: row.disabled_at,
    language: row.language as Language | null,
    personId: row.person_id,
    unitId: row.unit_id,
    isDemo: row.is_demo === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function selectUsers(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('parties', 'parties.id', 'users.party_id')
    .selectAll('users')
    .select('parties.kind as party_kind');
}

const selectUserById = compileOnce((db: Db, id: string) => selectUsers(db).where('users.id', '=', id));

export async function findUserById(db: Db, id: string): Promise<User | null> {
  const [row] = await selectUserById(db, id);
  return row ? toUser(row) : null;
}

const selectApiTokenUser = compileOnce((db: Db, tokenHash: string) =>
  selectUsers(db)
    .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.expires_at as token_expires_at',
      'api_tokens.last_used_at as token_last_used_at',
      'api_tokens.revoked_at as token_revoked_at',
    ])
    .where('api_tokens.token_hash', '=', tokenHash),
);

/** An API token by the hash of its secret, with the user it acts as: one query for each token request. */
export async function findApiTokenUser(db: Db, tokenHash: string) {
  const [row] = await selectApiTokenUser(db, tokenHash);
  if (!row) return null;
  const token = {
    id: row.token_id,
    expiresAt: row.token_expires_at,
    lastUsedAt: row.token_last_used_at,
    revokedAt: row.token_revoked_at,
  };
  return { token, user: toUser(row) };
}

const selectSessionUser = compileOnce((db: Db, sessionId: string) =>
  selectUsers(db)
    .innerJoin('sessions', 'sessions.user_id', 'users.id')
    .select([
      'sessions.id as session_id',
      'sessions.last_seen_at as session_last_seen_at',
      'sessions.expires_at as session_expires_at',
      'sessions.ended_at as session_ended_at',
      'sessions.second_factor_ok as session_second_factor_ok',
    ])
    .where('sessions.id', '=', sessionId),
);

/** A session by its id (the hash of its secret), with its user: one query for each signed-in request. */
export async function findSessionUser(db: Db, sessionId: string) {
  const [row] = await selectSessionUser(db, sessionId);
  if (!row) return null;
  const session = {
    id: row.session_id,
    lastSeenAt: row.session_last_seen_at,
    expiresAt: row.session_expires_at,
    endedAt: row.session_ended_at,
    secondFactorOk: row.session_second_factor_ok === 1,
  };
  return { session, user: toUser(row) };
}

export async function findUserByUsername(db: Db, username: string): Promise<User | null> {
  const row = await selectUsers(db).where('users.username', '=', username.toLowerCase()).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** A party's users, one page, by username (unique). */
export async function listUsers(db: Db, filter: PageRequest & { partyId: string }): Promise<Page<User>> {
  const query = selectUsers(db).where('users.party_id', '=', filter.partyId);
  const page = await keysetPage(
    query,
    [{ column: 'users.username', kind: 'string', of: (u) => u.username }],
    'asc',
    filter,
  );
  return mapPage(page, toUser);
}

export async function insertUser(tx: Tx, user: User): Promise<void> {
  await tx
    .insertInto('users')
    .values({
      id: user.id,
      party_id: user.partyId,
      username: user.username,
      display_name: user.displayName,
      roles: JSON.stringify(user.roles),
      password_hash: user.passwordHash,
      totp_secret_enc: user.totpSecretEnc,
      totp_pending_secret_enc: user.totpPendingSecretEnc,
      totp_last_step: user.totpLastStep,
      disabled_at: user.disabledAt,
      language: user.language,
      person_id: user.personId,
      unit_id: user.unitId,
      is_demo: user.isDemo ? 1 : 0,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })
    .execute();
}

/** Whether `table` holds a record `id` of the party: a user is linked only to its own party's. */
export async function partyHolds(
  db: Db,
  table: 'persons' | 'units',
  id: string,
  partyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('party_id', '=', partyId)
    .executeTakeFirst();
  return row !== undefined;
}

export type UserChanges = Partial<
  Pick<
    UserRow,
    | 'password_hash'
    | 'totp_secret_enc'
    | 'totp_pending_secret_enc'
    | 'totp_last_step'
    | 'disabled_at'
    | 'display_name'
    | 'language'
  >
>;

export async function updateUser(tx: Tx, id: string, changes: UserChanges, updatedAt: string): Promise<void> {
  await tx
    .updateTable('users')
    .set({ ...changes, updated_at: updatedAt })
    .where('id', '=', id)
    .execute();
  await raiseAccessGeneration(tx);
}

/**
 * Marks a TOTP time step used, only if no later or equal step was: of two requests presenting the
 * same code at once, exactly one wins. Returns whether this one did.
 */
export async function claimTotpStep(tx: Tx, id: string, step: number, at: string): Promise<boolean> {
  const result = await tx
    .updateTable('users')
    .set({ totp_last_step: step, updated_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  const claimed = Number(result.numUpdatedRows) > 0;
  if (claimed) await raiseAccessGeneration(tx);
  return claimed;
}

/**
 * Users whose TOTP secret or pending secret is not in the cipher's `v1.` form: clear text stored
 * by a version before secrets were encrypted (a base32 secret never contains a dot).
 */
export async function listUsersWithClearTotp(db: Db): Promise<User[]> {
  const rows = await selectUsers(db)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('users.totp_secret_enc', 'is not', null),
          eb('users.totp_secret_enc', 'not like', 'v1.%'),
        ]),
        eb.and([
          eb('users.totp_pending_secret_enc', 'is not', null),
          eb('users.totp_pending_secret_enc', 'not like', 'v1.%'),
        ]),
      ]),
    )
    .orderBy('users.id')
    .execute();
  return rows.map(toUser);
}
