import { randomBytes, randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { Registry } from 'prom-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { system, type TestApp } from '../../test/helpers/app.js';
import { createDevice } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { PositionService } from './position.service.js';
import { type MqttBridge, type Outcome, startMqttBridge } from './mqtt-bridge.js';

/**
 * Through the real Mosquitto (`MQTT_URL`, or 127.0.0.1:1883 without authentication). The broker
 * is shared with other test runs and keeps retained messages: every test uses devices of its own
 * (random UUIDs) and clears what it retained, and asserts only on its own topics.
 */
const brokerUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';

async function brokerReachable(): Promise<boolean> {
  try {
    const probe = await mqtt.connectAsync(brokerUrl, {
      clientId: `jsms-probe-${randomUUID()}`,
      connectTimeout: 3_000,
      reconnectPeriod: 0,
    });
    await probe.endAsync();
    return true;
  } catch {
    return false;
  }
}

const reachable = await brokerReachable();
// On CI the broker is part of the machine: its absence is a failure, not a reason to skip.
if (!reachable && process.env.CI) throw new Error(`No MQTT broker at ${brokerUrl}, and CI is set`);

const t = useTestApp();

/** A phone as OwnTracks connects by default: MQTT 3.1 (protocol level 3), a client id of at most 23 characters. */
async function phone(): Promise<MqttClient> {
  return mqtt.connectAsync(brokerUrl, {
    protocolVersion: 3,
    protocolId: 'MQIsdp',
    clientId: `ot${randomBytes(8).toString('hex')}`,
    reconnectPeriod: 0,
  });
}

const opened: { bridges: MqttBridge[]; clients: MqttClient[]; retained: Set<string> } = {
  bridges: [],
  clients: [],
  retained: new Set(),
};

/** Publishes as the app does: QoS 1, retained unless told otherwise; remembered for clearing. */
async function publish(topic: string, payload: unknown, options: { retain?: boolean } = {}) {
  const client = await phone();
  opened.clients.push(client);
  const retain = options.retain ?? true;
  if (retain) opened.retained.add(topic);
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  await client.publishAsync(topic, text, { qos: 1, retain });
}

afterEach(async () => {
  await Promise.all(opened.bridges.splice(0).map((b) => b.close()));
  await Promise.all(opened.clients.splice(0).map((c) => c.endAsync()));
});

afterAll(async () => {
  if (opened.retained.size === 0) return;
  // An empty retained payload clears the broker's retained message for the topic.
  const client = await phone();
  for (const topic of opened.retained) await client.publishAsync(topic, '', { qos: 1, retain: true });
  await client.endAsync();
});

/** Outcomes by topic, in arrival order, for the tests to wait on. */
function outcomes() {
  const seen = new Map<string, Outcome[]>();
  const waiting = new Map<string, ((outcome: Outcome) => void)[]>();
  return {
    settled(topic: string, outcome: Outcome) {
      const waiter = waiting.get(topic)?.shift();
      if (waiter) waiter(outcome);
      else seen.set(topic, [...(seen.get(topic) ?? []), outcome]);
    },
    /** The next outcome for this topic not yet taken. */
    next(topic: string): Promise<Outcome> {
      const already = seen.get(topic)?.shift();
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.set(topic, [...(waiting.get(topic) ?? []), resolve]));
    },
  };
}

interface TestBridge {
  bridge: MqttBridge;
  next(topic: string): Promise<Outcome>;
  metrics: Registry;
}

async function startBridge(
  tt: TestApp,
  options: { clientId?: string; positions?: Pick<PositionService, 'record'> } = {},
): Promise<TestBridge> {
  const seen = outcomes();
  const metrics = new Registry();
  const bridge = startMqttBridge(
    {
      url: brokerUrl,
      clientId: options.clientId ?? `jsms-test-${randomUUID()}`,
      // Long enough for a test, short enough that the shared broker forgets these sessions.
      sessionExpirySeconds: 120,
      backoffMs: { first: 50, max: 500 },
    },
    {
      devices: tt.services.deviceIdentities,
      positions: options.positions ?? tt.services.positions,
      commands: tt.services.deviceCommands,
      clock: tt.clock,
      metrics,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      onSettled: seen.settled,
    },
  );
  opened.bridges.push(bridge);
  await bridge.subscribed();
  return { bridge, next: seen.next, metrics };
}

const location = (tst: number, extra: Record<string, unknown> = {}) => ({
  _type: 'location',
  lat: 24.8607,
  lon: 67.0011,
  tst,
  acc: 8,
  vel: 20,
  batt: 64,
  bs: 1,
  conn: 'm',
  tid: 'k1',
  ...extra,
});

