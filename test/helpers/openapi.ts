import { buildApp } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { createTestDatabase } from './database.js';

/** The OpenAPI document the app serves, as the text checked in at docs/openapi.json. */
export async function openapiDocument(): Promise<string> {
  const database = await createTestDatabase();
  try {
    const config = loadConfig({}, { dataDir: database.dataDir, logLevel: 'silent' });
    const app = await buildApp({ db: database.db, clock: systemClock, config });
    await app.ready();
    const text = JSON.stringify(app.swagger(), null, 2);
    await app.close();
    return text;
  } finally {
    await database.destroy();
  }
}
