import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/database.js';
import { connectDatabase } from '../../src/platform/db/connect.js';
import type { TestApp } from './app.js';

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

/**
 * A second server instance on the test app's database with a connection of its own, as a second
 * `jsms serve` would be: same clock and config, its log discarded. `close` ends both.
 */
export async function secondInstance(t: TestApp): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const handle = await connectDatabase<Database>({
    dataDir: t.database.dataDir,
    databaseUrl: t.database.databaseUrl,
  });
  const app = await buildApp({ db: handle.db, clock: t.clock, config: t.config, logStream: discard });
  return {
    app,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
