import type { Actor } from '../access/actor.js';
import type { FrameViewer } from '../alerts/rollcall.frames.js';
import type { JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import type { EventFollower } from '../platform/event-follower.js';
import type { EventLog, LoggedEvent } from '../platform/event-log.js';
import { subjectKey, type LiveStatus } from './live-index.js';
import { entryOfEvent } from './live.js';
import { presentLive, type LiveViewing } from './live.presenter.js';
import type { LiveService } from './live.service.js';

type Logged = LoggedEvent<JsmsEvents>;

/** The events whose frames carry an alert. */
const alertEvents: ReadonlySet<keyof JsmsEvents> = new Set([
  'alert.raised',
  'alert.acknowledged',
  'alert.resolved',
  'alert.escalated',
]);

/** What the stream needs of a socket: the `ws` WebSocket has all of it. */
export interface StreamSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
  on(event: 'close', listener: () => void): unknown;
}

/** Close codes a client acts on: sign in again, reconnect afresh, reconnect with `since`. */
export const closeCodes = { sessionEnded: 4401, rolesChanged: 4403, tooSlow: 4408 } as const;

export interface StreamSettings {
  /** A client whose unsent frames pass this is dropped; it reconnects with `since`. */
  maxBufferedBytes: number;
  /** How often statuses (live, stale, silent) are recomputed and changes sent. */
  statusEveryMs: number;
  /** How often each connection's credential is checked again (revoked, ended, roles changed). */
  recheckEveryMs: number;
}

export const defaultStreamSettings: StreamSettings = {
  maxBufferedBytes: 1024 * 1024,
  statusEveryMs: 15_000,
  recheckEveryMs: 5_000,
};

interface Connection {
  socket: StreamSocket;
  actor: Actor;
  credential: string;
  view: LiveViewing;
  /** Connections with one key are shown the same: a frame is built once per key and event. */
  key: string;
  lastSeq: number;
  /** Events that arrive while the missed ones are still being replayed. */
  queued: Logged[] | null;
  chain: Promise<void>;
  statuses: Map<string, LiveStatus>;
  /** A user with a staff role; anyone else (a protected person) is sent their own roll-call questions only. */
  staff: boolean;
  /** The person a user who is no staff is, for their questions. */
  personId: string | null;
}

/** Whether the actor holds a role that sees the live picture; a protected person does not. */
function isStaff(actor: Actor): boolean {
  return actor.type === 'user' && actor.roles.some((role) => role !== 'person');
}

/**
 * The live stream of every connected client: on connect a snapshot (or, with `since`, exactly the
 * events missed), then each event of any instance in log order, each frame presented through the
 * agreement for its viewer. Frames carry the event's sequence number, so a client that drops
 * resumes where it was, on any instance.
 */
