import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemActor } from '../src/access/actor.js';
import { testDatabaseUrl } from './helpers/database.js';
import {
  freshLocation,
  killServer,
  type Location,
  type ServerProcess,
  startServer,
  withDatabase,
} from './helpers/server-process.js';

/**
 * The OwnTracks app's contract (issue 12): it resends every fix until it gets a 2xx, so a 2xx must
 * mean stored, and a resend must change nothing. 1,000 fixes are each delivered three times in
 * random order over real sockets to a real `jsms serve`, which is killed with SIGKILL part way;
 * every fix acknowledged before the kill must be on disk, and after a restart and the rest of the
 * deliveries (and some acknowledged ones again) exactly 1,000 are stored.
 */

const system: SystemActor = { type: 'system', id: 'at-least-once-test', partyId: null };

// 10 × 100 so that no device passes the rate limit's burst of 600 (each gets at most 300 + resends).
const deviceCount = 10;
const fixesPerDevice = 100;
const copies = 3;
const concurrency = 20;
/** Acknowledged ones delivered again after the restart, as an app that missed its answer would. */
const resentAfterRestart = 100;
const firstTst = 1_765_000_000;
const requestTimeoutMs = 20_000;

interface Device {
  id: string;
  token: string;
}

interface Delivery {
  device: number;
  fix: number;
}

/** A small seeded generator, so that a failing order can be replayed from the seed in the message. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A host party, one person, and the devices that report for them. */
async function seed(location: Location): Promise<Device[]> {
  return withDatabase(location, async ({ services }) => {
    await services.parties.create(system, { id: 'ssd', name: 'At-least-once host', kind: 'host' });
    const person = await services.persons.create(system, {
      partyId: 'ssd',
      name: 'Tracked person',
      nationality: 'CN',
      status: 'in_country',
    });
    const devices: Device[] = [];
    for (let i = 0; i < deviceCount; i++) {
      const { device, secret } = await services.tokens.createDevice(system, {
        partyId: 'ssd',
        subjectType: 'person',
        subjectId: person.id,
        name: `phone ${i}`,
      });
      devices.push({ id: device.id, token: secret });
    }
    return devices;
  });
}

const tstOf = (fix: number) => firstTst + fix * 30;
const latOf = (d: Delivery) => 33 + d.device / 100 + d.fix / 10_000;
const lonOf = (d: Delivery) => 73 + d.device / 100 - d.fix / 10_000;
const keyOf = (deviceId: string, fixAt: string) => `${deviceId}|${fixAt}`;

function bodyOf(d: Delivery): string {
  return JSON.stringify({
    _type: 'location',
    lat: latOf(d),
    lon: lonOf(d),
    tst: tstOf(d.fix),
    acc: 10,
    batt: 80,
    tid: 'al',
  });
}

interface Outcome {
  acknowledged: Delivery[];
  /** Sent but never answered: the kill cut them off, so no promise was made. */
  unanswered: Delivery[];
  /** Never sent: still to deliver. */
  unsent: Delivery[];
  /** 429s, each retried. */
  limited: number;
  /** Any other answer: there should be none. */
  unexpected: string[];
}

/**
 * Delivers `queue` from `concurrency` clients at once over keep-alive connections (fetch's pool)
 * until it is empty or `stopped()` says the server is gone.
 */
