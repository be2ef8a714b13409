import { setTimeout as sleep } from 'node:timers/promises';
import mqtt, { type IPublishPacket } from 'mqtt';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DeviceActor } from '../access/actor.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { DeviceCommands } from './device-commands.js';
import type { Fix } from './fix.js';
import { owntracksTopic } from './owntracks.js';
import {
  commandTopic,
  owntracksSubscriptions,
  type PayloadRefusal,
  readOwnTracksPayload,
} from './owntracks-mqtt.js';
import type { PositionService } from './position.service.js';
import type { DeviceIdentityService, DeviceRefusal } from '../access/device-identity.service.js';

/** Why a message was acknowledged without effect: the label of `jsms_mqtt_messages_dropped_total`. */
export type DropReason = 'unknown_topic' | DeviceRefusal | PayloadRefusal | 'rate_limited';

/** What became of one message, once acknowledged. */
export type Outcome =
  | { kind: 'stored'; stored: number; duplicates: number }
  | { kind: 'noted'; type: 'lwt' | 'status' }
  /** Another `_type`, a transition without a position, or an empty (retained-clearing) payload. */
  | { kind: 'ignored'; type: string }
  | { kind: 'dropped'; reason: DropReason };

type LogFn = (fields: Record<string, unknown>, message: string) => void;
export interface BridgeLog {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface MqttBridgeSettings {
  /** `mqtt://[user:password@]host:port` (or mqtts://). */
  url: string;
  /** Fixed, so the broker keeps this server's session (subscriptions and queued messages) across restarts. */
  clientId: string;
  /** How long the broker keeps that session while the server is away; never expires by default. */
  sessionExpirySeconds?: number;
  /** Reconnection and retry back-off: the first wait, doubled each time up to the last. */
  backoffMs?: { first: number; max: number };
}

export interface MqttBridgeDeps {
  devices: DeviceIdentityService;
  positions: Pick<PositionService, 'record'>;
  commands: DeviceCommands;
  clock: Clock;
  /** The app's metrics registry. */
  metrics: Registry;
  log: BridgeLog;
  /** Told each message's outcome after its acknowledgement was sent (tests, diagnostics). */
  onSettled?: (topic: string, outcome: Outcome) => void;
}

// How long a stopping bridge waits for a clean DISCONNECT before it drops the connection.
const closeGraceMs = 2_000;

// MQTT 5's largest session expiry: the session outlives any outage (the broker's own limits apply).
const neverExpires = 0xffffffff;

/**
 * OwnTracks over MQTT: subscribes to the apps' topics on the broker at QoS 1 with a persistent
 * session, so what phones publish while JSMS is down waits on the broker, and stores each fix
 * before acknowledging it. mqtt.js hands incoming messages over one at a time through
 * `handleMessage` and sends the PUBACK only when its callback is called, in every protocol version
 * (`customHandleAcks`, which exists only in MQTT 5, merely picks the PUBACK's reason code before
 * that), so the callback is called after the commit: a message lost in a crash is unacknowledged,
 * and the broker sends it again when the bridge reconnects. The store keeps one row per device and
 * fix time, so the redelivery, and every retained message resent on subscribe, changes nothing.
 * Anything that names no live device of the topic's party, or cannot be read, is counted, logged at
 * debug and acknowledged, so the broker does not send it forever.
 */
export function startMqttBridge(settings: MqttBridgeSettings, deps: MqttBridgeDeps) {
  const { devices, positions, commands, clock, log, onSettled } = deps;
  const backoff = settings.backoffMs ?? { first: 1_000, max: 60_000 };
  const waitFor = (attempt: number) => Math.min(backoff.max, backoff.first * 2 ** attempt);
  const dropped = new Counter({
    name: 'jsms_mqtt_messages_dropped_total',
    help: 'MQTT messages acknowledged without effect, by reason',
    labelNames: ['reason'] as const,
    registers: [deps.metrics],
  });
  const connectedGauge = new Gauge({
    name: 'jsms_mqtt_connected',
    help: '1 while the MQTT bridge is connected to its broker',
    registers: [deps.metrics],
  });
  // When each device's last will arrived (the broker's word that the phone dropped off), until it reports again.
  const lastWills = new Map<string, Date>();
  const stopping = new AbortController();
  let connection = 0;
  let reconnects = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  let firstSubscribed: () => void = () => {};
  const subscribed = new Promise<void>((resolve) => (firstSubscribed = resolve));

  const client = mqtt.connect(settings.url, {
    clientId: settings.clientId,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: settings.sessionExpirySeconds ?? neverExpires },
    reconnectPeriod: backoff.first,
    // Subscribed afresh on every connection below.
    resubscribe: false,
  });

  function drop(topic: string, reason: DropReason, why?: string): Outcome {
    dropped.inc({ reason });
    log.debug({ topic, reason, ...(why ? { why } : {}) }, 'mqtt message dropped');
    return { kind: 'dropped', reason };
  }

  async function record(device: DeviceActor, topic: string, fix: Fix) {
    lastWills.delete(device.id);
    try {
      const { stored, duplicates } = await positions.record(device, [fix]);
      return { kind: 'stored', stored, duplicates } as const;
    } catch (error) {
      // The broker cannot slow one phone down: past its rate, a fix goes (its next one follows).
      if (error instanceof AppError && error.code === 'position_rate_limited') {
        return drop(topic, 'rate_limited');
      }
      throw error;
    }
  }

