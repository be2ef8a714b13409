import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemActor } from '../src/access/actor.js';
import { auditService } from '../src/audit/audit.service.js';
import { auditedWrites } from '../src/audit/audited-write.js';
import { createEventLog, createEvents } from '../src/events.js';
import { systemClock } from '../src/platform/clock.js';
import { auditEntries } from './helpers/app.js';
import { testDatabaseUrl } from './helpers/database.js';
import {
  freshLocation,
  killServer,
  type Location,
  startServer,
  withDatabase,
} from './helpers/server-process.js';

/**
 * Kill -9 a real server process while several clients write to it, over and over, then check
 * that every write it acknowledged is still there and that the audit chain is intact.
 */

const system: SystemActor = { type: 'system', id: 'crash-test', partyId: null };

const cycles = 20;
const writers = 8;
/** How long the server lives once it serves, in ms: long enough to be mid-write, short enough to be quick. */
const liveMs = { min: 100, max: 700 };
/** Bounds, so a server that never dies cannot hang the suite. */
const maxWritesPerWriterPerCycle = 1_000;
/** Each cycle starts a server process: a few seconds when idle, far more on a busy machine. */
const timeoutMs = 10 * 60_000;

/** A coordinator of a fresh host party, their API token, and a person of the party the devices report for. */
async function seed(location: Location): Promise<{ token: string; personId: string }> {
  return withDatabase(location, async ({ services }) => {
    await services.parties.create(system, { id: 'ssd', name: 'Crash test host', kind: 'host' });
    const { user } = await services.users.create(system, {
      partyId: 'ssd',
      username: 'crash-coordinator',
      displayName: 'Crash coordinator',
      roles: ['coordinator'],
      password: 'correct horse battery staple',
    });
    const { secret } = await services.tokens.createApiToken(system, { userId: user.id, name: 'crash' });
    const person = await services.persons.create(system, {
      partyId: 'ssd',
      name: 'Crash person',
      nationality: 'CN',
      status: 'in_country',
    });
    return { token: secret, personId: person.id };
  });
}

type Seeded = Awaited<ReturnType<typeof seed>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CycleResult {
  acknowledged: string[];
  /** Requests cut off by the kill: no response, so no promise was made. */
  interrupted: number;
  /** Responses other than 201: there should be none. */
  unexpected: string[];
}

/** One writer: registers devices one after another until the server stops answering. */
async function write(port: number, seeded: Seeded, writer: number, result: CycleResult, stop: () => boolean) {
  for (let n = 0; n < maxWritesPerWriterPerCycle && !stop(); n++) {
    const subject = seeded.personId;
    let response: Response;
    let body: { device?: { id?: string } };
    try {
      response = await fetch(`http://127.0.0.1:${port}/api/v1/devices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seeded.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ subjectType: 'person', subjectId: subject, name: `phone-${writer}-${n}` }),
      });
      body = (await response.json()) as typeof body;
    } catch {
      result.interrupted++;
      return;
    }
    if (response.status === 201 && typeof body.device?.id === 'string')
      result.acknowledged.push(body.device.id);
    else result.unexpected.push(`${response.status} ${JSON.stringify(body)}`);
  }
}

/** Serves, writes from several clients at once, and is killed at a random moment. */
async function crashCycle(location: Location, seeded: Seeded, track: (child: ChildProcess | null) => void) {
  const server = await startServer(location);
  track(server.child);
  const result: CycleResult = { acknowledged: [], interrupted: 0, unexpected: [] };
  let killed = false;
  const loops = Array.from({ length: writers }, (_, writer) =>
    write(server.port, seeded, writer, result, () => killed),
  );
  await sleep(liveMs.min + Math.random() * (liveMs.max - liveMs.min));
  await killServer(server);
  track(null);
  killed = true;
  await Promise.all(loops);
  return result;
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
  describe.skipIf(backend.skip)(`kill -9 while writing: ${backend.name}`, () => {
    let location: Location;
    let running: ChildProcess | null = null;

    beforeAll(async () => {
      location = await freshLocation(backend.postgres);
    });

    afterAll(async () => {
      running?.kill('SIGKILL');
      await location?.drop();
    });

    it(
      `keeps every acknowledged write and an intact audit chain across ${cycles} crashes`,
      async () => {
        const seeded = await seed(location);
        const acknowledged: string[] = [];
        const unexpected: string[] = [];
        let interrupted = 0;
        for (let cycle = 0; cycle < cycles; cycle++) {
          const result = await crashCycle(location, seeded, (child) => {
            running = child;
          });
          acknowledged.push(...result.acknowledged);
          unexpected.push(...result.unexpected);
          interrupted += result.interrupted;
        }
        expect(unexpected).toEqual([]);
        // The test means something only if writes were acknowledged and others cut off mid-flight.
        expect(acknowledged.length).toBeGreaterThan(cycles);
        expect(interrupted).toBeGreaterThan(0);

        await withDatabase(location, async ({ db, config }) => {
          const ids = new Set(acknowledged);
          const devices = await db.selectFrom('devices').select('id').execute();
          const stored = new Set(devices.map((d) => d.id));
          expect([...ids].filter((id) => !stored.has(id))).toEqual([]);

          // Each device and its audit entry committed together: neither survives without the other.
          const created = await auditEntries(db, 'device.created');
          expect(created.map((e) => e.entity_id).sort()).toEqual([...stored].sort());

          const writes = auditedWrites({
            db,
            clock: systemClock,
            events: createEvents(),
            log: createEventLog(db, config.databaseUrl ? 'postgres' : 'sqlite'),
          });
          const audit = auditService({
            db,
            clock: systemClock,
            writes,
            keysDir: path.join(config.dataDir, 'keys'),
          });
          const report = await audit.verify();
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
          const head = await db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
          const { count } = await db
            .selectFrom('audit_entries')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .executeTakeFirstOrThrow();
          expect(Number(count)).toBe(Number(head.next_seq));
          expect(report.entries).toBe(Number(head.next_seq));
        });
      },
      timeoutMs,
    );
  });
}
