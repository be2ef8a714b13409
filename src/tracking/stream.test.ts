import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { coarsen } from '../agreement/location.js';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import type { TestApp } from '../../test/helpers/app.js';
import { secondInstance } from '../../test/helpers/second-instance.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { createDevice } from '../../test/helpers/routes.js';

const t = useTestApp({
  each: true,
  setup: async (app) => {
    await putAgreementInForce(app);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    await app.services.eventFollower.start();
  },
});

const islamabad = { lat: 33.7123, lon: 73.0611 };

interface Frame {
  type: string;
  seq: number;
  reset?: boolean;
  subjects?: { subject: { id: string } }[];
  subject?: { subject: { id: string }; location: { precision: string; lat: number; lon: number } };
  movement?: { id: string; state: string };
}

/** A stream client that keeps every frame, and can wait for the n-th or for its close. */
class Client {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly waiters: (() => void)[] = [];
  readonly socket: WebSocket;

  constructor(url: string, token?: string) {
    this.socket = new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    this.socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as Frame);
      this.notify();
    });
    this.socket.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
    this.socket.on('error', () => this.notify());
  }

  private notify() {
    for (const wake of this.waiters.splice(0)) wake();
  }

  async until(done: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  frame(n: number) {
    return this.until(() => this.frames.length >= n, `${n} frames`).then(() => this.frames[n - 1]!);
  }

  close() {
    this.socket.close();
    return this.until(() => this.closed !== null, 'close');
  }
}

const open: Client[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) if (!client.closed) await client.close();
});

function streamUrl(app: FastifyInstance, query = '') {
  const address = app.server.address() as { port: number };
  return `ws://127.0.0.1:${address.port}/api/v1/stream${query}`;
}

function connect(tt: TestApp, who: string, query = '', app = tt.app) {
  const client = new Client(streamUrl(app, query), tt.users[who]!.token);
  open.push(client);
  return client;
}

async function report(token: string, tst: number, point = islamabad) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/ingest/owntracks',
    headers: {
      authorization: `Basic ${Buffer.from(`p:${token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    payload: { _type: 'location', ...point, tst },
  });
  expect(res.statusCode).toBe(200);
}

const base = Math.floor(Date.parse('2026-11-28T07:00:00Z') / 1000);

