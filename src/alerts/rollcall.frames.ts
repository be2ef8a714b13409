import type { Db } from '../database.js';
import type { JsmsEvents } from '../events.js';
import type { LoggedEvent } from '../platform/event-log.js';
import type { LiveViewing } from '../tracking/live.presenter.js';
import { presentQuestion, presentSummary } from './rollcall.presenter.js';
import * as repo from './rollcall.repository.js';
import type { RollcallRow, RollcallSubjectRow } from './rollcall.tables.js';

type Logged = LoggedEvent<JsmsEvents>;

/** Who a stream frame is for: staff see the board's counts, a person only their own question. */
export type FrameViewer = { staff: true; view: LiveViewing } | { staff: false; personId: string | null };

/** Roll-call events carry the roll-call's id; a frame reads the roll-call once per event, not once per viewer. */
const rollcallEvents = new Set<string>([
  'rollcall.started',
  'rollcall.answered',
  'rollcall.duress',
  'rollcall.corroborated',
  'rollcall.escalated',
  'rollcall.closed',
]);

/** Events that concern the person asked: the question, their own answer, a reminder, the close. */
const personEvents = new Set<string>([
  'rollcall.started',
  'rollcall.answered',
  'rollcall.escalated',
  'rollcall.closed',
]);

/**
 * The `rollcall` frames of the stream: to staff, the roll-call's summary as the agreement lets them
 * see it, on every change; to a person, the question that asks them (on start, after their own
 * answer, with a reminder, at the close), never the board, and nothing on a duress alarm.
 */
export function rollcallFrames(db: Db) {
  const loaded = new Map<
    number,
    Promise<{ rollcall: RollcallRow; subjects: Map<string, RollcallSubjectRow> } | null>
  >();

  function load(event: Logged) {
    let found = loaded.get(event.seq);
    if (!found) {
      const { rollcallId } = event.payload as { rollcallId: string };
      found = Promise.all([repo.findRollcall(db, rollcallId), repo.subjectsOf(db, rollcallId)]).then(
        ([rollcall, rows]) =>
          rollcall
            ? { rollcall, subjects: new Map(rows.map((r) => [`${r.subject_type}:${r.subject_id}`, r])) }
            : null,
      );
      loaded.set(event.seq, found);
      // The last few events are enough: their frames are built for every viewer at once.
      if (loaded.size > 64) loaded.delete(loaded.keys().next().value!);
    }
    return found;
  }

  return {
    /** The frame's body for the viewer, or null: not a roll-call event, or not theirs. */
    async frame(event: Logged, viewer: FrameViewer): Promise<Record<string, unknown> | null> {
      if (!rollcallEvents.has(event.name)) return null;
      if (!viewer.staff && (viewer.personId === null || !personEvents.has(event.name))) return null;
      const data = await load(event);
      if (!data) return null;
      if (viewer.staff)
        return {
          event: event.name,
          rollcall: presentSummary(viewer.view, data.rollcall, [...data.subjects.values()]),
        };
      const row = data.subjects.get(`person:${viewer.personId}`);
      if (!row) return null;
      if (event.name === 'rollcall.answered') {
        const { subject } = event.payload as JsmsEvents['rollcall.answered'];
        if (subject.type !== 'person' || subject.id !== viewer.personId) return null;
      }
      if (event.name === 'rollcall.escalated') {
        const { kind, silent } = event.payload as JsmsEvents['rollcall.escalated'];
        if (kind !== 'reminder' || !silent.some((s) => s.type === 'person' && s.id === viewer.personId))
          return null;
      }
      return { event: event.name, question: presentQuestion(data.rollcall, row) };
    },
  };
}

export type RollcallFrames = ReturnType<typeof rollcallFrames>;
