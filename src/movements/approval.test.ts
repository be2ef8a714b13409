import { describe, expect, it } from 'vitest';
import { agreement as base } from '../../test/helpers/policy.js';
import type { Actor, PartyKind, Role, UserActor } from '../access/actor.js';
import { decide } from '../agreement/policy.js';
import type { AppError } from '../platform/errors.js';
import { type ApprovalCase, type ApprovalRow, approvalStatus } from './approval.js';
import {
  type ApprovalVerdict,
  breakGlassReviewDue,
  mayBreakGlass,
  mayDecide,
  mayReview,
} from './approval.allowances.js';
import { approvalDeadline, approvalEscalation, approvalTimeoutJob } from './approval.timeout.js';
import { type MovementState, movementStates } from './movement.js';

// The example agreement (v3, host ssd, partners cso and cpec): level 3 needs the host's approval,
// level 4 the host's and the partner's; break-glass for host coordinators and commanders and
// partner coordinators, 20 characters of justification, reviewed within 24 h; time-out 4 h.
const agreement = base;
const now = new Date('2026-12-07T08:00:00.000Z');
const iso = (hoursFromNow: number) => new Date(now.getTime() + hoursFromNow * 3_600_000).toISOString();

const user = (id: string, partyId: string, roles: Role[]): UserActor => ({
  type: 'user',
  id,
  username: id,
  partyId,
  partyKind: partyId === 'ssd' ? 'host' : 'partner',
  roles,
  via: 'session',
  credentialId: 'c',
  secondFactorOk: true,
});
const hostCoordinator = user('u-hc', 'ssd', ['coordinator']);
const hostCommander = user('u-hk', 'ssd', ['commander']);
const hostAnalyst = user('u-ha', 'ssd', ['analyst']);
const partnerCoordinator = user('u-pc', 'cso', ['coordinator']);
const partnerCommander = user('u-pk', 'cso', ['commander']);
const requester = user('u-req', 'cso', ['coordinator']);
const otherPartnerCoordinator = user('u-oc', 'cpec', ['coordinator']);

let serial = 0;
/** An approval row: the host's current approval an hour ago unless told otherwise. */
function row(overrides: Partial<ApprovalRow> = {}): ApprovalRow {
  const partyKind = overrides.party_kind ?? 'host';
  serial += 1;
  return {
    id: `a${serial}`,
    party_id: partyKind === 'host' ? 'ssd' : 'cso',
    party_kind: partyKind,
    decided_by: partyKind === 'host' ? hostCoordinator.id : partnerCoordinator.id,
    decision: 'approved',
    break_glass: 0,
    superseded: 0,
    decided_at: iso(-1),
    review_due_at: null,
    reviewed_at: null,
    ...overrides,
  };
}
const host = (overrides: Partial<ApprovalRow> = {}) => row({ party_kind: 'host', ...overrides });
const partner = (overrides: Partial<ApprovalRow> = {}) => row({ party_kind: 'partner', ...overrides });
const glass = (overrides: Partial<ApprovalRow> = {}) =>
  host({ break_glass: 1, decided_by: hostCommander.id, review_due_at: iso(23), ...overrides });

const both: PartyKind[] = ['host', 'partner'];

/** A partner's level-4 movement, submitted by `requester`, with the approvals given. */
function subject(
  approvals: ApprovalRow[] = [],
  state: MovementState = 'submitted',
  required: PartyKind[] = both,
  riskLevel: number | null = 4,
): ApprovalCase {
  return {
    movement: { id: 'm1', party_id: 'cso', state, requested_by: requester.id, risk_level: riskLevel },
    required,
    approvals,
  };
}

/** The refusal's code, clause and field, or 'allowed'. */
function outcome(verdict: ApprovalVerdict | { allow: true } | { allow: false; error: AppError }) {
  if (verdict.allow) return 'allowed';
  const details = (verdict.error.details ?? {}) as Record<string, unknown>;
  return {
    code: verdict.error.code,
    ...(details.clause ? { clause: details.clause } : {}),
    ...(details.field ? { field: details.field } : {}),
  };
}

