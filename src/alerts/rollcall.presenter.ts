import type { PartyKind } from '../access/actor.js';
import { type AgreementInForce, type PolicyActor } from '../agreement/policy.js';
import { sharingFor } from '../agreement/share.js';
import type { Subject } from '../tracking/live-index.js';
import {
  accountedCurve,
  type Answer,
  type ExpectedReason,
  ownView,
  type RollcallArea,
  type RollcallState,
  stateOf,
} from './rollcall.js';
import type { RollcallRow, RollcallSubjectRow, RollcallWaveRow } from './rollcall.tables.js';

/**
 * The board as one viewer may see it, and a person's own question. Both parties' staff see the
 * same board, each subject of the other party through the agreement: listed only by what the
 * viewer could already know of it (its site, its movement, its position shown exactly), with the
 * fields the agreement shows; otherwise it counts in the totals and its party's count alone, since
 * naming it on the board would tell where it is.
 */

/** Who is looking: read once per request or stream frame. */
export interface BoardViewing {
  viewer: PolicyActor;
  agreement: AgreementInForce | null;
  partyKinds: ReadonlyMap<string, PartyKind>;
}

/** Names of the subjects on a board, as stored: persons' names and units' call signs. */
export type SubjectNames = ReadonlyMap<string, string>;

export interface Counts {
  expected: number;
  safe: number;
  needHelp: number;
  silent: number;
}

export interface BoardSubject {
  subject: Subject;
  partyId: string;
  name: string | null;
  siteId: string | null;
  movementId: string | null;
  reasons: ExpectedReason[];
  state: RollcallState;
  /** The answer came with the duress PIN: the person is shown it as they tapped it. */
  duress: boolean;
  answeredAt: string | null;
  answeredVia: string | null;
  /** The staff user who answered on the person's behalf, when one did. */
  onBehalfBy: string | null;
  corroboratedAt: string | null;
}

const emptyCounts = (): Counts => ({ expected: 0, safe: 0, needHelp: 0, silent: 0 });

function count(counts: Counts, state: RollcallState): void {
  counts.expected += 1;
  if (state === 'safe') counts.safe += 1;
  else if (state === 'need_help') counts.needHelp += 1;
  else counts.silent += 1;
}

/** A subject as the viewer may list it, or null: it counts in the totals only. */
function listed(view: BoardViewing, row: RollcallSubjectRow, names: SubjectNames): BoardSubject | null {
  const reasons = JSON.parse(row.reasons) as ExpectedReason[];
  const record = { answer: row.answer, duress: row.duress === 1 };
  const base = {
    subject: { type: row.subject_type, id: row.subject_id },
    partyId: row.party_id,
    state: stateOf(record),
    duress: record.duress,
    answeredAt: row.answered_at,
    answeredVia: row.answered_via,
    onBehalfBy: row.answered_via === 'staff' ? row.answered_by : null,
    corroboratedAt: row.corroborated_at,
  };
  const name = names.get(`${row.subject_type}:${row.subject_id}`) ?? null;
  if (view.viewer.partyId === row.party_id)
    return { ...base, name, siteId: row.site_id, movementId: row.movement_id, reasons };
  const kind = view.partyKinds.get(row.party_id);
  if (!kind) return null;
  const owner = { id: row.party_id, kind };
  const onMovement = row.movement_id !== null;
  const sharing = sharingFor(view.agreement, view.viewer, row.subject_type, owner, {
    inMovement: onMovement,
  });
  if (!sharing) return null;
  const movementSeen =
    onMovement && sharingFor(view.agreement, view.viewer, 'movement', owner, {}, { involved: true }) !== null;
  const siteField = row.subject_type === 'person' ? 'siteId' : 'baseSiteId';
  const siteSeen = row.site_id !== null && sharing.shows(siteField);
  const shown = reasons.filter(
    (r) =>
      (r === 'manifest' && movementSeen) ||
      (r === 'site' && siteSeen) ||
      (r === 'fix' && sharing.precision === 'exact'),
  );
  if (shown.length === 0) return null;
  const nameField = row.subject_type === 'person' ? 'name' : 'callSign';
  return {
    ...base,
    // Who of the owner's staff answered for them is the owner's own business.
    onBehalfBy: null,
    name: sharing.shows(nameField) ? name : null,
    siteId: siteSeen ? row.site_id : null,
    movementId: movementSeen ? row.movement_id : null,
    reasons: shown,
  };
}

