import { describe, expect, it } from 'vitest';
import { formatAgo, formatMeasure } from '../web/src/tracking/ago.js';
import { cellSquare, liveFeatures } from '../web/src/tracking/liveFeatures.js';
import {
  applyFrame,
  emptyLive,
  subjectKey,
  subjectOfKey,
  tailLength,
  type LiveState,
  type LiveSubject,
  type StreamFrame,
} from '../web/src/tracking/liveStream.js';
import { closeCodes as serverCloseCodes } from '../src/tracking/stream.js';
import {
  backOff,
  closeCodes,
  openStream,
  streamUrl,
  type SocketLike,
} from '../web/src/tracking/streamSocket.js';
import { trackFeatures, type Track } from '../web/src/tracking/trackFeatures.js';

const person = (id: string, lon: number, lat: number, over: Partial<LiveSubject> = {}): LiveSubject => ({
  subject: { type: 'person', id },
  partyId: 'partner',
  location: { precision: 'exact', lat, lon },
  fixAt: '2026-12-07T10:00:00.000Z',
  status: 'live',
  intervalSeconds: 60,
  movementId: null,
  accuracyM: 5,
  speedKmh: 40,
  headingDeg: 90,
  batteryPct: 80,
  sos: false,
  ...over,
});
const area = (id: string): LiveSubject =>
  person(id, 0, 0, {
    location: { precision: 'area', lat: 24.9, lon: 67.1, cellKm: 20 },
    speedKmh: null,
    headingDeg: null,
    batteryPct: null,
    accuracyM: null,
  });

const run = (frames: StreamFrame[], from: LiveState = emptyLive) => frames.reduce(applyFrame, from);

describe('the live stream reducer', () => {
  it('takes the snapshot, then positions, and grows a tail of the exact positions seen', () => {
    const state = run([
      { type: 'snapshot', seq: 3, subjects: [person('a', 67, 24), area('b')] },
      { type: 'position', seq: 4, subject: person('a', 67.01, 24) },
      { type: 'position', seq: 5, subject: person('a', 67.02, 24) },
    ]);
    expect(state.seq).toBe(5);
    expect(state.subjects.get('person:a')?.location).toEqual({ precision: 'exact', lat: 24, lon: 67.02 });
    expect(state.tails.get('person:a')).toEqual([
      [67, 24],
      [67.01, 24],
      [67.02, 24],
    ]);
    // An area adds no tail: a row of cells would draw the path the agreement withholds.
    expect(state.tails.get('person:b')).toEqual([]);
  });

  it('ignores a frame it has already seen, and a repeated position adds no tail point', () => {
    const once = run([
      { type: 'snapshot', seq: 1, subjects: [person('a', 67, 24)] },
      { type: 'position', seq: 2, subject: person('a', 67.1, 24) },
    ]);
    expect(applyFrame(once, { type: 'position', seq: 2, subject: person('a', 99, 9) })).toBe(once);
    const same = applyFrame(once, { type: 'position', seq: 3, subject: person('a', 67.1, 24) });
    expect(same.tails.get('person:a')).toHaveLength(2);
    expect(same.seq).toBe(3);
  });

  it('keeps a short tail only', () => {
    const frames: StreamFrame[] = [{ type: 'snapshot', seq: 0, subjects: [] }];
    for (let i = 1; i <= 20; i++)
      frames.push({ type: 'position', seq: i, subject: person('a', 67 + i / 100, 24) });
    const tail = run(frames).tails.get('person:a')!;
    expect(tail).toHaveLength(tailLength);
    expect(tail.at(-1)).toEqual([67.2, 24]);
  });

  it('changes a status in place, though it carries the last sequence sent, and skips an unknown subject', () => {
    const state = run([
      { type: 'snapshot', seq: 1, subjects: [person('a', 67, 24)] },
      { type: 'status', seq: 1, subject: { type: 'person', id: 'a' }, status: 'stale' },
      { type: 'status', seq: 1, subject: { type: 'unit', id: 'x' }, status: 'silent' },
    ]);
    expect(state.subjects.get('person:a')?.status).toBe('stale');
    expect(state.subjects.has('unit:x')).toBe(false);
    expect(state.seq).toBe(1);
    const back = applyFrame(state, {
      type: 'status',
      seq: 1,
      subject: { type: 'person', id: 'a' },
      status: 'live',
    });
    expect(back.subjects.get('person:a')?.status).toBe('live');
  });

  it('moves past movement frames and types it does not know, changing nothing else', () => {
    const start = run([{ type: 'snapshot', seq: 1, subjects: [person('a', 67, 24)] }]);
    const after = run(
      [
        { type: 'movement', seq: 2, movement: { id: 'm', state: 'underway', version: 3 } },
        { type: 'alert', seq: 3 },
      ],
      start,
    );
    expect(after.seq).toBe(3);
    expect(after.subjects).toBe(start.subjects);
  });

  it('a reset snapshot replaces the subjects and keeps the tails of those still there', () => {
    const before = run([
      { type: 'snapshot', seq: 1, subjects: [person('a', 67, 24), person('c', 60, 30)] },
      { type: 'position', seq: 2, subject: person('a', 67.1, 24) },
    ]);
    const after = applyFrame(before, {
      type: 'snapshot',
      seq: 90,
      reset: true,
      subjects: [person('a', 67.2, 24)],
    });
    expect([...after.subjects.keys()]).toEqual(['person:a']);
    expect(after.tails.get('person:a')).toEqual([
      [67, 24],
      [67.1, 24],
      [67.2, 24],
    ]);
    expect(after.tails.has('person:c')).toBe(false);
    expect(after.seq).toBe(90);
  });

  it('names subjects by one key both ways', () => {
    expect(subjectKey({ type: 'unit', id: 'u:1' })).toBe('unit:u:1');
    expect(subjectOfKey('unit:u:1')).toEqual({ type: 'unit', id: 'u:1' });
    expect(subjectOfKey('site:1')).toBeUndefined();
    expect(subjectOfKey('person')).toBeUndefined();
  });
});