describe('approvalStatus', () => {
  it('a missing partner approval blocks: the movement is not approved, and departure names the clause', () => {
    const status = approvalStatus(both, [host()], now);
    expect(status).toMatchObject({ approvedBy: ['host'], missing: ['partner'], veto: null, complete: false });
    const departure = decide(
      agreement,
      { partyId: 'ssd', partyKind: 'host', roles: ['commander'] },
      {
        type: 'movement.depart',
        riskLevel: 4,
        armedEscortVehicles: 1,
        armouredPassengerVehicle: true,
        approvedBy: status.approvedBy,
        at: new Date('2026-12-07T06:00:00Z'), // 11:00 in Karachi, inside the allowed hours
      },
    );
    expect(departure).toMatchObject({ allow: false, clause: 'protection[level=4].approvals' });
  });

  it('both required approvals make it complete; a party the assessment does not require is not counted', () => {
    expect(approvalStatus(both, [partner(), host()], now)).toMatchObject({
      approvedBy: ['host', 'partner'],
      missing: [],
      complete: true,
    });
    expect(approvalStatus(['host'], [partner()], now)).toMatchObject({ missing: ['host'], complete: false });
  });

  it('a veto stands whatever else is in, and the earliest veto is the one reported', () => {
    const late = partner({ decision: 'rejected', decided_at: iso(-1) });
    const early = host({ decision: 'rejected', decided_at: iso(-2) });
    const status = approvalStatus(both, [host({ decided_at: iso(-3) }), late, early], now);
    expect(status.complete).toBe(false);
    expect(status.veto).toBe(early);
    expect(approvalStatus(both, [early, late], now).veto).toBe(early);
    expect(approvalStatus(both, [glass(), late], now)).toMatchObject({ veto: late, complete: false });
  });

  it('superseded approvals and vetoes do not count', () => {
    const status = approvalStatus(
      both,
      [host({ superseded: 1 }), partner({ superseded: 1, decision: 'rejected' }), partner()],
      now,
    );
    expect(status).toMatchObject({ approvedBy: ['partner'], missing: ['host'], veto: null, complete: false });
    expect(approvalStatus(both, [glass({ superseded: 1 })], now)).toMatchObject({
      breakGlass: null,
      missing: both,
      complete: false,
    });
  });

  it('a break-glass approval counts alone for every required party, flagged until reviewed', () => {
    const flagged = glass();
    const status = approvalStatus(both, [flagged], now);
    expect(status).toMatchObject({ approvedBy: both, missing: [], complete: true });
    expect(status.breakGlass).toEqual({ approval: flagged, dueAt: iso(23), review: 'pending' });
    expect(status.unreviewed).toEqual([status.breakGlass]);
    expect(approvalStatus(both, [flagged], new Date(iso(23))).breakGlass?.review).toBe('overdue');
    const reviewed = glass({ reviewed_at: iso(-0.5) });
    expect(approvalStatus(both, [reviewed], now)).toMatchObject({
      breakGlass: { review: 'reviewed' },
      unreviewed: [],
      complete: true,
    });
  });

  it('a superseded break-glass approval no longer counts but stays flagged until reviewed', () => {
    const old = glass({ superseded: 1, review_due_at: iso(-1) });
    const status = approvalStatus(both, [old, host({ decided_at: iso(-0.5) })], now);
    expect(status).toMatchObject({ breakGlass: null, missing: ['partner'] });
    expect(status.unreviewed).toEqual([{ approval: old, dueAt: iso(-1), review: 'overdue' }]);
  });

  it('a break-glass veto is just a veto', () => {
    expect(approvalStatus(both, [glass({ decision: 'rejected' })], now)).toMatchObject({
      breakGlass: null,
      unreviewed: [],
      complete: false,
    });
  });
});

