import { describe, expect, it } from 'vitest';
import { approvalStatus } from '../src/movements/approval.js';
import { toApproval } from '../src/movements/movement.record.js';
import type { MovementApprovalRow } from '../src/movements/movement.tables.js';
import {
  type Approval,
  awaitingReview,
  emergencyOf,
  escalationOf,
  justificationLength,
  partyDecisions,
  partyOfKind,
  reviewerKind,
} from '../web/src/movements/approvals.js';
import type { HistoryEntry } from '../web/src/movements/movement.js';

// The approval screens' pure rules: each required party's decision as the server counts it, the
// escalation read from the timeline, the break-glass flag and who reviews it.

let n = 0;
/** An approval row as the server stores it, and as the API presents it. */
function row(
  fields: Partial<MovementApprovalRow> & Pick<MovementApprovalRow, 'party_kind'>,
): MovementApprovalRow {
  n += 1;
  return {
    id: `a${n}`,
    movement_id: 'm1',
    party_id: fields.party_kind === 'host' ? 'ssd' : 'cso',
    decided_by: `user-${n}`,
    decision: 'approved',
    reason: null,
    break_glass: 0,
    superseded: 0,
    agreement_version: 1,
    decided_at: `2026-12-07T10:0${n % 10}:00.000Z`,
    review_due_at: null,
    reviewed_by: null,
    reviewed_at: null,
    review_note: null,
    ...fields,
  };
}
const presented = (rows: MovementApprovalRow[]): Approval[] => rows.map(toApproval) as Approval[];
const entry = (seq: number, kind: string, from: string | null, to: string | null, details = {}) =>
  ({ seq, at: `2026-12-07T1${seq}:00:00.000Z`, kind, from, to, details }) as unknown as HistoryEntry;

const both = ['host', 'partner'] as const;
const statuses = (rows: MovementApprovalRow[], history: HistoryEntry[] = []) =>
  Object.fromEntries(partyDecisions(both, presented(rows), history).map((d) => [d.party, d.decision.status]));

describe("each required party's decision", () => {
  const cases: [string, MovementApprovalRow[], Record<string, string>][] = [
    ['none yet', [], { host: 'pending', partner: 'pending' }],
    ['the host approved', [row({ party_kind: 'host' })], { host: 'approved', partner: 'pending' }],
    [
      'both approved',
      [row({ party_kind: 'host' }), row({ party_kind: 'partner' })],
      { host: 'approved', partner: 'approved' },
    ],
    [
      'the partner vetoed after approving',
      [row({ party_kind: 'partner' }), row({ party_kind: 'partner', decision: 'rejected', reason: 'no' })],
      { host: 'pending', partner: 'vetoed' },
    ],
    [
      'the host broke glass: it counts for both',
      [row({ party_kind: 'host', break_glass: 1, reason: 'x'.repeat(20) })],
      { host: 'break_glass', partner: 'break_glass' },
    ],
    [
      'an approval superseded by a re-assessment no longer counts',
      [row({ party_kind: 'host', superseded: 1 }), row({ party_kind: 'partner' })],
      { host: 'pending', partner: 'approved' },
    ],
    [
      'a superseded break-glass approval no longer counts either',
      [row({ party_kind: 'host', break_glass: 1, superseded: 1 })],
      { host: 'pending', partner: 'pending' },
    ],
  ];

  it.each(cases)('%s', (_, rows, expected) => {
    expect(statuses(rows)).toEqual(expected);
  });

  it.each(cases)('agrees with the server on what counts: %s', (_, rows) => {
    const server = approvalStatus(both, rows, new Date('2026-12-07T12:00:00Z'));
    for (const { party, decision } of partyDecisions(both, presented(rows))) {
      const counted = decision.status === 'approved' || decision.status === 'break_glass';
      expect(counted, party).toBe(server.approvedBy.includes(party) && server.veto?.party_kind !== party);
      expect(decision.status === 'vetoed', party).toBe(server.veto?.party_kind === party);
    }
  });

  it('marks the parties still awaited after the round escalated, and only in that round', () => {
    const escalated = [
      entry(1, 'create', null, 'draft'),
      entry(2, 'submit', 'draft', 'submitted'),
      entry(3, 'escalate', 'submitted', 'submitted', {
        missing: ['partner'],
        escalateTo: ['coordinator', 'admin'],
      }),
    ];
    const hostIn = [row({ party_kind: 'host' })];
    expect(statuses(hostIn, escalated)).toEqual({ host: 'approved', partner: 'escalated' });
    const decision = partyDecisions(both, presented(hostIn), escalated)[1]!.decision;
    expect(decision).toEqual({
      status: 'escalated',
      at: escalated[2]!.at,
      escalateTo: ['coordinator', 'admin'],
    });
    // A re-assessment sent it back: a new round, not escalated yet.
    const reopened = [
      ...escalated,
      entry(4, 'approve', 'submitted', 'approved'),
      entry(5, 'reassess', 'approved', 'submitted'),
    ];
    expect(escalationOf(reopened)).toBeNull();
    expect(statuses([], reopened)).toEqual({ host: 'pending', partner: 'pending' });
    // Details withheld: every party still pending counts as escalated.
    expect(
      escalationOf([
        entry(2, 'submit', 'draft', 'submitted'),
        entry(3, 'escalate', 'submitted', 'submitted'),
      ]),
    ).toMatchObject({ missing: null });
  });
});