async function rowsOf(tt: TestApp, deviceId: string) {
  return tt.db
    .selectFrom('positions')
    .selectAll()
    .where('device_id', '=', deviceId)
    .orderBy('fix_at')
    .execute();
}

async function droppedCount(metrics: Registry, reason: string): Promise<number> {
  const metric = await metrics.getSingleMetric('jsms_mqtt_messages_dropped_total')!.get();
  return metric.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe.skipIf(!reachable)('OwnTracks over MQTT through Mosquitto', () => {
  it('stores a location the app publishes (MQTT 3.1, QoS 1, retained), acknowledged after commit', async () => {
    const device = await createDevice(t, 'cso');
    const topic = `owntracks/cso/${device.id}`;
    const { next } = await startBridge(t);
    await publish(topic, location(1_765_100_000));
    expect(await next(topic)).toEqual({ kind: 'stored', stored: 1, duplicates: 0 });
    expect(await rowsOf(t, device.id)).toMatchObject([
      {
        subject_id: device.subjectId,
        party_id: 'cso',
        lat: 24.8607,
        lon: 67.0011,
        fix_at: new Date(1_765_100_000_000).toISOString(),
        accuracy_m: 8,
        speed_kmh: 20,
        battery_pct: 64,
        charging: 0,
      },
    ]);
    // It reported: its last-seen time moved, as over HTTP.
    const seen = await t.services.tokens.getDevice(system, device.id);
    expect(seen.last_seen_at).toBe(t.clock.now().toISOString());
  });

  it('stores the retained message once more delivered to a new session as nothing new', async () => {
    const device = await createDevice(t, 'cso');
    const topic = `owntracks/cso/${device.id}`;
    const first = await startBridge(t);
    await publish(topic, location(1_765_100_060));
    expect(await first.next(topic)).toMatchObject({ kind: 'stored', stored: 1 });
    await first.bridge.close();

    // Another session subscribes: the broker hands it the retained message on subscribing.
    const second = await startBridge(t);
    expect(await second.next(topic)).toEqual({ kind: 'stored', stored: 0, duplicates: 1 });
    expect(await rowsOf(t, device.id)).toHaveLength(1);
  });

  it('gets what was published while it was away when it comes back with its client id', async () => {
    const device = await createDevice(t, 'cso');
    const topic = `owntracks/cso/${device.id}`;
    const clientId = `jsms-test-${randomUUID()}`;
    const before = await startBridge(t, { clientId });
    await before.bridge.close();
    // Not retained: only the broker's copy kept for the absent session can bring it.
    await publish(topic, location(1_765_100_120), { retain: false });
    const after = await startBridge(t, { clientId });
    expect(await after.next(topic)).toEqual({ kind: 'stored', stored: 1, duplicates: 0 });
    expect(await rowsOf(t, device.id)).toHaveLength(1);
  });

  it('leaves a message it could not store unacknowledged, and the broker sends it again', async () => {
    const device = await createDevice(t, 'cso');
    const topic = `owntracks/cso/${device.id}`;
    const clientId = `jsms-test-${randomUUID()}`;
    let attempts = 0;
    const failing = {
      record: async () => {
        attempts += 1;
        throw new Error('database unavailable');
      },
    };
    const down = await startBridge(t, { clientId, positions: failing });
    await publish(topic, location(1_765_100_180), { retain: false });
    while (attempts < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    // Stopped while still retrying (as a crash would): never acknowledged.
    await down.bridge.close();
    const up = await startBridge(t, { clientId });
    expect(await up.next(topic)).toEqual({ kind: 'stored', stored: 1, duplicates: 0 });
    expect(await rowsOf(t, device.id)).toHaveLength(1);
  });

  it('retries a failed write on the same connection until it commits', async () => {
    const device = await createDevice(t, 'cso');
    const topic = `owntracks/cso/${device.id}`;
    let failures = 1;
    const flaky: Pick<PositionService, 'record'> = {
      record: (actor, fixes) => {
        if (failures-- > 0) return Promise.reject(new Error('database busy'));
        return t.services.positions.record(actor, fixes);
      },
    };
    const { next } = await startBridge(t, { positions: flaky });
    await publish(topic, location(1_765_100_240));
    expect(await next(topic)).toEqual({ kind: 'stored', stored: 1, duplicates: 0 });
  });

  it('drops and counts an unknown device, another party, an unreadable payload', async () => {
    const device = await createDevice(t, 'cso');
    const { next, metrics } = await startBridge(t);
    const unknown = `owntracks/cso/${randomUUID()}`;
    const otherParty = `owntracks/ssd/${device.id}`;
    const unreadable = `owntracks/cso/${device.id}`;
    await publish(unknown, location(1_765_100_300));
    expect(await next(unknown)).toEqual({ kind: 'dropped', reason: 'unknown_device' });
    await publish(otherParty, location(1_765_100_300));
    expect(await next(otherParty)).toEqual({ kind: 'dropped', reason: 'other_party' });
    await publish(unreadable, '{"_type":"location","lat":');
    expect(await next(unreadable)).toEqual({ kind: 'dropped', reason: 'unreadable' });
    await publish(unreadable, location(1_765_100_300, { lat: 91 }));
    expect(await next(unreadable)).toEqual({ kind: 'dropped', reason: 'unreadable' });
    // Other runs share the broker: the counters are at least ours, never asserted exactly.
    for (const reason of ['unknown_device', 'other_party']) {
      expect(await droppedCount(metrics, reason)).toBeGreaterThanOrEqual(1);
    }
    expect(await droppedCount(metrics, 'unreadable')).toBeGreaterThanOrEqual(2);
    expect(await rowsOf(t, device.id)).toEqual([]);
  });

  it('refuses a device from its first message after revocation, though it was remembered', async () => {
    const device = await createDevice(t, 'cso');
    const topic = `owntracks/cso/${device.id}`;
    const { next, metrics } = await startBridge(t);
    await publish(topic, location(1_765_100_360));
    expect(await next(topic)).toMatchObject({ kind: 'stored', stored: 1 });
    await t.services.tokens.revokeDevice(system, device.id);
    await publish(topic, location(1_765_100_420));
    expect(await next(topic)).toEqual({ kind: 'dropped', reason: 'revoked' });
    expect(await droppedCount(metrics, 'revoked')).toBeGreaterThanOrEqual(1);
    expect(await rowsOf(t, device.id)).toHaveLength(1);
  });

  it('stores a transition from the event topic and notes a last will', async () => {
    const device = await createDevice(t, 'cso');
    const base = `owntracks/cso/${device.id}`;
    const { bridge, next } = await startBridge(t);
    const event = `${base}/event`;
    await publish(event, {
      _type: 'transition',
      event: 'enter',
      desc: 'Camp',
      lat: 24.9,
      lon: 67.1,
      acc: 20,
      tst: 1_765_100_500,
      wtst: 1_765_000_000,
      t: 'c',
    });
    expect(await next(event)).toEqual({ kind: 'stored', stored: 1, duplicates: 0 });
    await publish(base, { _type: 'lwt', tst: 1_765_100_000 }, { retain: false });
    expect(await next(base)).toEqual({ kind: 'noted', type: 'lwt' });
    expect(bridge.lastWillAt(device.id)).toEqual(t.clock.now());
    await publish(base, { _type: 'waypoint', desc: 'Office', lat: 24.9, lon: 67.1, rad: 50, tst: 1 });
    expect(await next(base)).toEqual({ kind: 'ignored', type: 'waypoint' });
    await publish(base, location(1_765_100_600));
    expect(await next(base)).toMatchObject({ kind: 'stored', stored: 1 });
    expect(bridge.lastWillAt(device.id)).toBeNull();
    expect(await rowsOf(t, device.id)).toHaveLength(2);
  });

  it('publishes reportLocation to the device’s cmd topic when asked for its location', async () => {
    const device = await createDevice(t, 'cso');
    const cmd = `owntracks/cso/${device.id}/cmd`;
    await startBridge(t);
    const app = await phone();
    opened.clients.push(app);
    const received = new Promise<{ payload: string; retain: boolean; qos: number }>((resolve) =>
      app.on('message', (topic, payload, packet) => {
        if (topic === cmd) resolve({ payload: payload.toString(), retain: packet.retain, qos: packet.qos });
      }),
    );
    await app.subscribeAsync(cmd, { qos: 1 });
    t.services.deviceCommands.requestLocation(device.id);
    const message = await received;
    expect(JSON.parse(message.payload)).toEqual({ _type: 'cmd', action: 'reportLocation' });
    expect(message).toMatchObject({ retain: false, qos: 1 });
    // The HTTP reply still carries it, for a phone that reports over HTTP after all.
    expect(t.services.deviceCommands.take(device.id)).toEqual([{ _type: 'cmd', action: 'reportLocation' }]);
  });
});