describe('the live layer features', () => {
  it('draws exact subjects as points with tails and areas as their cell, never a point', () => {
    const state = run([
      { type: 'snapshot', seq: 1, subjects: [person('a', 67, 24, { sos: true }), area('b')] },
      { type: 'position', seq: 2, subject: person('a', 67.1, 24, { sos: true }) },
    ]);
    const { points, cells, tails } = liveFeatures(state);
    expect(points.features).toHaveLength(1);
    expect(points.features[0]!.properties).toMatchObject({
      kind: 'live',
      id: 'person:a',
      subjectType: 'person',
      sos: true,
      precision: 'exact',
    });
    expect(cells.features.map((f) => f.properties!.id)).toEqual(['person:b']);
    expect(cells.features[0]!.geometry.type).toBe('Polygon');
    expect(tails.features.map((f) => f.properties!.id)).toEqual(['person:a']);
  });

  it('a cell is a square of cellKm about its centre', () => {
    const ring = cellSquare(67.1, 24.9, 20).coordinates[0]!;
    const lats = ring.map((p) => p[1]!);
    const lons = ring.map((p) => p[0]!);
    expect((Math.max(...lats) - Math.min(...lats)) * 111.32).toBeCloseTo(20, 6);
    const kmPerLon = 111.32 * Math.cos((24.9 * Math.PI) / 180);
    expect((Math.max(...lons) - Math.min(...lons)) * kmPerLon).toBeCloseTo(20, 6);
    expect(ring[0]).toEqual(ring.at(-1));
  });
});

describe('the track replay features', () => {
  const track: Track = {
    subject: { type: 'person', id: 'a' },
    partyId: 'partner',
    from: '2026-12-07T09:00:00.000Z',
    to: '2026-12-07T10:00:00.000Z',
    points: [
      { fixAt: '2026-12-07T09:00:00.000Z', location: { precision: 'exact', lat: 24, lon: 67 } },
      { fixAt: '2026-12-07T09:10:00.000Z', location: { precision: 'exact', lat: 24, lon: 67.1 } },
      {
        fixAt: '2026-12-07T09:20:00.000Z',
        location: { precision: 'area', lat: 24.1, lon: 67.1, cellKm: 20 },
      },
      {
        fixAt: '2026-12-07T09:30:00.000Z',
        location: { precision: 'area', lat: 24.1, lon: 67.1, cellKm: 20 },
      },
    ],
  };

  it('draws the exact fixes up to the slider as a line and dots, the current one marked', () => {
    const { features } = trackFeatures(track, 1);
    expect(features.map((f) => f.geometry.type)).toEqual(['LineString', 'Point', 'Point']);
    expect(features.map((f) => f.properties?.current)).toEqual([undefined, false, true]);
  });

  it('draws area fixes as their cell once, joined by no line', () => {
    const { features } = trackFeatures(track, 3);
    expect(features.map((f) => f.geometry.type)).toEqual([
      'LineString',
      'Point',
      'Point',
      'Polygon',
      'Polygon',
    ]);
    expect(features.at(-1)!.properties?.current).toBe(true);
    expect(trackFeatures(track, 2).features.filter((f) => f.geometry.type === 'Polygon')).toHaveLength(1);
  });
});

/** A stand-in for the browser's WebSocket: records the URLs opened, and lets the test close them. */
function sockets() {
  const opened: { url: string; socket: SocketLike }[] = [];
  const open = (url: string) => {
    const socket: SocketLike = {
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      close: () => socket.onclose?.({ code: 1000 }),
    };
    opened.push({ url, socket });
    return socket;
  };
  return { opened, open };
}

