import type { Command } from 'commander';
import type { Database } from '../database.js';
import { connectDatabase } from '../platform/db/connect.js';
import { migrate } from '../platform/db/migrate.js';
import { configFrom } from './config.js';

/** `jsms migrate`. */
export async function migrateDatabase(_options: unknown, command: Command) {
  const config = configFrom(command);
  const handle = await connectDatabase<Database>({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
  });
  const ran = await migrate(handle.db, handle.dialect).finally(() => handle.close());
  process.stdout.write(
    `Database ${handle.location} is up to date${ran.length ? ` (applied ${ran.join(', ')})` : ''}\n`,
  );
}
