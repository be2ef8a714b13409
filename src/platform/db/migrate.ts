import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from './connect.js';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
const fileName = /^(\d{4})-([a-z0-9-]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Splits a migration into statements. Migrations are plain SQL that both back ends run, one
 * statement at a time (the SQLite driver prepares one statement per call), so each ends with `;`
 * at the end of a line and no statement has such a `;` inside it.
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

/** Reads the migration files in version order. */
export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = fileName.exec(file);
      if (!match) throw new Error(`Migration file ${file} is not named NNNN-what-it-does.sql`);
      return {
        version: Number(match[1]),
        name: match[2]!,
        statements: splitStatements(readFileSync(`${dir}/${file}`, 'utf8')),
      };
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
  for (const migration of readMigrations()) {
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
