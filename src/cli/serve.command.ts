import type { Command } from 'commander';
import { buildApp } from '../app.js';
import { demoCredentialsFile, isDemoSeeded, seedDemo } from '../demo/seed.js';
import type { SystemActor } from '../access/actor.js';
import { hasPartyKey } from '../audit/signing-keys.js';
import { systemClock } from '../platform/clock.js';
import { keysDirOf } from '../platform/config.js';
import { connectDatabase } from '../platform/db/connect.js';
import { migrate } from '../platform/db/migrate.js';
import type { Database } from '../database.js';
import { action, configFrom, openDatabase, withServices } from './context.js';

const serverActor: SystemActor = { type: 'system', id: 'server', partyId: null };

/** `jsms serve`, `jsms migrate` and `jsms demo`. */
export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP server: migrates the database first, then serves the API and the UI')
    .option('--demo', 'seed the demo scenario into an empty database first (what `npm start` runs)')
    .option('--port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .action(
      action(async (options: { demo?: boolean; port?: string; host?: string }, command: Command) => {
        const config = configFrom(command, {
          ...(options.port ? { port: Number(options.port) } : {}),
          ...(options.host ? { host: options.host } : {}),
        });
        const handle = await openDatabase(config);
        const app = await buildApp({ db: handle.db, clock: systemClock, config });
        const encrypted = await app.services.users.encryptClearTotpSecrets(serverActor);
        if (encrypted > 0) app.log.warn({ users: encrypted }, 'encrypted TOTP secrets stored in clear');
        const keysDir = keysDirOf(config);
        if (options.demo && !(await isDemoSeeded(app.services))) {
          await seedDemo(app.services, { dataDir: config.dataDir, keysDir });
        }
        // Periodic checkpoints, signed with every party key this server holds.
        const timer = setInterval(() => {
          void (async () => {
            const parties = (await app.services.parties.list(serverActor)).filter((p) =>
              hasPartyKey(keysDir, p.id),
            );
            await app.services.audit.checkpoint(
              serverActor,
              parties.map((p) => p.id),
            );
          })().catch((error: unknown) => app.log.error({ err: error }, 'audit checkpoint failed'));
        }, config.checkpointMinutes * 60_000);
        timer.unref();
        const shutdown = async () => {
          clearInterval(timer);
          await app.close();
          await handle.close();
        };
        process.once('SIGINT', () => void shutdown());
        process.once('SIGTERM', () => void shutdown());
        const address = await app.listen({ port: config.port, host: config.host });
        const shown = address.replace('127.0.0.1', 'localhost');
        const lines = [
          `JSMS is serving on ${shown} (database: ${handle.dialect} ${handle.location})`,
          `API docs: ${shown}/api/docs`,
          ...(options.demo ? [`Demo sign-in credentials: ${demoCredentialsFile(config.dataDir)}`] : []),
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );

  program
    .command('migrate')
    .description('Apply the database migrations that have not run yet (serve also does this at start)')
    .action(
      action(async (_options: unknown, command: Command) => {
        const config = configFrom(command);
        const handle = await connectDatabase<Database>({
          dataDir: config.dataDir,
          databaseUrl: config.databaseUrl,
        });
        const ran = await migrate(handle.db, handle.dialect).finally(() => handle.close());
        process.stdout.write(
          `Database ${handle.location} is up to date${ran.length ? ` (applied ${ran.join(', ')})` : ''}\n`,
        );
      }),
    );

  program
    .command('demo')
    .description('Seed the demo scenario into an empty database and write its credentials file')
    .action(
      action(async (_options: unknown, command: Command) => {
        await withServices(command, async (services, config) => {
          if (await isDemoSeeded(services)) {
            process.stdout.write(
              `The demo is already seeded; credentials: ${demoCredentialsFile(config.dataDir)}\n`,
            );
            return;
          }
          const file = await seedDemo(services, { dataDir: config.dataDir, keysDir: keysDirOf(config) });
          process.stdout.write(`Demo seeded; credentials: ${file}\n`);
        });
      }),
    );
}
