import type { Command } from 'commander';
import { demoCredentialsFile, isDemoSeeded, seedDemo } from '../demo/seed.js';
import { keysDirOf } from '../platform/config.js';
import { withServices } from './context.js';

/** `jsms demo`. */
export async function seedDemoData(_options: unknown, command: Command) {
  await withServices(
    command,
    async (services, config) => {
      if (await isDemoSeeded(services)) {
        process.stdout.write(
          `The demo is already seeded; credentials: ${demoCredentialsFile(config.dataDir)}\n`,
        );
        return;
      }
      const file = await seedDemo(services, { dataDir: config.dataDir, keysDir: keysDirOf(config) });
      process.stdout.write(`Demo seeded; credentials: ${file}\n`);
    },
    { demo: true },
  );
}
