// OwnTracks over MQTT through the broker (MQTT_URL, default the local Mosquitto): fixes published at
// QoS 1 by several phones, until all are stored, against the same number of fixes recorded directly
// one at a time (the bridge's own pace: one message at a time, each acknowledged after its commit).
// `npx tsx bench/mqtt.ts` (BENCH_DATABASE_URL for PostgreSQL as well). Not part of `npm run bench`.
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { Registry } from 'prom-client';
import type { SystemActor } from '../src/access/actor.js';
import { startMqttBridge } from '../src/tracking/mqtt-bridge.js';
import { bareFix } from '../src/tracking/fix.js';
import { createTestApp } from '../test/helpers/app.js';

const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const brokerUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const phones = 20;
const perPhone = Number(process.env.BENCH_MQTT_FIXES ?? 50);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function bench(backend: 'sqlite' | 'postgres') {
  if (backend === 'postgres') process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  else delete process.env.TEST_DATABASE_URL;
  const t = await createTestApp({ logLevel: 'silent' });
  const person = await t.services.persons.create(system, {
    partyId: 'cso',
    name: 'Bench person',
    nationality: 'CN',
    status: 'in_country',
  });
  const devices: string[] = [];
  for (let i = 0; i < phones * 2; i++) {
    const { device } = await t.services.tokens.createDevice(system, {
      partyId: 'cso',
      subjectType: 'person',
      subjectId: person.id,
      name: `phone ${i}`,
    });
    devices.push(device.id);
  }
  const fix = (n: number) => ({ _type: 'location', lat: 24.86, lon: 67.0, tst: 1_765_000_000 + n, acc: 10 });
  const total = phones * perPhone;

  // Direct: the same fixes through positions.record, one awaited at a time.
  let start = performance.now();
  for (let p = 0; p < phones; p++) {
    const actor = await t.services.deviceIdentities.resolve('cso', devices[p]!);
    if (!('device' in actor)) throw new Error('no device');
    for (let n = 0; n < perPhone; n++) {
      const f = fix(n);
      await t.services.positions.record(actor.device, [
        bareFix(f, new Date(f.tst * 1000), { accuracyM: f.acc }),
      ]);
    }
  }
  const directMs = performance.now() - start;

  // Through the broker: phones publish at once (not retained), the bridge stores one at a time.
  let stored = 0;
  let allStored: () => void = () => {};
  const done = new Promise<void>((resolve) => (allStored = resolve));
  const bridge = startMqttBridge(
    { url: brokerUrl, clientId: `jsms-bench-${randomUUID()}`, sessionExpirySeconds: 60 },
    {
      devices: t.services.deviceIdentities,
      positions: t.services.positions,
      commands: t.services.deviceCommands,
      clock: t.clock,
      metrics: new Registry(),
      log: quiet,
      onSettled: (_topic, outcome) => {
        if (outcome.kind === 'stored' && (stored += outcome.stored) === total) allStored();
      },
    },
  );
  await bridge.subscribed();
  const clients = await Promise.all(
    Array.from({ length: phones }, (_, p) =>
      mqtt.connectAsync(brokerUrl, { clientId: `bench${p}${randomUUID().slice(0, 8)}`, protocolVersion: 4 }),
    ),
  );
  start = performance.now();
  await Promise.all(
    clients.map(async (client, p) => {
      for (let n = 0; n < perPhone; n++) {
        await client.publishAsync(`owntracks/cso/${devices[phones + p]}`, JSON.stringify(fix(n)), { qos: 1 });
      }
    }),
  );
  await done;
  const bridgeMs = performance.now() - start;
  await bridge.close();
  await Promise.all(clients.map((c) => c.endAsync()));
  await t.close();
  const rate = (ms: number) => Math.round((total / ms) * 1000);
  console.log(
    `${backend}: ${total} fixes from ${phones} phones — through Mosquitto ${rate(bridgeMs)} /s; ` +
      `positions.record one at a time ${rate(directMs)} /s (ratio ${(directMs / bridgeMs).toFixed(2)})`,
  );
}

await bench('sqlite');
if (process.env.BENCH_DATABASE_URL) await bench('postgres');
