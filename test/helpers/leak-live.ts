// The leak test's live part (issue 12): canary fixes reported by each party's devices, stream
// clients for every role, and what a live subject may show each viewer. The suites are in
// test/leak.test.ts; the REST routes of the live picture are swept there with these fixes present.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { TestApp } from './app.js';
import type { Canary, Seeded, Viewer } from './leak.js';
import { hostRoles, objectsIn, partnerRoles, partyOf, seedMovement } from './leak.js';
import { createDevice } from './routes.js';

/** Staff roles with a stream (a protected person has none: position.read). */
export const streamViewers: Viewer[] = [...hostRoles, ...partnerRoles].filter((v) => v !== 'cso:person');

const hostArea: Viewer[] = ['ssd:coordinator', 'ssd:commander', 'ssd:analyst'];

/** A canary fix: where, by whom, and which viewers of the other party see it at all and exactly. */
interface LiveCanaryFix {
  label: string;
  subject: string;
  owner: 'ssd' | 'cso';
  lat: number;
  lon: number;
  /** Viewers of the other party shown the fix at all (an area or exact). */
  seenBy: Viewer[];
  exactFor: Viewer[];
}

export interface LiveSeeded {
  fixes: LiveCanaryFix[];
  /** Every subject with a live position, for the tracks route. */
  subjects: string[];
  sosPerson: string;
  /** The alert the SOS fix raised. */
  sosAlert: string;
  movingPerson: string;
  movement: string;
}

/** The fix's exact coordinates at five decimals: an area cell's centre never carries them. */
export function liveCanaries(live: LiveSeeded): Canary[] {
  return live.fixes.flatMap((fix) =>
    [fix.lat, fix.lon].map((value) => ({
      label: `${fix.label} at ${value}`,
      value: value.toFixed(6).slice(0, -1),
      owner: fix.owner,
      sharedWith: fix.exactFor,
    })),
  );
}

function basic(token: string) {
  return `Basic ${Buffer.from(`phone:${token}`).toString('base64')}`;
}