describe('the stream connection', () => {
  const url = 'ws://example.test/api/v1/stream';
  const setup = () => {
    const { opened, open } = sockets();
    const frames: StreamFrame[] = [];
    let seq = 0;
    const waits: number[] = [];
    const queued: (() => void)[] = [];
    let signedOut = 0;
    const stop = openStream({
      url,
      open,
      onFrame: (frame) => {
        frames.push(frame);
        seq = Math.max(seq, frame.seq);
      },
      onSignedOut: () => (signedOut += 1),
      lastSeq: () => seq,
      delay: (attempt) => attempt * 1000,
      schedule: (run, ms) => {
        waits.push(ms);
        queued.push(run);
      },
    });
    const runQueued = () => queued.splice(0).forEach((run) => run());
    return { opened, frames, waits, runQueued, stop, signedOut: () => signedOut };
  };

  it('passes frames on, skips what is not a frame, and resumes with since after a drop', () => {
    const s = setup();
    expect(s.opened.map((o) => o.url)).toEqual([url]);
    const first = s.opened[0]!.socket;
    first.onopen?.({});
    first.onmessage?.({ data: JSON.stringify({ type: 'snapshot', seq: 7, subjects: [] }) });
    first.onmessage?.({ data: 'not json' });
    first.onmessage?.({ data: JSON.stringify({ hello: 1 }) });
    first.onmessage?.({ data: JSON.stringify({ type: 'position', seq: 8, subject: person('a', 1, 2) }) });
    expect(s.frames.map((f) => f.seq)).toEqual([7, 8]);
    first.onclose?.({ code: 4408 });
    first.onclose?.({ code: 1006 }); // a second close of the same socket schedules nothing more
    expect(s.waits).toEqual([1000]);
    s.runQueued();
    expect(s.opened.map((o) => o.url)).toEqual([url, `${url}?since=8`]);
    // Dropped again before it opened: the wait grows; once open, it starts over.
    s.opened[1]!.socket.onclose?.({ code: 1006 });
    expect(s.waits).toEqual([1000, 2000]);
    s.runQueued();
    s.opened[2]!.socket.onopen?.({});
    s.opened[2]!.socket.onclose?.({ code: 1006 });
    expect(s.waits).toEqual([1000, 2000, 1000]);
  });

  it('starts afresh at once when the roles changed, and stops when the session ended', () => {
    const s = setup();
    s.opened[0]!.socket.onmessage?.({ data: JSON.stringify({ type: 'snapshot', seq: 5, subjects: [] }) });
    s.opened[0]!.socket.onclose?.({ code: 4403 });
    expect(s.waits).toEqual([0]);
    s.runQueued();
    expect(s.opened[1]!.url).toBe(url);
    s.opened[1]!.socket.onclose?.({ code: 4401 });
    expect(s.signedOut()).toBe(1);
    expect(s.waits).toEqual([0]);
  });

  it('stopping closes the socket and reconnects no more', () => {
    const s = setup();
    s.stop();
    expect(s.waits).toEqual([]);
    expect(s.opened).toHaveLength(1);
  });

  it('acts on the close codes the server sends', () => {
    expect(Object.values(closeCodes).sort()).toEqual(Object.values(serverCloseCodes).sort());
    expect(closeCodes.signedOut).toBe(serverCloseCodes.sessionEnded);
  });

  it('backs off from one second to thirty, with jitter below the step', () => {
    expect([1, 2, 3, 6, 10].map((n) => backOff(n, () => 0))).toEqual([1000, 2000, 4000, 30_000, 30_000]);
    expect(backOff(1, () => 0.999)).toBeGreaterThanOrEqual(750);
    expect(streamUrl({ protocol: 'https:', host: 'jsms.example' })).toBe('wss://jsms.example/api/v1/stream');
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe(
      'ws://127.0.0.1:8080/api/v1/stream',
    );
  });
});

describe('how long ago a fix was', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  it('says it in the largest whole unit, in the viewer’s language', () => {
    expect(formatAgo('2026-12-07T09:57:00Z', now, 'en-GB')).toBe('3 min ago');
    expect(formatAgo('2026-12-07T07:30:00Z', now, 'en-GB')).toBe('2 hr ago');
    expect(formatAgo('2026-12-07T10:00:20Z', now, 'en-GB')).toBe('now');
    expect(formatAgo('2026-12-07T09:57:00Z', now, 'zh-CN')).toBe('3分钟前');
  });
  it('writes measurements with their unit in the viewer’s language', () => {
    expect(formatMeasure(88, 'percent', 'en-GB')).toBe('88%');
    expect(formatMeasure(4, 'kilometer-per-hour', 'en-GB')).toBe('4 km/h');
    expect(formatMeasure(8.4, 'meter', 'en-GB')).toBe('8 m');
  });
});