describe('the break-glass flag', () => {
  it('stays while a break-glass approval awaits review, superseded or not, and goes once reviewed', () => {
    const glass = row({ party_kind: 'host', break_glass: 1, review_due_at: '2026-12-08T10:00:00.000Z' });
    expect(awaitingReview(presented([glass])).map((a) => a.id)).toEqual([glass.id]);
    expect(awaitingReview(presented([{ ...glass, superseded: 1 }]))).toHaveLength(1);
    const reviewed = {
      ...glass,
      reviewed_by: 'u',
      reviewed_at: '2026-12-07T12:00:00.000Z',
      review_note: 'ok',
    };
    expect(awaitingReview(presented([reviewed]))).toEqual([]);
    expect(awaitingReview(presented([row({ party_kind: 'partner' })]))).toEqual([]);
    expect(awaitingReview(undefined)).toEqual([]);
  });

  it('names the other party as the reviewer: the partner whose movement it is, or the host', () => {
    const parties = [
      { id: 'ssd', name: 'Special Security Division', kind: 'host' as const },
      { id: 'cso', name: 'Contractor security office', kind: 'partner' as const },
      { id: 'emb', name: 'Embassy security', kind: 'partner' as const },
    ];
    expect(reviewerKind({ partyKind: 'host' })).toBe('partner');
    expect(reviewerKind({ partyKind: 'partner' })).toBe('host');
    expect(partyOfKind('partner', 'cso', parties)?.id).toBe('cso');
    expect(partyOfKind('host', 'cso', parties)?.id).toBe('ssd');
    // The host's own movement with two partners: any of them may review, so none is named.
    expect(partyOfKind('partner', 'ssd', parties)).toBeUndefined();
    expect(partyOfKind('partner', 'ssd', parties.slice(0, 2))?.id).toBe('cso');
  });

  it("reads the agreement's emergency clause, and counts a justification as the agreement does", () => {
    expect(
      emergencyOf({ emergency: { justificationMinLength: 20, reviewWithinHours: 24, actors: [] } }),
    ).toEqual({
      justificationMinLength: 20,
      reviewWithinHours: 24,
    });
    expect(emergencyOf({})).toBeNull();
    expect(emergencyOf(undefined)).toBeNull();
    expect(justificationLength('  bridge down at Besham  ')).toBe('bridge down at Besham'.length);
  });
});
