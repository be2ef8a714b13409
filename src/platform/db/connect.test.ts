import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../../../test/helpers/database.js';
import {
  assertDurable,
  connectDatabase,
  type DatabaseHandle,
  findDurabilityProblems,
  sqliteFileOf,
} from './connect.js';

describe('durability on the embedded database', () => {
  let dataDir: string;
  let handle: DatabaseHandle<unknown> | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jsms-connect-'));
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens a file in a new data directory with WAL and synchronous FULL', async () => {
    const nested = path.join(dataDir, 'a', 'b');
    handle = await connectDatabase({ dataDir: nested });
    expect(handle.dialect).toBe('sqlite');
    expect(handle.location).toBe(sqliteFileOf(nested));
    expect(await findDurabilityProblems(handle.db, 'sqlite')).toEqual([]);
    await expect(assertDurable(handle.db, 'sqlite')).resolves.toBeUndefined();
  });

  it.each([
    ['NORMAL', 'SQLite synchronous is NORMAL, below FULL'],
    ['OFF', 'SQLite synchronous is OFF, below FULL'],
  ])('names synchronous = %s as a problem', async (level, problem) => {
    handle = await connectDatabase({ dataDir });
    await sql.raw(`pragma synchronous = ${level}`).execute(handle.db);
    expect(await findDurabilityProblems(handle.db, 'sqlite')).toEqual([problem]);
    await expect(assertDurable(handle.db, 'sqlite')).rejects.toThrow(/synchronous is .* below FULL/);
  });

  it('accepts synchronous = EXTRA, which is stronger than FULL', async () => {
    handle = await connectDatabase({ dataDir });
    await sql`pragma synchronous = EXTRA`.execute(handle.db);
    expect(await findDurabilityProblems(handle.db, 'sqlite')).toEqual([]);
  });

  it('names a journal mode other than WAL, and every problem at once', async () => {
    handle = await connectDatabase({ dataDir });
    await sql`pragma journal_mode = DELETE`.execute(handle.db);
    await sql`pragma synchronous = NORMAL`.execute(handle.db);
    expect(await findDurabilityProblems(handle.db, 'sqlite')).toEqual([
      'SQLite synchronous is NORMAL, below FULL',
      'SQLite journal_mode is delete, not WAL',
    ]);
    await expect(assertDurable(handle.db, 'sqlite')).rejects.toThrow(
      'Refusing to start: SQLite synchronous is NORMAL, below FULL; SQLite journal_mode is delete, not WAL.',
    );
  });
});

describe.skipIf(!testDatabaseUrl)('durability on PostgreSQL', () => {
  const dataDir = path.join(tmpdir(), 'jsms-connect-unused');

  function urlWithOptions(options: string): string {
    const url = new URL(testDatabaseUrl!);
    url.searchParams.set('options', options);
    return url.toString();
  }

  it('finds no problem on the normal connection', async () => {
    const handle = await connectDatabase({ dataDir, databaseUrl: testDatabaseUrl });
    try {
      expect(handle.dialect).toBe('postgres');
      expect(handle.location).not.toContain('@');
      expect(await findDurabilityProblems(handle.db, 'postgres')).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('refuses a connection with synchronous_commit off, naming it', async () => {
    const databaseUrl = urlWithOptions('-c synchronous_commit=off');
    await expect(connectDatabase({ dataDir, databaseUrl })).rejects.toThrow(
      /Refusing to start: PostgreSQL synchronous_commit is off/,
    );
  });

  it('names synchronous_commit set off later on a session', async () => {
    // One connection, so the setting and the check see the same session.
    const databaseUrl = urlWithOptions('-c synchronous_commit=on');
    const handle = await connectDatabase({ dataDir, databaseUrl });
    try {
      await handle.db.connection().execute(async (conn) => {
        await sql`set synchronous_commit = off`.execute(conn);
        expect(await findDurabilityProblems(conn, 'postgres')).toEqual([
          'PostgreSQL synchronous_commit is off',
        ]);
        await sql`set synchronous_commit = local`.execute(conn);
        expect(await findDurabilityProblems(conn, 'postgres')).toEqual([]);
      });
    } finally {
      await handle.close();
    }
  });
});