describe('mayDecide', () => {
  it.each(movementStates)('in state %s, approving is open only while submitted', (state) => {
    const verdict = mayDecide(hostCoordinator, 'approved', subject([], state), agreement);
    if (state === 'submitted') expect(verdict.allow).toBe(true);
    else {
      expect(outcome(verdict)).toEqual({ code: 'invalid_transition' });
      if (!verdict.allow) expect(verdict.error.details).toEqual({ from: state, to: 'approved' });
    }
  });

  it.each(movementStates)('in state %s, a veto is open until departure', (state) => {
    const verdict = mayDecide(hostCoordinator, 'rejected', subject([], state), agreement);
    expect(verdict.allow).toBe(['submitted', 'approved', 'ready'].includes(state));
    if (!verdict.allow) expect(verdict.error.details).toEqual({ from: state, to: 'rejected' });
  });

  it('allows a coordinator of each required party, naming the clause and version', () => {
    expect(mayDecide(hostCoordinator, 'approved', subject(), agreement)).toEqual({
      allow: true,
      partyId: 'ssd',
      partyKind: 'host',
      decision: expect.objectContaining({ allow: true, clause: 'protection[level=4].approvals', version: 3 }),
    });
    expect(mayDecide(partnerCoordinator, 'rejected', subject(), agreement)).toMatchObject({
      allow: true,
      partyId: 'cso',
      partyKind: 'partner',
    });
  });

  it.each([
    ['the requester approving', requester, 'approved', { code: 'self_approval' }],
    ['the requester vetoing', requester, 'rejected', { code: 'self_approval' }],
    [
      'a commander',
      hostCommander,
      'approved',
      { code: 'agreement_refuses', clause: 'protection[level=4].approvals', field: 'decision' },
    ],
    [
      'an analyst vetoing',
      hostAnalyst,
      'rejected',
      { code: 'agreement_refuses', clause: 'protection[level=4].approvals', field: 'decision' },
    ],
    [
      "another partner, on this partner's movement",
      otherPartnerCoordinator,
      'approved',
      { code: 'forbidden' },
    ],
  ] as const)('refuses %s', (_name, actor, decision, expected) => {
    expect(outcome(mayDecide(actor, decision, subject(), agreement))).toEqual(expected);
  });

  it('refuses a party the level does not require, by the agreement or by the assessment', () => {
    // Level 3: the host approves alone.
    expect(
      outcome(mayDecide(partnerCoordinator, 'approved', subject([], 'submitted', ['host'], 3), agreement)),
    ).toEqual({
      code: 'agreement_refuses',
      clause: 'protection[level=3].approvals',
      field: 'decision',
    });
    // The assessment the movement was submitted under asked only the host.
    const verdict = mayDecide(
      partnerCoordinator,
      'approved',
      subject([], 'submitted', ['host'], 4),
      agreement,
    );
    expect(outcome(verdict)).toEqual({ code: 'forbidden', clause: 'protection[level=4].approvals' });
    if (!verdict.allow)
      expect(verdict.error.details).toMatchObject({ partyKind: 'host', agreementVersion: 3 });
  });

  it('refuses a device, the system, and an unassessed movement', () => {
    const device: Actor = {
      type: 'device',
      id: 'd1',
      partyId: 'ssd',
      partyKind: 'host',
      subjectType: 'unit',
      subjectId: 'unit-1',
      reportIntervalS: 300,
    };
    const system: Actor = { type: 'system', id: 'cli:root', partyId: 'ssd' };
    expect(outcome(mayDecide(device, 'approved', subject(), agreement))).toEqual({ code: 'forbidden' });
    expect(outcome(mayDecide(system, 'rejected', subject(), agreement))).toEqual({ code: 'forbidden' });
    expect(
      outcome(mayDecide(hostCoordinator, 'approved', subject([], 'submitted', both, null), agreement)),
    ).toEqual({
      code: 'conflict',
    });
  });

  it("lets another partner decide on the host's own movement", () => {
    const ofHost = subject();
    ofHost.movement = { ...ofHost.movement, party_id: 'ssd', requested_by: hostCoordinator.id };
    expect(mayDecide(otherPartnerCoordinator, 'approved', ofHost, agreement)).toMatchObject({
      allow: true,
      partyId: 'cpec',
    });
  });

  it('refuses a party deciding twice on the same assessment; a superseded decision does not count', () => {
    const approved = host({ decided_by: 'someone-else' });
    const twice = mayDecide(hostCoordinator, 'approved', subject([approved]), agreement);
    expect(outcome(twice)).toEqual({ code: 'already_decided' });
    if (!twice.allow) expect(twice.error.details).toEqual({ approvalId: approved.id, decision: 'approved' });
    expect(mayDecide(hostCoordinator, 'approved', subject([host({ superseded: 1 })]), agreement).allow).toBe(
      true,
    );
    // A party that approved may still withdraw by a veto before departure; a veto is not repeated.
    expect(mayDecide(hostCoordinator, 'rejected', subject([approved], 'approved'), agreement).allow).toBe(
      true,
    );
    expect(
      outcome(mayDecide(hostCoordinator, 'rejected', subject([host({ decision: 'rejected' })]), agreement)),
    ).toEqual({ code: 'already_decided' });
    // Another partner's approval is the partner's: one partner approval per assessment.
    expect(
      outcome(mayDecide(partnerCoordinator, 'approved', subject([partner({ party_id: 'cpec' })]), agreement)),
    ).toEqual({
      code: 'already_decided',
    });
  });
});

