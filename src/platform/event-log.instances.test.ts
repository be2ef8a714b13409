import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditedWrites } from '../audit/audited-write.js';
import { createEventFollower, type Follower, type JsmsEvents } from '../events.js';
import { testDatabaseUrl } from '../../test/helpers/database.js';
import { secondInstance } from '../../test/helpers/second-instance.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { eventRetentionMs, type LoggedEvent } from './event-log.js';

// The audited write puts every published event in the durable log, in its transaction; every
// instance's follower hands them out, whichever instance wrote them. The local bus stays local.
const t = useTestApp();

const incident = (place: string) => ({
  date: '2024-10-06',
  province: 'Sindh',
  place,
  lat: 24.9,
  lon: 67.16,
  type: 'ied',
  killed: { best: 1 },
  status: 'reported',
  sources: [],
});

/** Records an incident through instance A's HTTP API; returns its id and the log's newest number. */
async function recordOnA(place: string): Promise<{ id: string; seq: number }> {
  const res = await t.request('ssd:analyst', {
    method: 'POST',
    url: '/api/v1/incidents',
    payload: incident(place),
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json<{ id: string }>().id, seq: (await t.services.eventLog.bounds()).last };
}

type Logged = LoggedEvent<JsmsEvents>;
const recordedIds = (events: Logged[]) =>
  events.flatMap((e) => (e.name === 'incident.recorded' ? e.payload.incidents.map((i) => i.id) : []));

describe('the audited write and the event log', () => {
  it('appends a published event to the log with the write, and still publishes it on the local bus after commit', async () => {
    const onBus: string[] = [];
    const off = t.services.events.on('incident.recorded', ({ payload }) => {
      onBus.push(...payload.incidents.map((i) => i.id));
    });
    const before = (await t.services.eventLog.bounds()).last;
    const { id, seq } = await recordOnA('Karachi airport');
    off();
    expect(seq).toBe(before + 1);
    const [logged] = await t.services.eventLog.read(before, 10);
    expect(logged).toMatchObject({ seq, name: 'incident.recorded', at: t.clock.now().toISOString() });
    expect(recordedIds([logged!])).toEqual([id]);
    expect(onBus).toEqual([id]);
  });

  it('logs nothing of a write that rolls back; `append` logs without the local bus', async () => {
    const writes = auditedWrites({
      db: t.db,
      clock: t.clock,
      events: t.services.events,
      log: t.services.eventLog,
    });
    const onBus: unknown[] = [];
    const off = t.services.events.on('agreement.in_force', (event) => void onBus.push(event));
    const before = (await t.services.eventLog.bounds()).last;
    const refused = writes.write(null, async ({ publish }) => {
      publish('agreement.in_force', { version: 99, previous: null });
      throw new Error('refused');
    });
    await expect(refused).rejects.toThrow('refused');
    await writes.write(null, async ({ append }) => {
      append([
        { name: 'agreement.in_force', payload: { version: 100, previous: null } },
        { name: 'agreement.in_force', payload: { version: 101, previous: 100 } },
      ]);
      append([{ name: 'agreement.in_force', payload: { version: 102, previous: 101 } }]);
    });
    off();
    const logged = await t.services.eventLog.read(before, 10);
    expect(logged.map((e) => [e.seq - before, e.payload])).toEqual([
      [1, { version: 100, previous: null }],
      [2, { version: 101, previous: 100 }],
      [3, { version: 102, previous: 101 }],
    ]);
    expect(onBus).toEqual([]);
  });

  it("hands this instance's own writes to its follower once, in order", async () => {
    const follower = createEventFollower(t.services.eventLog, { listenUrl: t.config.databaseUrl });
    const seen: Logged[] = [];
    follower.follow((event) => seen.push(event));
    await follower.start();
    try {
      const written = [await recordOnA('Quetta'), await recordOnA('Peshawar'), await recordOnA('Lahore')];
      await follower.reached(written[2]!.seq);
      expect(recordedIds(seen)).toEqual(written.map((w) => w.id));
      expect(seen.map((e) => e.seq)).toEqual(written.map((w) => w.seq));
    } finally {
      await follower.stop();
    }
  });
});

// Two server instances on one PostgreSQL, each with its own pool and its own listening connection.
describe.skipIf(!testDatabaseUrl)('two instances on one PostgreSQL', () => {
  let other: Awaited<ReturnType<typeof secondInstance>>;
  beforeAll(async () => {
    other = await secondInstance(t);
    await other.app.ready();
  });
  afterAll(() => other.close());

  it("brings an event written through A to B's follower, but not to B's local bus", async () => {
    const b = other.app.services;
    const seen: Logged[] = [];
    b.eventFollower.follow((event) => seen.push(event));
    await b.eventFollower.start();
    const onBusA: string[] = [];
    const onBusB: string[] = [];
    const offA = t.services.events.on('incident.recorded', ({ payload }) => {
      onBusA.push(...payload.incidents.map((i) => i.id));
    });
    const offB = b.events.on('incident.recorded', ({ payload }) => {
      onBusB.push(...payload.incidents.map((i) => i.id));
    });
    const { id, seq } = await recordOnA('Gwadar port');
    await b.eventFollower.reached(seq);
    offA();
    offB();
    expect(recordedIds(seen)).toEqual([id]);
    // B's own subscribers (risk grid, re-assessment) react to B's writes only: A's ran on A, once.
    expect(onBusA).toEqual([id]);
    expect(onBusB).toEqual([]);
    await b.eventFollower.stop();
  });

  it("after B's follower drops, a new one from its last number gets exactly the events it missed", async () => {
    const b = other.app.services;
    const dropped: Follower = createEventFollower(b.eventLog, { listenUrl: t.config.databaseUrl });
    const before: Logged[] = [];
    dropped.follow((event) => before.push(event));
    await dropped.start();
    const first = await recordOnA('Turbat');
    await dropped.reached(first.seq);
    await dropped.stop();

    const missed = [await recordOnA('Hub'), await recordOnA('Dera Bugti'), await recordOnA('Sibi')];
    expect(recordedIds(before)).toEqual([first.id]);

    const resumed = createEventFollower(b.eventLog, {
      listenUrl: t.config.databaseUrl,
      since: dropped.lastSeq,
    });
    const after: Logged[] = [];
    resumed.follow((event) => after.push(event));
    await resumed.start();
    await resumed.reached(missed[2]!.seq);
    const later = await recordOnA('Zhob');
    await resumed.reached(later.seq);
    await resumed.stop();
    expect(after.map((e) => e.seq)).toEqual([...missed, later].map((w) => w.seq));
    expect(recordedIds(after)).toEqual([...missed, later].map((w) => w.id));
  });
});

describe('retention', () => {
  it('purges, on the scheduler, the events older than 24 hours', async () => {
    await t.services.scheduler.start({ pollMs: 3_600_000 });
    const old = await recordOnA('Chaman');
    t.clock.advance(eventRetentionMs);
    const recent = await recordOnA('Khuzdar');
    t.clock.advance(60 * 60_000);
    await t.services.scheduler.runDue();
    await t.services.scheduler.stop();
    expect(await t.services.eventLog.bounds()).toEqual({ first: old.seq + 1, last: recent.seq });
    expect(recordedIds(await t.services.eventLog.read(old.seq, 10))).toEqual([recent.id]);
  });
});