/** The area, for the viewer: a drawn area or an incident's circle to all; a site's or movement's to its own party. */
function areaShown(view: BoardViewing, rollcall: RollcallRow): RollcallArea | null {
  if (rollcall.kind === 'area' || rollcall.kind === 'incident')
    return JSON.parse(rollcall.area) as RollcallArea;
  return rollcall.party_id === view.viewer.partyId ? (JSON.parse(rollcall.area) as RollcallArea) : null;
}

/** A roll-call's head and counts, as a list or a stream frame shows it. */
export function presentSummary(
  view: BoardViewing,
  rollcall: RollcallRow,
  subjects: readonly RollcallSubjectRow[],
) {
  const totals = emptyCounts();
  const byParty = new Map<string, Counts>();
  for (const row of subjects) {
    const state = stateOf({ answer: row.answer, duress: row.duress === 1 });
    count(totals, state);
    let party = byParty.get(row.party_id);
    if (!party) byParty.set(row.party_id, (party = emptyCounts()));
    count(party, state);
  }
  const curve = accountedCurve(
    new Date(rollcall.started_at),
    subjects.length,
    subjects.flatMap((s) => (s.answered_at ? [s.answered_at] : [])),
  );
  return {
    id: rollcall.id,
    kind: rollcall.kind,
    status: rollcall.status,
    question: rollcall.question,
    partyId: rollcall.party_id,
    incidentId: rollcall.incident_id,
    startedAt: rollcall.started_at,
    closesAt: rollcall.closes_at,
    closedAt: rollcall.closed_at,
    totals: { ...totals, accountedShare: curve.share },
    byParty: [...byParty].sort(([a], [b]) => a.localeCompare(b)).map(([partyId, c]) => ({ partyId, ...c })),
    timeTo100Ms: curve.timeTo100Ms,
    agreementVersion: view.agreement?.version ?? null,
  };
}

export type PresentedSummary = ReturnType<typeof presentSummary>;

function groupBy(rows: readonly BoardSubject[], key: (s: BoardSubject) => string | null) {
  const groups = new Map<string, Counts>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    let c = groups.get(k);
    if (!c) groups.set(k, (c = emptyCounts()));
    count(c, row.state);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => ({ id, ...c }));
}

/** The whole board: the summary, the area, each listed subject, the groups, the curve and the waves. */
export function presentBoard(
  view: BoardViewing,
  rollcall: RollcallRow,
  subjects: readonly RollcallSubjectRow[],
  waves: readonly RollcallWaveRow[],
  names: SubjectNames,
) {
  const shown = subjects.flatMap((row) => listed(view, row, names) ?? []);
  const summary = presentSummary(view, rollcall, subjects);
  const curve = accountedCurve(
    new Date(rollcall.started_at),
    subjects.length,
    subjects.flatMap((s) => (s.answered_at ? [s.answered_at] : [])),
  );
  return {
    ...summary,
    siteId: rollcall.party_id === view.viewer.partyId ? rollcall.site_id : null,
    movementId: rollcall.party_id === view.viewer.partyId ? rollcall.movement_id : null,
    area: areaShown(view, rollcall),
    subjects: shown,
    /** Subjects counted in the totals that the agreement does not let this viewer list. */
    unlisted: subjects.length - shown.length,
    bySite: groupBy(shown, (s) => s.siteId),
    byMovement: groupBy(shown, (s) => s.movementId),
    byUnit: groupBy(shown, (s) => (s.subject.type === 'unit' ? s.subject.id : null)),
    curve: curve.points,
    waves: waves.map((w) => ({
      wave: w.wave,
      kind: w.kind,
      dueAt: w.due_at,
      ranAt: w.ran_at,
      silent: w.silent === null ? null : (JSON.parse(w.silent) as unknown[]).length,
      recipients: w.recipients === null ? null : (JSON.parse(w.recipients) as unknown[]).length,
    })),
  };
}

export type PresentedBoard = ReturnType<typeof presentBoard>;

/** A person's own question: what they tapped and when, never whether it was under duress. */
export function presentQuestion(
  rollcall: Pick<RollcallRow, 'id' | 'question' | 'started_at' | 'closes_at' | 'status'>,
  row: Pick<RollcallSubjectRow, 'answer' | 'duress' | 'answered_at'>,
): {
  rollcallId: string;
  question: string;
  status: 'open' | 'closed';
  startedAt: string;
  closesAt: string;
  answer: Answer | null;
  answeredAt: string | null;
} {
  return {
    rollcallId: rollcall.id,
    question: rollcall.question,
    status: rollcall.status,
    startedAt: rollcall.started_at,
    closesAt: rollcall.closes_at,
    answer: ownView({ answer: row.answer, duress: row.duress === 1 }),
    answeredAt: row.answered_at,
  };
}

export type PresentedQuestion = ReturnType<typeof presentQuestion>;