  /** One message's effect; throws only on a failure worth retrying (the database). */
  async function settle(topic: string, payload: Buffer): Promise<Outcome> {
    const named = owntracksTopic(topic);
    if (!named) return drop(topic, 'unknown_topic');
    const read = readOwnTracksPayload(payload);
    if (read.kind === 'empty') return { kind: 'ignored', type: 'empty' };
    const found = await devices.resolve(named.user, named.device);
    if ('refused' in found) return drop(topic, found.refused);
    if (read.kind === 'refused') return drop(topic, read.reason, read.why);
    const { device } = found;
    const { message } = read;
    switch (message.type) {
      case 'location':
        return record(device, topic, message.fix);
      case 'transition':
        return message.fix ? record(device, topic, message.fix) : { kind: 'ignored', type: 'transition' };
      case 'lwt':
        lastWills.set(device.id, clock.now());
        log.info({ device: device.id, connectedAt: message.at }, 'owntracks device dropped off the broker');
        return { kind: 'noted', type: 'lwt' };
      case 'status':
        log.debug({ device: device.id, status: message.attributes }, 'owntracks device status');
        return { kind: 'noted', type: 'status' };
      case 'ignored':
        return { kind: 'ignored', type: message.messageType };
    }
  }

  /**
   * Settles a message, retrying a failure with back-off for as long as its connection lasts. Gives
   * up (undefined) when the connection is gone or the bridge stops: unacknowledged, the message
   * comes again on the next connection.
   */
  async function settleOnce(topic: string, payload: Buffer, on: number): Promise<Outcome | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await settle(topic, payload);
      } catch (error) {
        log.error({ err: error, topic, attempt }, 'mqtt message not stored; retrying');
        try {
          await sleep(waitFor(attempt), undefined, { signal: stopping.signal });
        } catch {
          return undefined;
        }
        if (on !== connection) return undefined;
      }
    }
  }

  client.handleMessage = (packet: IPublishPacket, done) => {
    const on = connection;
    if (stopping.signal.aborted) return; // unacknowledged: the broker keeps it for the next start
    const topic = packet.topic;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    inFlight = settleOnce(topic, payload, on).then((outcome) => {
      // A PUBACK belongs to the connection its message came on: a packet id is reused on the next.
      if (outcome === undefined || on !== connection) return;
      done();
      onSettled?.(topic, outcome);
    });
  };

  client.on('connect', (connack) => {
    connection += 1;
    reconnects = 0;
    client.options.reconnectPeriod = backoff.first;
    connectedGauge.set(1);
    log.info({ broker: shownBroker(settings.url), sessionPresent: connack.sessionPresent }, 'mqtt connected');
    // Retain handling 1: retained messages only for a subscription the session did not hold yet.
    const topics = Object.fromEntries(owntracksSubscriptions.map((t) => [t, { qos: 1 as const, rh: 1 }]));
    client.subscribe(topics, (error, granted) => {
      const refused = (granted ?? []).filter((g) => g.qos !== 1 && g.qos !== 0);
      if (error || refused.length > 0) {
        log.error({ err: error, refused: refused.map((g) => g.topic) }, 'mqtt subscription refused');
        return;
      }
      firstSubscribed();
    });
  });
  client.on('reconnect', () => {
    reconnects += 1;
    // Read when the connection next closes: the wait before the attempt after this one.
    client.options.reconnectPeriod = waitFor(reconnects);
    log.debug({ attempt: reconnects, nextWaitMs: client.options.reconnectPeriod }, 'mqtt reconnecting');
  });
  client.on('close', () => connectedGauge.set(0));
  client.on('error', (error) => log.warn({ err: error }, 'mqtt error'));

  const stopCommands = commands.onAsked(async ({ deviceId, command }) => {
    const partyId = await devices.partyOf(deviceId);
    if (partyId === null) return;
    // QoS 1, not retained: a retained command would be obeyed again at every reconnect of the app.
    client.publish(
      commandTopic(partyId, deviceId),
      JSON.stringify(command),
      { qos: 1, retain: false },
      (error) => {
        if (error) log.warn({ err: error, device: deviceId }, 'mqtt command not sent');
      },
    );
  });

  return {
    /** Resolves once the first subscription is granted: from then on, published messages reach the bridge. */
    subscribed: () => subscribed,
    /** When the device's last will arrived, if it has not reported since. */
    lastWillAt: (deviceId: string): Date | null => lastWills.get(deviceId) ?? null,
    /** Stops taking messages, lets the one being stored finish and be acknowledged, and disconnects. */
    async close(): Promise<void> {
      stopCommands();
      stopping.abort();
      await inFlight;
      // A DISCONNECT waits for the broker's PUBACKs of commands still out; a message left
      // unacknowledged above holds those up, so past a grace period the connection is dropped
      // instead (the broker keeps the session either way, and redelivers what was not acknowledged).
      const grace = new AbortController();
      const ended = client.endAsync().then(() => 'ended' as const);
      const late = sleep(closeGraceMs, 'late' as const, { signal: grace.signal }).catch(
        () => 'ended' as const,
      );
      if ((await Promise.race([ended, late])) === 'late') client.stream.destroy();
      grace.abort();
      connectedGauge.set(0);
    },
  };
}

export type MqttBridge = ReturnType<typeof startMqttBridge>;

/** The broker's address without its password, for the log. */
export function shownBroker(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