async function deliver(
  server: ServerProcess,
  devices: readonly Device[],
  queue: Delivery[],
  options: { stopped?: () => boolean; onAcknowledged?: (count: number) => void } = {},
): Promise<Outcome> {
  const stopped = options.stopped ?? (() => false);
  const outcome: Outcome = { acknowledged: [], unanswered: [], unsent: [], limited: 0, unexpected: [] };
  const pending = [...queue];
  const client = async () => {
    for (let d = pending.pop(); d !== undefined; d = pending.pop()) {
      if (stopped()) {
        outcome.unsent.push(d);
        continue;
      }
      const device = devices[d.device]!;
      let status: number;
      let text: string;
      try {
        const response = await fetch(`http://127.0.0.1:${server.port}/ingest/owntracks`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`phone${d.device}:${device.token}`).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: bodyOf(d),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        status = response.status;
        text = await response.text().catch(() => '');
      } catch {
        outcome.unanswered.push(d);
        continue;
      }
      // The status line is sent after the commit, so a 2xx is the promise, whatever follows it.
      if (status >= 200 && status < 300) {
        outcome.acknowledged.push(d);
        options.onAcknowledged?.(outcome.acknowledged.length);
      } else if (status === 429) {
        outcome.limited++;
        pending.unshift(d);
        await new Promise((resolve) => setTimeout(resolve, 200));
      } else {
        outcome.unexpected.push(`${status} ${text}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return outcome;
}

/** Every stored fix as `device|fix_at`, and its coordinates. */
async function storedFixes(location: Location) {
  return withDatabase(location, async ({ db }) => {
    const rows = await db.selectFrom('positions').select(['device_id', 'fix_at', 'lat', 'lon']).execute();
    return new Map(rows.map((r) => [keyOf(r.device_id, r.fix_at), { lat: r.lat, lon: r.lon }]));
  });
}

const backends = [
  { name: 'SQLite', postgres: false, skip: false },
  {
    name: testDatabaseUrl ? 'PostgreSQL' : 'PostgreSQL (skipped: set TEST_DATABASE_URL to run it)',
    postgres: true,
    skip: !testDatabaseUrl,
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`OwnTracks at least once, kill -9 in the middle: ${backend.name}`, () => {
    let location: Location;
    let running: ChildProcess | null = null;

    beforeAll(async () => {
      location = await freshLocation(backend.postgres);
    });

    afterAll(async () => {
      running?.kill('SIGKILL');
      await location?.drop();
    });

    it(`stores each of ${deviceCount * fixesPerDevice} fixes once, delivered ${copies} times around a crash`, async () => {
      const seedValue = Date.now() >>> 0;
      const next = random(seedValue);
      const context = `seed ${seedValue}`;
      const devices = await seed(location);
      const key = (d: Delivery) => keyOf(devices[d.device]!.id, new Date(tstOf(d.fix) * 1000).toISOString());
      const fixes: Delivery[] = [];
      for (let device = 0; device < deviceCount; device++)
        for (let fix = 0; fix < fixesPerDevice; fix++) fixes.push({ device, fix });
      const deliveries = shuffled(
        fixes.flatMap((f) => Array.from({ length: copies }, () => f)),
        next,
      );

      // First life: killed once between a third and two thirds of the deliveries are acknowledged.
      const killAt = Math.floor(deliveries.length * (1 / 3 + next() / 3));
      const first = await startServer(location);
      running = first.child;
      let killed: Promise<void> | null = null;
      const before = await deliver(first, devices, deliveries, {
        stopped: () => killed !== null,
        onAcknowledged: (count) => {
          if (count >= killAt && !killed) killed = killServer(first);
        },
      });
      await (killed ?? killServer(first));
      running = null;
      expect(before.unexpected, context).toEqual([]);
      // The kill came in the middle: some deliveries acknowledged, others never answered or sent.
      expect(before.acknowledged.length, context).toBeGreaterThanOrEqual(killAt);
      expect(before.unanswered.length + before.unsent.length, context).toBeGreaterThan(0);

      // Every fix the dead server acknowledged is on disk, before anything is sent again.
      const afterKill = await storedFixes(location);
      const acknowledgedKeys = new Set(before.acknowledged.map(key));
      expect(
        [...acknowledgedKeys].filter((k) => !afterKill.has(k)),
        context,
      ).toEqual([]);

      // Second life: whatever was not acknowledged, and some acknowledged deliveries again.
      const again = shuffled(before.acknowledged, next).slice(0, resentAfterRestart);
      const rest = shuffled([...before.unanswered, ...before.unsent, ...again], next);
      const second = await startServer(location);
      running = second.child;
      const after = await deliver(second, devices, rest);
      await killServer(second);
      running = null;
      expect(after.unexpected, context).toEqual([]);
      expect(after.unanswered, context).toEqual([]);
      expect(after.acknowledged.length, context).toBe(rest.length);

      const stored = await storedFixes(location);
      expect(stored.size, context).toBe(deviceCount * fixesPerDevice);
      for (const fix of fixes) {
        expect(stored.get(key(fix)), `${context}: ${key(fix)}`).toEqual({ lat: latOf(fix), lon: lonOf(fix) });
      }
      expect(
        [...acknowledgedKeys].filter((k) => !stored.has(k)),
        context,
      ).toEqual([]);
    }, 120_000);
  });
}
