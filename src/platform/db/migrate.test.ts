import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { migrate, readMigrations, splitStatements } from './migrate.js';

describe('splitStatements', () => {
  it.each([
    ['one statement', 'create table a (x integer);\n', ['create table a (x integer)']],
    ['no trailing newline', 'create table a (x integer);', ['create table a (x integer)']],
    ['no final semicolon', 'select 1;\nselect 2', ['select 1', 'select 2']],
    ['spaces after the semicolon', 'select 1;  \t\nselect 2;\n', ['select 1', 'select 2']],
    ['CRLF line ends', 'select 1;\r\nselect 2;\r\n', ['select 1', 'select 2']],
    [
      'a statement over several lines',
      'create table a (\n  x integer,\n  y text\n);\n\ncreate index a_x on a (x);\n',
      ['create table a (\n  x integer,\n  y text\n)', 'create index a_x on a (x)'],
    ],
    [
      'comment lines, also inside a statement',
      '-- Heading\n-- more\ncreate table a (\n  -- why x\n  x integer\n);\n  -- indented\nselect 1;\n',
      ['create table a (\n  x integer\n)', 'select 1'],
    ],
    [
      'a semicolon inside a line',
      "insert into a (y) values ('a;b');\nselect ';';\n",
      ["insert into a (y) values ('a;b')", "select ';'"],
    ],
    ['only comments and blank lines', '-- nothing here\n\n   \n-- at all\n', []],
    ['empty text', '', []],
    ['stray semicolons', ';\n;\nselect 1;\n;\n', ['select 1']],
  ])('%s', (_name, text, statements) => {
    expect(splitStatements(text)).toEqual(statements);
  });
});

describe('readMigrations', () => {
  it.each(['sqlite', 'postgres'] as const)(
    'reads the %s migrations in version order, each as clean statements',
    (dialect) => {
      const migrations = readMigrations(dialect);
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations[0]!.version).toBe(1);
      const versions = migrations.map((m) => m.version);
      expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
      for (const migration of migrations) {
        expect(migration.name).toMatch(/^[a-z0-9-]+$/);
        expect(migration.statements.length, migration.name).toBeGreaterThan(0);
        for (const statement of migration.statements) {
          expect(statement, migration.name).not.toMatch(/;\s*$/);
          expect(statement, migration.name).not.toMatch(/^\s*--/m);
          expect(statement.trim(), migration.name).toBe(statement);
        }
      }
    },
  );

  it('gives each back end the same versions and names, so one history serves both', () => {
    const of = (dialect: 'sqlite' | 'postgres') => readMigrations(dialect).map((m) => [m.version, m.name]);
    expect(of('postgres')).toEqual(of('sqlite'));
  });

  describe('a version with a file for each back end', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });
    function dirWith(files: Record<string, string>): string {
      const dir = mkdtempSync(path.join(tmpdir(), 'jsms-migrations-'));
      dirs.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
      return dir;
    }

    it('runs its own file on each back end, under one version and name', () => {
      const dir = dirWith({
        '0001-core.sql': 'create table a (x integer);\n',
        '0002-guard.postgres.sql': 'create extension if not exists btree_gist;\nselect 2;\n',
        '0002-guard.sqlite.sql': 'create trigger t before insert on a\nbegin\n  select 1; end;\n',
        '0003-more.sql': 'select 3;\n',
      });
      expect(readMigrations('postgres', dir)).toEqual([
        { version: 1, name: 'core', statements: ['create table a (x integer)'] },
        { version: 2, name: 'guard', statements: ['create extension if not exists btree_gist', 'select 2'] },
        { version: 3, name: 'more', statements: ['select 3'] },
      ]);
      expect(readMigrations('sqlite', dir)).toEqual([
        { version: 1, name: 'core', statements: ['create table a (x integer)'] },
        // A trigger's body keeps its `;` inside the one statement.
        {
          version: 2,
          name: 'guard',
          statements: ['create trigger t before insert on a\nbegin\n  select 1; end'],
        },
        { version: 3, name: 'more', statements: ['select 3'] },
      ]);
    });

    it.each([
      [
        'only one back end',
        { '0002-guard.postgres.sql': 'select 1;\n' },
        /0002-guard needs one \.sql file.*0002-guard\.postgres\.sql$/,
      ],
      [
        'a shared file beside one of its own',
        { '0002-guard.sql': 'select 1;\n', '0002-guard.sqlite.sql': 'select 1;\n' },
        /0002-guard needs one \.sql file/,
      ],
      [
        'a shared file beside a pair',
        {
          '0002-guard.sql': 'select 1;\n',
          '0002-guard.postgres.sql': 'select 1;\n',
          '0002-guard.sqlite.sql': 'select 1;\n',
        },
        /0002-guard needs one \.sql file/,
      ],
      [
        'a pair named apart',
        { '0002-guard.postgres.sql': 'select 1;\n', '0002-check.sqlite.sql': 'select 1;\n' },
        /Migration 0002 has two files that do not pair: 0002-check\.sqlite\.sql and 0002-guard\.postgres\.sql/,
      ],
      [
        'two shared files of one version',
        { '0002-guard.sql': 'select 1;\n', '0002-check.sql': 'select 1;\n' },
        /Migration 0002 has two files that do not pair/,
      ],
      ['another back end', { '0002-guard.mysql.sql': 'select 1;\n' }, /0002-guard\.mysql\.sql is not named/],
    ])('refuses %s, on either back end', (_case, files, message) => {
      const dir = dirWith({ '0001-core.sql': 'select 0;\n', ...files });
      expect(() => readMigrations('sqlite', dir)).toThrow(message);
      expect(() => readMigrations('postgres', dir)).toThrow(message);
    });
  });
});

