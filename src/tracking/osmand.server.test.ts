import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { createDevice } from '../../test/helpers/routes.js';
import { buildOsmAndServer } from './osmand.server.js';

const t = useTestApp({ each: true });
let server: FastifyInstance | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

it('takes Traccar Client reports at the root of its own port, over a real socket, and nothing else', async () => {
  server = await buildOsmAndServer(
    {
      positions: t.services.positions,
      sessions: t.services.sessions,
      commands: t.services.deviceCommands,
      clock: t.clock,
    },
    t.app.log,
  );
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  const device = await createDevice(t, 'ssd');
  const form = `id=${encodeURIComponent(device.token)}&lat=24.86&lon=67.01&timestamp=1765000000&speed=10`;
  const posted = await fetch(`${address}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(posted.status).toBe(200);
  const got = await fetch(
    `${address}/?id=${encodeURIComponent(device.token)}&lat=24.9&lon=67.1&timestamp=1765000060`,
  );
  expect(got.status).toBe(200);
  const rows = await t.db.selectFrom('positions').select(['lat', 'speed_kmh']).orderBy('fix_at').execute();
  expect(rows).toEqual([
    { lat: 24.86, speed_kmh: 18.52 },
    { lat: 24.9, speed_kmh: null },
  ]);
  const unknown = await fetch(`${address}/?id=902064&lat=24.9&lon=67.1`);
  expect(unknown.status).toBe(400);
  expect(await unknown.json()).toMatchObject({
    error: { code: 'validation_failed', details: { field: 'id' } },
  });
  // Only the ingest is served there: not the API.
  expect((await fetch(`${address}/api/v1/live`)).status).toBe(404);
});
