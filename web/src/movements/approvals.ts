import type { HistoryEntry, Movement } from './movement.js';

/**
 * What the approval screens read of a presented movement, pure: where each required party's
 * approval stands, the break-glass approvals still awaiting review, and who reviews them. The
 * server decides every call; these only lay out what it presented.
 */

export type Approval = NonNullable<Movement['approvals']>[number];
export type PartyKind = Approval['partyKind'];
interface Party {
  id: string;
  name: string;
  kind: PartyKind;
}

/** Where one required party's approval stands now. */
export type PartyDecision =
  | { status: 'approved' | 'vetoed'; approval: Approval }
  /** Counted as approved by a break-glass approval (its own party's or the other's). */
  | { status: 'break_glass'; approval: Approval }
  /** Still awaited after the round of approvals timed out and escalated. */
  | { status: 'escalated'; at: string; escalateTo: string[] }
  | { status: 'pending' };

const current = (approvals: readonly Approval[]) =>
  approvals
    .filter((a) => !a.superseded)
    .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.id.localeCompare(b.id));

/**
 * The escalation of the current round of approvals, from the timeline: an `escalate` entry after
 * the movement last entered `submitted`. Its parties as the entry names them, or every pending one
 * when the entry's details are not shared.
 */
export function escalationOf(
  history: readonly HistoryEntry[],
): { at: string; missing: PartyKind[] | null; escalateTo: string[] } | null {
  let opened = -1;
  history.forEach((h, i) => {
    if (h.to === 'submitted' && h.from !== 'submitted') opened = i;
  });
  if (opened < 0) return null;
  const entry = history.slice(opened + 1).find((h) => h.kind === 'escalate');
  if (!entry) return null;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : null);
  return {
    at: entry.at,
    missing: list(entry.details?.missing) as PartyKind[] | null,
    escalateTo: list(entry.details?.escalateTo) ?? [],
  };
}

/**
 * Each required party's decision, as the server counts them: superseded rows do not count, a veto
 * stands over its party's earlier approval, and a standing break-glass approval counts for every
 * party that has not decided itself.
 */
export function partyDecisions(
  required: readonly PartyKind[],
  approvals: readonly Approval[],
  history: readonly HistoryEntry[] = [],
): { party: PartyKind; decision: PartyDecision }[] {
  const counting = current(approvals);
  const glass = counting.find((a) => a.breakGlass && a.decision === 'approved');
  const escalation = escalationOf(history);
  return required.map((party) => {
    const ours = counting.filter((a) => a.partyKind === party);
    const veto = ours.find((a) => a.decision === 'rejected');
    if (veto) return { party, decision: { status: 'vetoed', approval: veto } };
    const approved = ours.find((a) => a.decision === 'approved');
    if (approved)
      return {
        party,
        decision: { status: approved.breakGlass ? 'break_glass' : 'approved', approval: approved },
      };
    if (glass) return { party, decision: { status: 'break_glass', approval: glass } };
    if (escalation && (escalation.missing === null || escalation.missing.includes(party)))
      return {
        party,
        decision: { status: 'escalated', at: escalation.at, escalateTo: escalation.escalateTo },
      };
    return { party, decision: { status: 'pending' } };
  });
}

/** The approvals a re-assessment set aside: kept in the record, no longer counted. */
export const supersededOf = (approvals: readonly Approval[]) => approvals.filter((a) => a.superseded);

/**
 * The break-glass approvals not yet reviewed by the other party, superseded ones too (the act
 * happened): while any is, the movement carries the break-glass flag.
 */
export const awaitingReview = (approvals: readonly Approval[] | undefined) =>
  (approvals ?? []).filter((a) => a.breakGlass && a.review && a.review.status !== 'reviewed');

/** The kind of party that reviews a break-glass approval: the other one. */
export const reviewerKind = (approval: Pick<Approval, 'partyKind'>): PartyKind =>
  approval.partyKind === 'host' ? 'partner' : 'host';

/**
 * The party of `kind` concerned with a movement of `movementPartyId`: the host, or the partner
 * whose movement it is, or, on the host's movement, the only partner there is (undefined when
 * there are several: any of them may decide).
 */
export function partyOfKind<P extends Party>(
  kind: PartyKind,
  movementPartyId: string,
  parties: readonly P[],
): P | undefined {
  const ofKind = parties.filter((p) => p.kind === kind);
  if (kind === 'partner') {
    const owner = ofKind.find((p) => p.id === movementPartyId);
    if (owner) return owner;
  }
  return ofKind.length === 1 ? ofKind[0] : undefined;
}

/** The agreement's emergency clause as break-glass needs it, from the document in force. */
export function emergencyOf(
  document: Record<string, unknown> | undefined,
): { justificationMinLength: number; reviewWithinHours: number } | null {
  const emergency = document?.emergency as Record<string, unknown> | undefined;
  const min = emergency?.justificationMinLength;
  const hours = emergency?.reviewWithinHours;
  if (typeof min !== 'number' || typeof hours !== 'number') return null;
  return { justificationMinLength: min, reviewWithinHours: hours };
}

/** What the agreement counts of a justification: its length without the spaces around it. */
export const justificationLength = (text: string) => text.trim().length;
