import type { Command } from 'commander';
import { type Config, loadConfig } from '../platform/config.js';

/** The configuration with the global flags (--data-dir, --database-url) applied over the environment. */
export function configFrom(command: Command, extra: Partial<Config> = {}): Config {
  const flags = command.optsWithGlobals<{ dataDir?: string; databaseUrl?: string }>();
  return loadConfig(process.env, {
    ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
    ...(flags.databaseUrl ? { databaseUrl: flags.databaseUrl } : {}),
    ...extra,
  });
}
