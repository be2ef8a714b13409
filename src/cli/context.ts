import path from 'node:path';
import type { Command } from 'commander';
import { demoCredentialsFile } from '../demo/seed.js';
import { cliActor } from '../access/actor.js';
import type { Database } from '../database.js';
import { systemClock } from '../platform/clock.js';
import { type Config, keysDirOf } from '../platform/config.js';
import { checked, connectDatabase, type DatabaseHandle, sqliteFileOf } from '../platform/db/connect.js';
import { migrate } from '../platform/db/migrate.js';
import { encryptionKeyFileOf } from '../platform/encryption.js';
import { validationFailed } from '../platform/errors.js';
import { describeTightened, tightenOwned } from '../platform/private-files.js';
import { buildServices, type Services } from '../services.js';
import { configFrom } from './config.js';

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
  return checked(handle, (db, dialect) => migrate(db, dialect));
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

/**
 * The party a `--party` option names: its id, or `the host party` (the option's default), whatever
 * the host's id. An unknown id is refused with the parties there are.
 */
export async function namedParty(services: Services, named: string): Promise<string> {
  const parties = await services.parties.list(cliActor());
  if (parties.length === 0)
    throw validationFailed('party', 'This data directory has no parties yet (jsms party add, or jsms demo)');
  const partyId = named === 'the host party' ? parties.find((p) => p.kind === 'host')?.id : named;
  if (!partyId || !parties.some((p) => p.id === partyId))
    throw validationFailed(
      'party',
      `No party ${named}; the parties are ${parties.map((p) => `${p.id} (${p.kind})`).join(', ')}`,
    );
  return partyId;
}
