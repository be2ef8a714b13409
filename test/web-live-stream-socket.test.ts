import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { applyFrame, emptyLive, type LiveState } from '../web/src/tracking/liveStream.js';
import { openStream, type Connection, type SocketLike } from '../web/src/tracking/streamSocket.js';
import { putAgreementInForce } from './helpers/agreement.js';
import { createDevice } from './helpers/routes.js';
import { useTestApp } from './helpers/use-test-app.js';

// The web app's stream client against the real server over real sockets (ws stands in for the
// browser's WebSocket, which Node 20 lacks): snapshot, a live fix, a drop, and the resume.

const t = useTestApp({
  each: true,
  setup: async (app) => {
    await putAgreementInForce(app);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    await app.services.eventFollower.start();
  },
});

const base = Math.floor(Date.parse('2026-11-28T07:00:00Z') / 1000);

async function report(token: string, tst: number, lon: number) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/ingest/owntracks',
    headers: {
      authorization: `Basic ${Buffer.from(`p:${token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    payload: { _type: 'location', lat: 33.7, lon, tst },
  });
  expect(res.statusCode).toBe(200);
}

async function until(done: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const urlOf = (app: FastifyInstance) =>
  `ws://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/stream`;

describe('the web stream client on the real stream', () => {
  it('applies the snapshot and each fix, and after a drop resumes with since, missing nothing', async () => {
    const device = await createDevice(t, 'cso');
    await report(device.token, base, 73.0);
    const key = `person:${device.subjectId}`;
    let state: LiveState = emptyLive;
    const urls: string[] = [];
    const sockets: WebSocket[] = [];
    const connections: Connection[] = [];
    const retries: (() => void)[] = [];
    const stop = openStream({
      url: urlOf(t.app),
      open: (url) => {
        urls.push(url);
        const socket = new WebSocket(url, {
          headers: { authorization: `Bearer ${t.users['cso:coordinator']!.token}` },
        });
        sockets.push(socket);
        return socket as unknown as SocketLike;
      },
      onFrame: (frame) => (state = applyFrame(state, frame)),
      onConnection: (c) => connections.push(c),
      onSignedOut: () => undefined,
      lastSeq: () => state.seq,
      // The test decides when the client comes back, so fixes can arrive while it is away.
      schedule: (run) => retries.push(run),
    });
    try {
      await until(() => state.subjects.has(key), 'the snapshot');
      await report(device.token, base + 60, 73.01);
      await until(() => state.tails.get(key)?.length === 2, 'the second fix');
      const seenBefore = state.seq;

      // The server drops the client as too slow; two fixes arrive while it is away.
      sockets[0]!.close(4408, 'test drop');
      await until(() => retries.length === 1, 'a scheduled reconnect');
      await report(device.token, base + 120, 73.02);
      await report(device.token, base + 180, 73.03);
      retries.shift()!();
      await until(() => state.tails.get(key)?.length === 4, 'the missed fixes');

      expect(urls).toEqual([urlOf(t.app), `${urlOf(t.app)}?since=${seenBefore}`]);
      expect(state.tails.get(key)!.map(([lon]) => lon)).toEqual([73.0, 73.01, 73.02, 73.03]);
      expect(state.subjects.get(key)!.location).toEqual({ precision: 'exact', lat: 33.7, lon: 73.03 });
      expect(state.seq).toBeGreaterThan(seenBefore);
      expect(connections).toEqual(['connecting', 'open', 'retrying', 'connecting', 'open']);
    } finally {
      stop();
    }
  });
});
