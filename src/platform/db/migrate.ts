import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from './connect.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
/**
 * `NNNN-what-it-does.sql`, which both back ends run, or a pair `NNNN-what-it-does.postgres.sql`
 * and `NNNN-what-it-does.sqlite.sql` for the rare change each back end must make its own way (an
 * exclusion constraint on one, a trigger on the other).
 */
const fileName = /^(\d{4})-([a-z0-9-]+)(?:\.(postgres|sqlite))?\.sql$/;

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Splits a migration into statements. Migrations are plain SQL run one statement at a time (the
 * SQLite driver prepares one statement per call), so each ends with `;` at the end of a line and no
 * statement has such a `;` inside it (a trigger's body keeps its own `;` off the line's end).
 */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .trim(),
    )
    .filter(Boolean);
}

/**
 * Reads the migrations `dialect` runs, in version order. A version is one file that both back ends
 * run, or a pair with one file for each, named alike; anything else is refused, so that a change
 * cannot be made on one back end and forgotten on the other.
 */
export function readMigrations(dialect: DialectName, dir = migrationsDir): Migration[] {
  const byVersion = new Map<number, { name: string; files: Partial<Record<DialectName | 'both', string>> }>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const match = fileName.exec(file);
    if (!match)
      throw new Error(
        `Migration file ${file} is not named NNNN-what-it-does.sql (or .postgres.sql and .sqlite.sql)`,
      );
    const digits = match[1]!;
    const name = match[2]!;
    const slot = (match[3] ?? 'both') as DialectName | 'both';
    const entry = byVersion.get(Number(digits)) ?? { name, files: {} };
    if (entry.name !== name || entry.files[slot])
      throw new Error(
        `Migration ${digits} has two files that do not pair: ${Object.values(entry.files)[0]} and ${file}`,
      );
    entry.files[slot] = file;
    byVersion.set(Number(digits), entry);
  }
  return [...byVersion]
    .sort(([a], [b]) => a - b)
    .map(([version, { name, files }]) => {
      const paired = files.postgres !== undefined && files.sqlite !== undefined;
      const valid = files.both !== undefined ? !files.postgres && !files.sqlite : paired;
      const file = files.both ?? files[dialect];
      if (!valid)
        throw new Error(
          `Migration ${String(version).padStart(4, '0')}-${name} needs one .sql file, or one .postgres.sql and one .sqlite.sql; it has ${Object.values(files).join(', ')}`,
        );
      return { version, name, statements: splitStatements(readFileSync(path.join(dir, file!), 'utf8')) };
    });
}

/** Applies every migration not yet applied, each in its own transaction; returns the versions run. */
export async function migrate<DB>(db: Kysely<DB>, dialect: DialectName, now = new Date()): Promise<number[]> {
  // Under the same lock as the migrations: two concurrent `create table if not exists` on
  // PostgreSQL can both miss the table and then collide on its type name.
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(738101)`.execute(trx);
    await sql`create table if not exists schema_migrations (
      version integer primary key,
      name text not null,
      applied_at text not null
    )`.execute(trx);
  });
  const applied: number[] = [];
  for (const migration of readMigrations(dialect)) {
    const ran = await db.transaction().execute(async (trx) => {
      // Two instances starting together on one PostgreSQL: the second waits, then skips.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(738101)`.execute(trx);
      const done = await sql<{ n: number }>`select count(*) as n from schema_migrations
        where version = ${migration.version}`.execute(trx);
      if (Number(done.rows[0]?.n) > 0) return false;
      for (const statement of migration.statements) await sql.raw(statement).execute(trx);
      await sql`insert into schema_migrations (version, name, applied_at)
        values (${migration.version}, ${migration.name}, ${now.toISOString()})`.execute(trx);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