export function streamHub(deps: {
  log: Pick<EventLog<JsmsEvents>, 'read' | 'bounds'>;
  follower: Pick<EventFollower<JsmsEvents>, 'follow' | 'lastSeq'>;
  live: LiveService;
  /** The movement as the actor may see it, or null. */
  movementSeen: (actor: Actor, id: string) => Promise<{ id: string; state: string; version: number } | null>;
  /**
   * An alert event's alert as the viewer may see it (null: not at all). Alerts are every
   * capability's, so the hub is handed how to present them.
   */
  alertSeen?: (view: LiveViewing, actor: Actor, payload: JsmsEvents['alert.raised']) => unknown;
  /** The actor behind the credential now; throws when it no longer holds. */
  authenticate: (credential: string) => Promise<Actor>;
  /** Roll-call frames for a viewer, and the person a user is (for their own questions). */
  rollcalls: {
    frame(event: Logged, viewer: FrameViewer): Promise<Record<string, unknown> | null>;
    personOf(actor: Actor): Promise<string | null>;
  };
  clock: Clock;
  settings?: StreamSettings;
}) {
  const {
    log,
    follower,
    live,
    movementSeen,
    alertSeen,
    authenticate,
    rollcalls,
    clock,
    settings = defaultStreamSettings,
  } = deps;
  const connections = new Set<Connection>();
  // One frame per event and viewer key, shared by every connection with that key.
  const built = new WeakMap<Logged, Map<string, Promise<string | null>>>();

  function frameOf(event: Logged, conn: Connection): Promise<string | null> {
    let byKey = built.get(event);
    if (!byKey) built.set(event, (byKey = new Map()));
    // A position or an alert is shown alike to every viewer of one party, roles and agreement; a
    // movement by the actor's own reads (a commander sees their unit's). A roll-call by its staff
    // viewers' key too, and a person's own question by the person.
    const key =
      event.name === 'position.recorded' || alertEvents.has(event.name)
        ? conn.key
        : event.name.startsWith('rollcall.')
          ? conn.staff
            ? conn.key
            : `person:${conn.personId}`
          : `${conn.key}|${conn.actor.id}`;
    let frame = byKey.get(key);
    if (!frame) byKey.set(key, (frame = buildFrame(event, conn)));
    return frame;
  }

  async function buildFrame(event: Logged, conn: Connection): Promise<string | null> {
    if (event.name.startsWith('rollcall.')) {
      const viewer: FrameViewer = conn.staff
        ? { staff: true, view: conn.view }
        : { staff: false, personId: conn.personId };
      const body = await rollcalls.frame(event, viewer);
      return body && JSON.stringify({ type: 'rollcall', seq: event.seq, ...body });
    }
    // Nothing of the live picture or the movements reaches a protected person's stream.
    if (!conn.staff) return null;
    if (event.name === 'position.recorded') {
      const payload = event.payload as JsmsEvents['position.recorded'];
      const subject = presentLive(conn.view, live.picture, entryOfEvent(payload), clock.now());
      return subject && JSON.stringify({ type: 'position', seq: event.seq, subject });
    }
    if (event.name === 'notification.created') {
      // Rendered for one user already (their language, what the agreement shows them): theirs alone.
      const payload = event.payload as JsmsEvents['notification.created'];
      if (conn.actor.type !== 'user' || conn.actor.id !== payload.userId) return null;
      return JSON.stringify({ type: 'notification', seq: event.seq, notification: payload });
    }
    if (event.name === 'movement.changed') {
      const payload = event.payload as JsmsEvents['movement.changed'];
      const movement = await movementSeen(conn.actor, payload.movementId);
      return movement && JSON.stringify({ type: 'movement', seq: event.seq, movement });
    }
    if (alertEvents.has(event.name) && alertSeen) {
      const alert = alertSeen(conn.view, conn.actor, event.payload as JsmsEvents['alert.raised']);
      return alert ? JSON.stringify({ type: 'alert', seq: event.seq, event: event.name, alert }) : null;
    }
    return null;
  }

  function send(conn: Connection, frame: string): void {
    if (conn.socket.bufferedAmount > settings.maxBufferedBytes) {
      drop(conn, closeCodes.tooSlow, 'too slow: reconnect with since');
      return;
    }
    conn.socket.send(frame);
  }

  function drop(conn: Connection, code: number, reason: string): void {
    if (!connections.delete(conn)) return;
    conn.socket.close(code, reason);
  }

  async function deliver(conn: Connection, event: Logged): Promise<void> {
    if (event.seq <= conn.lastSeq || !connections.has(conn)) return;
    if (event.name === 'agreement.in_force') {
      conn.lastSeq = event.seq;
      await sendSnapshot(conn, true);
      return;
    }
    const frame = await frameOf(event, conn);
    conn.lastSeq = event.seq;
    if (!frame) return;
    send(conn, frame);
    // A subject first seen in a delta is watched for status changes like the snapshot's.
    if (event.name === 'position.recorded') {
      const subject = (event.payload as JsmsEvents['position.recorded']).subject;
      const entry = live.picture.index.get(subject);
      if (entry) conn.statuses.set(subjectKey(subject), live.picture.statusOf(entry, clock.now()));
    }
  }

  async function sendSnapshot(conn: Connection, reset: boolean): Promise<void> {
    conn.view = await live.viewing(conn.actor);
    conn.key = viewKey(conn.view);
    const subjects = conn.staff ? live.snapshot(conn.view) : [];
    conn.statuses = new Map(subjects.map((s) => [subjectKey(s.subject), s.status]));
    send(
      conn,
      JSON.stringify({ type: 'snapshot', seq: conn.lastSeq, ...(reset ? { reset } : {}), subjects }),
    );
  }

  /** Sends what the connection missed since `since`, from the log; false when the log no longer holds it. */
  async function replay(conn: Connection, since: number): Promise<boolean> {
    const { first, last } = await log.bounds();
    if (since < first - 1 || since > last) return false;
    conn.lastSeq = since;
    for (;;) {
      const events = await log.read(conn.lastSeq, 1_000);
      if (events.length === 0) return true;
      for (const event of events) await deliver(conn, event);
    }
  }

  follower.follow((event) => {
    for (const conn of connections) {
      if (conn.queued) conn.queued.push(event);
      else conn.chain = conn.chain.then(() => deliver(conn, event));
    }
  });

  /** Sends each connection the statuses that changed since it was last told (time makes them). */
  function sweepStatuses(): void {
    const now = clock.now();
    for (const conn of connections) {
      for (const entry of live.picture.index) {
        const key = subjectKey(entry.subject);
        const before = conn.statuses.get(key);
        if (before === undefined) continue;
        const status = live.picture.statusOf(entry, now);
        if (status === before) continue;
        conn.statuses.set(key, status);
        send(conn, JSON.stringify({ type: 'status', seq: conn.lastSeq, subject: entry.subject, status }));
      }
    }
  }

  /** Checks every connection's credential again: ended or revoked closes it, new roles too. */
  async function recheck(): Promise<void> {
    await Promise.all(
      [...connections].map((conn) =>
        authenticate(conn.credential).then(
          (actor) => {
            if (whoIs(actor) !== whoIs(conn.actor))
              drop(conn, closeCodes.rolesChanged, 'roles changed: reconnect');
          },
          () => drop(conn, closeCodes.sessionEnded, 'session ended: sign in again'),
        ),
      ),
    );
  }

  const statusTimer = setInterval(sweepStatuses, settings.statusEveryMs);
  const recheckTimer = setInterval(() => void recheck(), settings.recheckEveryMs);
  for (const timer of [statusTimer, recheckTimer]) timer.unref();

  return {
    /** Serves one client: a snapshot, or the events after `since`, then everything that follows. */
    async connect(socket: StreamSocket, actor: Actor, credential: string, since?: number): Promise<void> {
      const view = await live.viewing(actor);
      const conn: Connection = {
        socket,
        actor,
        credential,
        view,
        key: viewKey(view),
        lastSeq: follower.lastSeq,
        queued: [],
        chain: Promise.resolve(),
        statuses: new Map(),
        staff: isStaff(actor),
        personId: isStaff(actor) ? null : await rollcalls.personOf(actor),
      };
      connections.add(conn);
      socket.on('close', () => connections.delete(conn));
      const resumed = since !== undefined && (await replay(conn, since));
      if (!resumed) {
        conn.lastSeq = Math.max(conn.lastSeq, follower.lastSeq);
        await sendSnapshot(conn, since !== undefined);
      }
      // What arrived meanwhile, then live.
      const queued = conn.queued ?? [];
      conn.queued = null;
      for (const event of queued) conn.chain = conn.chain.then(() => deliver(conn, event));
    },

    get size(): number {
      return connections.size;
    },

    sweepStatuses,
    recheck,

    close(): void {
      clearInterval(statusTimer);
      clearInterval(recheckTimer);
      for (const conn of [...connections]) drop(conn, 1001, 'server stopping');
    },
  };
}

export type StreamHub = ReturnType<typeof streamHub>;

function whoIs(actor: Actor): string {
  return actor.type === 'user'
    ? JSON.stringify([actor.id, actor.partyId, [...actor.roles].sort()])
    : actor.id;
}

/**
 * What decides how a connection is shown a position: its party, kind and roles, and the agreement
 * version (all `presentLive` reads of the viewer). Not the user: a thousand operators in a few
 * roles share a few frames per fix. Movement frames add the actor (see `frameOf`).
 */
function viewKey(view: LiveViewing): string {
  return JSON.stringify([
    view.viewer.partyId,
    view.viewer.partyKind,
    [...view.viewer.roles].sort(),
    view.agreement?.version ?? null,
  ]);
}