describe('mayBreakGlass', () => {
  const justification = 'Blast reported 2 km from the camp; moving staff now.';
  const movement = subject().movement;

  it.each([
    ['a host coordinator', hostCoordinator, 'allowed'],
    ['a host commander', hostCommander, 'allowed'],
    ['a partner coordinator', partnerCoordinator, 'allowed'],
    [
      'a partner commander',
      partnerCommander,
      { code: 'agreement_refuses', clause: 'emergency.actors', field: 'justification' },
    ],
    [
      'a host analyst',
      hostAnalyst,
      { code: 'agreement_refuses', clause: 'emergency.actors', field: 'justification' },
    ],
    ['the requester', requester, { code: 'self_approval' }],
  ] as const)('works only for the roles the agreement names: %s', (_name, actor, expected) => {
    expect(outcome(mayBreakGlass(actor, justification, movement, agreement, now))).toEqual(expected);
  });

  it('needs a justification of the minimum length', () => {
    for (const text of ['urgent', '', ' '.repeat(40), 'nineteen characters']) {
      expect(outcome(mayBreakGlass(hostCommander, text, movement, agreement, now))).toEqual({
        code: 'agreement_refuses',
        clause: 'emergency.justificationMinLength',
        field: 'justification',
      });
    }
    expect(mayBreakGlass(hostCommander, 'twenty characters!!!', movement, agreement, now).allow).toBe(true);
  });

  it('is flagged for review within the agreement hours, and then counts alone', () => {
    const verdict = mayBreakGlass(hostCommander, justification, movement, agreement, now);
    expect(verdict).toEqual({
      allow: true,
      partyId: 'ssd',
      partyKind: 'host',
      decision: expect.objectContaining({ clause: 'emergency.actors', version: 3 }),
      reviewDueAt: new Date(iso(24)),
    });
    if (!verdict.allow) return;
    const approval = host({
      break_glass: 1,
      decided_by: hostCommander.id,
      decided_at: now.toISOString(),
      review_due_at: verdict.reviewDueAt.toISOString(),
    });
    expect(approvalStatus(both, [approval], now)).toMatchObject({
      complete: true,
      breakGlass: { review: 'pending', dueAt: iso(24) },
    });
    expect(breakGlassReviewDue(now.toISOString(), agreement)).toEqual(new Date(iso(24)));
  });

  it('is open only while approval is', () => {
    for (const state of movementStates.filter((s) => s !== 'submitted')) {
      const closed = { ...movement, state };
      expect(outcome(mayBreakGlass(hostCommander, justification, closed, agreement, now))).toEqual({
        code: 'invalid_transition',
      });
    }
  });
});