describe('migrate', () => {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.destroy();
  });

  async function freshDatabase(): Promise<TestDatabase> {
    const database = await createTestDatabase({ migrate: false });
    opened.push(database);
    return database;
  }

  async function appliedVersions(database: TestDatabase): Promise<number[]> {
    const rows = await sql<{
      version: number;
    }>`select version from schema_migrations order by version`.execute(database.db);
    return rows.rows.map((r) => Number(r.version));
  }

  it('applies every migration once, and nothing on a second run', async () => {
    const database = await freshDatabase();
    const all = readMigrations(database.dialect).map((m) => m.version);
    expect(await migrate(database.db, database.dialect)).toEqual(all);
    expect(await appliedVersions(database)).toEqual(all);
    const head = await database.db.selectFrom('audit_head').selectAll().execute();
    expect(head).toHaveLength(1);

    expect(await migrate(database.db, database.dialect)).toEqual([]);
    expect(await migrate(database.db, database.dialect)).toEqual([]);
    expect(await appliedVersions(database)).toEqual(all);
    // A rerun of the seed insert would have added a second head row (or failed on its key).
    expect(await database.db.selectFrom('audit_head').selectAll().execute()).toEqual(head);
  });

  it('records when and under what name each migration ran', async () => {
    const database = await freshDatabase();
    const at = new Date('2026-11-28T08:00:00.000Z');
    await migrate(database.db, database.dialect, at);
    const rows = await sql<{
      version: number;
      name: string;
      applied_at: string;
    }>`select version, name, applied_at from schema_migrations order by version`.execute(database.db);
    expect(rows.rows.map((r) => ({ ...r, version: Number(r.version) }))).toEqual(
      readMigrations(database.dialect).map((m) => ({
        version: m.version,
        name: m.name,
        applied_at: at.toISOString(),
      })),
    );
  });

  it('lets instances that start together on one database apply each migration exactly once', async () => {
    const database = await freshDatabase();
    const runs = await Promise.all([1, 2, 3, 4, 5].map(() => migrate(database.db, database.dialect)));
    const all = readMigrations(database.dialect).map((m) => m.version);
    expect(runs.flat().sort((a, b) => a - b)).toEqual(all);
    expect(await appliedVersions(database)).toEqual(all);
  });
});