/** One OwnTracks fix, its coordinates in the body (a query string would be logged). */
async function reportOwnTracks(t: TestApp, token: string, point: { lat: number; lon: number }, tst: number) {
  const res = await t.request(null, {
    method: 'POST',
    url: '/ingest/owntracks',
    headers: { authorization: basic(token), 'content-type': 'application/json' },
    payload: { _type: 'location', ...point, tst, acc: 7, batt: 61 },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** A Traccar Client form POST with the SOS button pressed. */
async function reportSos(t: TestApp, token: string, point: { lat: number; lon: number }, tst: number) {
  const form = new URLSearchParams({
    id: token,
    lat: String(point.lat),
    lon: String(point.lon),
    timestamp: String(tst),
    alarm: 'sos',
  });
  const res = await t.request(null, {
    method: 'POST',
    url: '/ingest/osmand',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Each party's devices report canary fixes: the partner's person (an area to the host's
 * coordinator, commander and analyst, nothing to its admin and observer), its unit (exact to the
 * host's coordinator and commander), a person on an SOS and one on a host movement under way (exact
 * where `exactWhen` says); the host's unit (an area to the partner's coordinator) and person (to no
 * one). The last fixes are each party's own person's, so a client that has them has had the rest.
 */
export async function seedLive(
  t: TestApp,
  seeded: Seeded,
  devices: Record<string, string>,
): Promise<LiveSeeded> {
  const tst = Math.floor(t.clock.now().getTime() / 1000) - 120;
  const csoUnit = await createDevice(t, 'cso', seeded.csoUnit, 'unit');
  const ssdPerson = await createDevice(t, 'ssd', seeded.ssdPerson, 'person');
  const sos = await createDevice(t, 'cso');
  const moving = await createDevice(t, 'cso');
  const fixes: (LiveCanaryFix & { token: string; sos?: true })[] = [
    {
      label: 'partner unit live',
      subject: seeded.csoUnit,
      owner: 'cso',
      lat: 26.135791,
      lon: 63.579135,
      token: csoUnit.token,
      seenBy: hostArea,
      exactFor: ['ssd:coordinator', 'ssd:commander'],
    },
    {
      label: 'host unit live',
      subject: seeded.ssdUnit,
      owner: 'ssd',
      lat: 24.357913,
      lon: 67.246802,
      token: devices['ssd:device']!,
      seenBy: ['cso:coordinator'],
      exactFor: [],
    },
    {
      label: 'partner person on an SOS',
      subject: sos.subjectId,
      owner: 'cso',
      lat: 25.624681,
      lon: 62.913579,
      token: sos.token,
      sos: true,
      seenBy: hostArea,
      exactFor: hostArea,
    },
  ];
  for (const fix of fixes) {
    if (fix.sos) await reportSos(t, fix.token, fix, tst);
    else await reportOwnTracks(t, fix.token, fix, tst);
  }
  // The SOS fix raised an alert before the later fixes came: a stream told of them had it too.
  await t.services.alertTriggers.idle();
  const sosAlert = await t.db
    .selectFrom('alerts')
    .select('id')
    .where('rule', '=', 'sos')
    .where('subject_id', '=', sos.subjectId)
    .executeTakeFirstOrThrow();
  // A movement change the streams tell, and a passenger the movement makes exact to the host.
  const movement = await seedMovement(t, moving.subjectId, 'underway');
  const late: typeof fixes = [
    {
      label: 'partner person on a movement',
      subject: moving.subjectId,
      owner: 'cso',
      lat: 25.735792,
      lon: 62.146802,
      token: moving.token,
      seenBy: hostArea,
      exactFor: hostArea,
    },
    {
      label: 'host person live',
      subject: seeded.ssdPerson,
      owner: 'ssd',
      lat: 24.468024,
      lon: 67.802468,
      token: ssdPerson.token,
      seenBy: [],
      exactFor: [],
    },
    {
      label: 'partner person A live',
      subject: seeded.csoPersonA,
      owner: 'cso',
      lat: 25.913571,
      lon: 62.424681,
      token: devices['cso:device']!,
      seenBy: hostArea,
      exactFor: [],
    },
  ];
  for (const fix of late) await reportOwnTracks(t, fix.token, fix, tst + 60);
  fixes.push(...late);
  return {
    fixes: fixes.map(({ token: _token, sos: _sos, ...fix }) => fix),
    subjects: fixes.map((f) => f.subject),
    sosPerson: sos.subjectId,
    sosAlert: sosAlert.id,
    movingPerson: moving.subjectId,
    movement,
  };
}

/**
 * Where a live subject, or a track's points, appear to a viewer of another party who may not see
 * them at all, or see them exactly where the agreement gives only an area.
 */
export function liveViolations(live: LiveSeeded, viewer: Viewer, label: string, body: unknown): string[] {
  const found: string[] = [];
  const party = partyOf(viewer);
  for (const record of objectsIn(body)) {
    const subject = record.subject as { id?: unknown } | undefined;
    const fix = live.fixes.find((f) => f.subject === subject?.id);
    if (!fix || fix.owner === party) continue;
    const locations = [
      record.location,
      ...(Array.isArray(record.points) ? record.points.map((p: { location?: unknown }) => p.location) : []),
    ].filter((l): l is { precision: string } => typeof l === 'object' && l !== null);
    if (locations.length === 0 && !('points' in record)) continue;
    if (!fix.seenBy.includes(viewer)) {
      found.push(`${label}: shows ${viewer} ${fix.label}, which it may not see`);
      continue;
    }
    for (const location of locations) {
      if (location.precision !== 'area' && !fix.exactFor.includes(viewer))
        found.push(`${label}: shows ${viewer} ${fix.label} ${JSON.stringify(location)}`);
    }
  }
  return found;
}

/** A JSON response's body, or null. */
export function jsonOf(response: LightMyRequestResponse): unknown {
  if (!String(response.headers['content-type'] ?? '').includes('json')) return null;
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return null;
  }
}

/** A frame as a response, so the sweep's checks (`violationsIn`) read it as they read a body. */
export function asResponse(text: string): LightMyRequestResponse {
  return {
    statusCode: 200,
    body: text,
    headers: { 'content-type': 'application/json' },
  } as unknown as LightMyRequestResponse;
}

export interface Frame {
  type: string;
  seq: number;
  subjects?: { subject: { id: string }; location: { precision: string; lat: number; lon: number } }[];
  subject?: { subject: { id: string }; location: { precision: string; lat: number; lon: number } };
  movement?: { id: string; state: string };
}

/** A stream client that keeps each frame's text. */
export class StreamClient {
  readonly texts: string[] = [];
  closed: number | null = null;
  readonly socket: WebSocket;

  constructor(url: string, token: string) {
    this.socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    this.socket.on('message', (data: Buffer) => this.texts.push(data.toString('utf8')));
    this.socket.on('close', (code: number) => (this.closed = code));
    this.socket.on('error', () => undefined);
  }

  get frames(): Frame[] {
    return this.texts.map((text) => JSON.parse(text) as Frame);
  }

  /** Waits until `done` holds of the frames so far (ten seconds at most). */
  async until(done: (frames: Frame[]) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!done(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${this.texts.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    if (this.closed === null) this.socket.close();
    await this.until(() => this.closed !== null, 'the close');
  }
}

/** Whether a frame tells of the subject (a position, or a snapshot that holds it). */
export function tellsOf(frame: Frame, subject: string): boolean {
  return (
    frame.subject?.subject.id === subject || (frame.subjects ?? []).some((s) => s.subject.id === subject)
  );
}

/** The HTTP status a refused upgrade answers, or 101 when the socket opened. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', () => undefined);
  });
}
