import type { components } from '../api/schema.js';

export type LiveSubject = components['schemas']['LiveSubject'];
export type LiveStatus = LiveSubject['status'];
export type SubjectRef = LiveSubject['subject'];

/** The frames of `GET /api/v1/stream` this screen reads; any other type is ignored. */
export type StreamFrame =
  | { type: 'snapshot'; seq: number; subjects: LiveSubject[]; reset?: boolean }
  | { type: 'position'; seq: number; subject: LiveSubject }
  | { type: 'status'; seq: number; subject: SubjectRef; status: LiveStatus }
  | { type: 'movement'; seq: number; movement: { id: string; state: string; version: number } }
  | { type: string; seq: number };

/** How many positions a subject's tail keeps: a short trace of where it came from, not a track. */
export const tailLength = 8;

/** The live picture as the stream has told it: subjects by key, their tails, the last sequence seen. */
export interface LiveState {
  seq: number;
  subjects: ReadonlyMap<string, LiveSubject>;
  /** Exact positions seen this session, oldest first, `[lon, lat]` as GeoJSON orders them. */
  tails: ReadonlyMap<string, readonly [number, number][]>;
}

export const emptyLive: LiveState = { seq: 0, subjects: new Map(), tails: new Map() };

/** One key per subject, as the map's features and the panel name it. */
export const subjectKey = (subject: SubjectRef) => `${subject.type}:${subject.id}`;

/** The subject a key names, or undefined for a key of another shape. */
export function subjectOfKey(key: string): SubjectRef | undefined {
  const [type, ...rest] = key.split(':');
  if ((type !== 'person' && type !== 'unit') || rest.length === 0) return undefined;
  return { type, id: rest.join(':') };
}

/**
 * The state after one frame. An event's frame at or below the last sequence seen is a repeat and
 * changes nothing; a snapshot replaces the subjects (a reset one after too long a drop) but keeps the tails
 * of those still present, so a reconnect does not wipe what the session saw.
 */
export function applyFrame(state: LiveState, frame: StreamFrame): LiveState {
  // A status frame is made by time, not by an event, and carries the last sequence sent: it is
  // applied whatever its number. Snapshots always apply; events only once.
  const numbered = frame.type !== 'snapshot' && frame.type !== 'status';
  if (numbered && frame.seq <= state.seq) return state;
  const seq = Math.max(state.seq, frame.seq);
  if (isSnapshot(frame)) {
    const subjects = new Map(frame.subjects.map((s) => [subjectKey(s.subject), s]));
    const tails = new Map<string, readonly [number, number][]>();
    for (const [key, subject] of subjects) tails.set(key, extendTail(state.tails.get(key), subject));
    return { seq: frame.seq, subjects, tails };
  }
  if (isPosition(frame)) {
    const key = subjectKey(frame.subject.subject);
    const subjects = new Map(state.subjects).set(key, frame.subject);
    const tails = new Map(state.tails).set(key, extendTail(state.tails.get(key), frame.subject));
    return { seq, subjects, tails };
  }
  if (isStatus(frame)) {
    const key = subjectKey(frame.subject);
    const known = state.subjects.get(key);
    if (!known) return { ...state, seq };
    return { ...state, seq, subjects: new Map(state.subjects).set(key, { ...known, status: frame.status }) };
  }
  return { ...state, seq };
}

/**
 * The tail with the subject's position added when it is exact and new. An area is not added: a row
 * of cells would draw a path the agreement chose not to share.
 */
function extendTail(
  tail: readonly [number, number][] | undefined,
  subject: LiveSubject,
): readonly [number, number][] {
  const previous = tail ?? [];
  if (subject.location.precision !== 'exact') return [];
  const point: [number, number] = [subject.location.lon, subject.location.lat];
  const last = previous.at(-1);
  if (last && last[0] === point[0] && last[1] === point[1]) return previous;
  return [...previous, point].slice(-tailLength);
}

const isSnapshot = (f: StreamFrame): f is Extract<StreamFrame, { type: 'snapshot' }> =>
  f.type === 'snapshot' && Array.isArray((f as { subjects?: unknown }).subjects);
const isPosition = (f: StreamFrame): f is Extract<StreamFrame, { type: 'position' }> =>
  f.type === 'position' && typeof (f as { subject?: unknown }).subject === 'object';
const isStatus = (f: StreamFrame): f is Extract<StreamFrame, { type: 'status' }> =>
  f.type === 'status' && typeof (f as { status?: unknown }).status === 'string';
