import type { components } from '../api/schema.js';

export type Question = components['schemas']['RollcallQuestion'];
export type Movement = components['schemas']['Movement'];

/** What the person's status line says, most urgent first. */
export type MyStatus = 'sos' | 'question' | 'needHelp' | 'accounted';

/**
 * The person's own status: an open SOS first; then an open roll-call they have not answered;
 * then one they answered needing help; otherwise accounted for. A duress answer comes back from
 * the server as `safe`, so it reads exactly like one.
 */
export function myStatus(sos: boolean, questions: readonly Question[]): MyStatus {
  if (sos) return 'sos';
  const open = questions.filter((q) => q.status === 'open');
  if (open.some((q) => q.answer === null)) return 'question';
  if (open.some((q) => q.answer === 'need_help')) return 'needHelp';
  return 'accounted';
}

/**
 * The questions after one from the stream or an answer: it replaces the one with its roll-call's
 * id, or joins them; a closed one leaves. Newest first.
 */
export function withQuestion(questions: readonly Question[], question: Question): Question[] {
  const others = questions.filter((q) => q.rollcallId !== question.rollcallId);
  const next = question.status === 'open' ? [question, ...others] : others;
  return next.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** States a movement can still be ahead of the person in, or under way with them. */
const ahead = new Set(['submitted', 'approved', 'ready']);

/**
 * The person's next movement: the one under way, else the earliest planned departure still ahead
 * (not yet arrived by its plan) among those submitted, approved or ready. Undefined: none.
 */
export function nextMovement(movements: readonly Movement[], now: Date): Movement | undefined {
  const underway = movements.find((m) => m.state === 'underway');
  if (underway) return underway;
  const at = now.toISOString();
  return movements
    .filter((m) => m.state && ahead.has(m.state) && m.plannedDeparture && (m.plannedArrival ?? '') >= at)
    .sort((a, b) => a.plannedDeparture!.localeCompare(b.plannedDeparture!))[0];
}
