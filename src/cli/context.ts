import path from 'node:path';
import type { Command } from 'commander';
import { demoCredentialsFile } from '../demo/seed.js';
import { cliActor } from '../access/actor.js';
import type { Database } from '../database.js';
import { systemClock } from '../platform/clock.js';
import { type Config, keysDirOf, loadConfig } from '../platform/config.js';
import { connectDatabase, type DatabaseHandle, sqliteFileOf } from '../platform/db/connect.js';
import { migrate } from '../platform/db/migrate.js';
import { encryptionKeyFileOf } from '../platform/encryption.js';
import { AppError, isAppError } from '../platform/errors.js';
import { describeTightened, tightenOwned } from '../platform/private-files.js';
import { buildServices, type Services } from '../services.js';

/** The configuration with the global flags (--data-dir, --database-url) applied over the environment. */
export function configFrom(command: Command, extra: Partial<Config> = {}): Config {
  const flags = command.optsWithGlobals<{ dataDir?: string; databaseUrl?: string }>();
  return loadConfig(process.env, {
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
    ...extra,
  });
}

/** The files this program writes into the data directory, by name: all of them private. */
function privateDataFiles(dataDir: string): Set<string> {
  const database = path.basename(sqliteFileOf(dataDir));
  return new Set([
    ...['', '-wal', '-shm', '-journal'].map((suffix) => database + suffix),
    path.basename(encryptionKeyFileOf(dataDir)),
    path.basename(demoCredentialsFile(dataDir)),
  ]);
}

/**
 * Tightens the data and key directories to owner-only (earlier versions left the database
 * readable by every local user), then opens and migrates the database; the caller closes it.
 */
export async function openDatabase(config: Config): Promise<DatabaseHandle<Database>> {
  const tightened = [
    ...tightenOwned(config.dataDir, (name) => privateDataFiles(config.dataDir).has(name)),
    ...tightenOwned(keysDirOf(config), (name) => /\.(key|pub)$/.test(name)),
  ];
  for (const line of describeTightened(tightened)) process.stderr.write(`jsms: tightened ${line}\n`);
  const handle = await connectDatabase<Database>({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
  });
  try {
    await migrate(handle.db, handle.dialect);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** Runs `work` with the services on a migrated database, then closes it. */
export async function withServices<T>(
  command: Command,
  work: (services: Services, config: Config) => Promise<T>,
  extra: Partial<Config> = {},
): Promise<T> {
  const config = configFrom(command, extra);
  const handle = await openDatabase(config);
  const services = buildServices({ db: handle.db, clock: systemClock, config });
  try {
    // As at the server's start: no command works on secrets an older version left in clear.
    await services.users.encryptClearTotpSecrets(cliActor());
    return await work(services, config);
  } finally {
    await services.close();
    await handle.close();
  }
}

/** Exit statuses by error class, documented in `jsms --help`. */
export function exitStatusOf(error: unknown): number {
  if (!isAppError(error)) return 1;
  if (error.status === 400) return 2;
  if (error.status === 401 || error.status === 403) return 3;
  if (error.status === 404) return 4;
  if (error.status === 409) return 5;
  return 1;
}

/** One line for an error: the code, the message, and the field or row at fault. */
export function errorLine(error: unknown): string {
  if (error instanceof AppError) {
    const where = error.details?.field ? ` (field ${String(error.details.field)})` : '';
    const row = error.details?.row ? ` (row ${String(error.details.row)})` : '';
    return `jsms: ${error.code}: ${error.message}${where}${row}`;
  }
  return `jsms: ${error instanceof Error ? error.message : String(error)}`;
}

/** Wraps a command action: errors print one line and set a non-zero exit status. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      process.stderr.write(errorLine(error) + '\n');
      process.exitCode = exitStatusOf(error);
    }
  };
}