describe('mayReview', () => {
  const movement = subject().movement;
  it.each([
    ["the partner's coordinator", partnerCoordinator, glass(), 'allowed'],
    ['the party that broke glass', hostCoordinator, glass(), { code: 'forbidden' }],
    ['a partner commander', partnerCommander, glass(), { code: 'forbidden' }],
    ['another partner', otherPartnerCoordinator, glass(), { code: 'forbidden' }],
    [
      'an approval already reviewed',
      partnerCoordinator,
      glass({ reviewed_at: iso(-0.5) }),
      { code: 'already_reviewed' },
    ],
    ['an ordinary approval', partnerCoordinator, host(), { code: 'conflict' }],
  ] as const)('%s', (_name, actor, approval, expected) => {
    expect(outcome(mayReview(actor, approval, movement, agreement))).toEqual(expected);
  });
});

describe('approval time-out', () => {
  const opened = iso(-5);

  it('falls due the agreement hours after approval opened', () => {
    expect(approvalDeadline(opened, agreement)).toEqual(new Date(iso(-1)));
    const halfHour = {
      ...agreement,
      document: {
        ...agreement.document,
        movements: { approvalTimeoutHours: 0.5, escalateTo: ['admin' as const] },
      },
    };
    expect(approvalDeadline(new Date(opened), halfHour)).toEqual(new Date(iso(-4.5)));
  });

  it('is one job per movement and round of approvals', () => {
    expect(approvalTimeoutJob('m1', opened, agreement)).toEqual({
      kind: 'movement.approval_timeout',
      key: `movement.approval_timeout:m1:${opened}`,
      dueAt: new Date(iso(-1)),
      payload: { movementId: 'm1', openedAt: opened },
    });
    expect(approvalTimeoutJob('m1', iso(-2), agreement).key).not.toBe(
      approvalTimeoutJob('m1', opened, agreement).key,
    );
  });

  const { payload } = approvalTimeoutJob('m1', opened, agreement);
  const round = (approvals: ApprovalRow[], state: MovementState = 'submitted', openedAt = opened) => ({
    ...subject(approvals, state),
    openedAt,
  });

  it('escalates the approvals still missing, to the roles the agreement names', () => {
    expect(approvalEscalation(payload, round([host()]), agreement, new Date(iso(-1)))).toEqual({
      status: 'escalate',
      missing: ['partner'],
      escalateTo: ['coordinator', 'admin'],
      deadline: iso(-1),
      clause: 'movements.approvalTimeoutHours',
      version: 3,
    });
    expect(approvalEscalation(payload, round([host({ superseded: 1 })]), agreement, now)).toMatchObject({
      status: 'escalate',
      missing: both,
    });
  });

  it('waits when the agreement in force now allows longer', () => {
    const longer = {
      ...agreement,
      version: 4,
      document: {
        ...agreement.document,
        movements: { approvalTimeoutHours: 8, escalateTo: ['admin' as const] },
      },
    };
    expect(approvalEscalation(payload, round([]), longer, now)).toEqual({
      status: 'later',
      dueAt: new Date(iso(3)),
    });
  });

  it.each([
    ['every approval is in', round([host(), partner()])],
    ['a break-glass approval is in', round([glass()])],
    ['a veto stands', round([partner({ decision: 'rejected' })])],
    ['the movement moved on', round([host(), partner()], 'approved')],
    ['the movement was cancelled', round([], 'cancelled')],
    ['a later round opened', round([], 'submitted', iso(-0.5))],
  ])('does nothing once %s', (_name, current) => {
    expect(approvalEscalation(payload, current, agreement, now).status).toBe('settled');
  });
});