describe('the live stream', () => {
  it('sends a snapshot, then each fix as the agreement shows it to each viewer', async () => {
    const device = await createDevice(t, 'cso');
    await report(device.token, base);
    const own = connect(t, 'cso:coordinator');
    const host = connect(t, 'ssd:coordinator');
    const admin = connect(t, 'ssd:admin');
    const snapshot = await own.frame(1);
    expect(snapshot).toMatchObject({ type: 'snapshot', subjects: [{ subject: { id: device.subjectId } }] });
    await host.frame(1);
    await admin.frame(1);
    expect(admin.frames[0]!.subjects).toEqual([]);
    await report(device.token, base + 60, { lat: 33.8, lon: 73.2 });
    const moved = await own.frame(2);
    expect(moved).toMatchObject({
      type: 'position',
      subject: { location: { precision: 'exact', lat: 33.8, lon: 73.2 } },
    });
    expect(moved.seq).toBeGreaterThan(snapshot.seq);
    expect(await host.frame(2)).toMatchObject({
      type: 'position',
      seq: moved.seq,
      subject: { location: coarsen({ lat: 33.8, lon: 73.2 }) },
    });
    // The host's admin is shown no location of the partner's persons: no frame, then the next it may see.
    const hostDevice = await createDevice(t, 'ssd', undefined, 'person');
    await report(hostDevice.token, base + 120);
    const next = await admin.frame(2);
    expect(next).toMatchObject({ type: 'position', subject: { subject: { id: hostDevice.subjectId } } });
    expect(admin.frames.some((f) => f.subject?.subject.id === device.subjectId)).toBe(false);
  });

  it('resumes with since: exactly the frames missed, in order, with no snapshot', async () => {
    const device = await createDevice(t, 'cso');
    const first = connect(t, 'cso:coordinator');
    await first.frame(1);
    await report(device.token, base);
    const seen = await first.frame(2);
    await first.close();
    for (const i of [1, 2, 3]) await report(device.token, base + i * 60);
    const resumed = connect(t, 'cso:coordinator', `?since=${seen.seq}`);
    await resumed.frame(3);
    expect(resumed.frames.map((f) => f.type)).toEqual(['position', 'position', 'position']);
    const seqs = resumed.frames.map((f) => f.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(seen.seq);
    // And then live, as before.
    await report(device.token, base + 240);
    expect(await resumed.frame(4)).toMatchObject({ type: 'position' });
  });

  it('tells a subject gone stale, whether first seen in the snapshot or in a delta', async () => {
    const early = await createDevice(t, 'cso');
    const late = await createDevice(t, 'cso');
    const now = Math.floor(t.clock.now().getTime() / 1000);
    await report(early.token, now);
    const client = connect(t, 'cso:coordinator');
    await client.frame(1);
    await report(late.token, now);
    await client.frame(2);
    t.clock.advance(301_000);
    t.app.stream.sweepStatuses();
    await client.frame(4);
    const statuses = client.frames.slice(2) as unknown as {
      type: string;
      subject: { id: string };
      status: string;
    }[];
    expect(statuses.map((f) => [f.type, f.subject.id, f.status]).sort()).toEqual(
      [
        ['status', early.subjectId, 'stale'],
        ['status', late.subjectId, 'stale'],
      ].sort(),
    );
    // Told once: nothing new on the next sweep.
    t.app.stream.sweepStatuses();
    expect(client.frames).toHaveLength(4);
  });

  it('starts again from a snapshot marked reset when since is past what the log holds', async () => {
    const client = connect(t, 'cso:coordinator', '?since=999999');
    expect(await client.frame(1)).toMatchObject({ type: 'snapshot', reset: true });
  });

  it('closes with 4401 when the credential is revoked, and refuses the anonymous', async () => {
    const client = connect(t, 'cso:coordinator');
    await client.frame(1);
    // Its admin disables the user: every credential of theirs ends at once.
    const disabled = await t.request('cso:admin', {
      method: 'POST',
      url: `/api/v1/users/${t.users['cso:coordinator']!.id}/disable`,
    });
    expect(disabled.statusCode).toBe(200);
    await t.app.stream.recheck();
    await client.until(() => client.closed !== null, 'close');
    expect(client.closed!.code).toBe(4401);

    // A protected person may open it for their own roll-call questions (rollcall.stream.test.ts).
    for (const [who, status] of [[null, 401]] as const) {
      const refused = new WebSocket(
        streamUrl(t.app),
        who ? { headers: { authorization: `Bearer ${t.users[who]!.token}` } } : {},
      );
      const answer = await new Promise<number>((resolve) => {
        refused.on('unexpected-response', (req, res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        refused.on('open', () => {
          resolve(101);
          refused.close();
        });
        refused.on('error', () => undefined);
      });
      expect(answer).toBe(status);
    }
  });

  it('tells a movement’s change to whoever may see the movement', async () => {
    const client = connect(t, 'cso:coordinator');
    await client.frame(1);
    const person = (await createDevice(t, 'cso')).subjectId;
    const created = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/movements',
      payload: (await import('../../test/helpers/movement.js')).movementPayload([person]),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    await client.until(() => client.frames.some((f) => f.type === 'movement'), 'a movement frame');
    expect(client.frames.find((f) => f.type === 'movement')).toMatchObject({
      movement: { id, state: 'draft' },
    });
  });
});

describe('the live stream across instances', () => {
  let other: Awaited<ReturnType<typeof secondInstance>> | null = null;
  afterEach(async () => {
    await other?.close();
    other = null;
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'delivers a fix ingested on instance A to a client of instance B, and resumes there after a drop',
    async () => {
      other = await secondInstance(t);
      const { app } = other;
      await app.listen({ port: 0, host: '127.0.0.1' });
      await app.services.eventFollower.start();
      const device = await createDevice(t, 'cso');
      const client = connect(t, 'cso:coordinator', '', app);
      await client.frame(1);
      await report(device.token, base);
      const first = await client.frame(2);
      expect(first).toMatchObject({ type: 'position', subject: { subject: { id: device.subjectId } } });
      await client.close();
      for (const i of [1, 2, 3, 4]) await report(device.token, base + i * 60);
      const resumed = connect(t, 'cso:coordinator', `?since=${first.seq}`, app);
      await resumed.frame(4);
      expect(
        resumed.frames.map((f) => (f.subject?.subject.id === device.subjectId ? f.type : 'other')),
      ).toEqual(['position', 'position', 'position', 'position']);
      // B's own picture has them too: it follows A's writes.
      expect(
        app.services.live.picture.index.get({ type: 'person', id: device.subjectId })?.fix.fixAt.getTime(),
      ).toBe((base + 240) * 1000);
    },
  );
});
