import { describe, expect, it } from 'vitest';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { movementPayload, setMovementState, supersedeApprovals } from '../../test/helpers/movement.js';
import { createPerson, expectAudited, expectError } from '../../test/helpers/routes.js';
import type { TestApp } from '../../test/helpers/app.js';
import { auditEntries } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { JsmsEvents } from '../events.js';

// The test route (Islamabad to Rawalpindi) is at level 1, where the example agreement asks the
// partner's approval alone; `bothApprove` asks the host's too, `noneApprove` nobody's.
const level1 = /(- level: 1 # minimal\n(?:.*\n){3}\s+approvals: )\[partner\]/;
const bothApprove = exampleAgreement.replace(level1, '$1[host, partner]');
const noneApprove = exampleAgreement.replace(level1, '$1[]');

const path = '/api/v1/movements';
const hour = 3_600_000;
const justification = 'Blast reported 2 km from the camp; moving staff now.';

const t = useTestApp({ each: true, setup: putAgreementInForce });

const post = (who: string, url: string, body?: Record<string, unknown>) =>
  t.request(who, { method: 'POST', url, ...(body ? { payload: body } : {}) });
const get = (who: string, url: string) => t.request(who, { method: 'GET', url });

/** A submitted movement of the partner (cso), requested by `requester`. */
async function submitted(requester = 'cso:admin', test: TestApp = t): Promise<string> {
  const person = await createPerson(test, 'cso');
  const created = await post(requester, path, movementPayload([person]));
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json<{ id: string }>().id;
  const res = await post(requester, `${path}/${id}/submit`);
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

const approve = (who: string, id: string) => post(who, `${path}/${id}/approvals`, { decision: 'approved' });
const stateOf = async (id: string) =>
  (await t.db.selectFrom('movements').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
const historyKinds = async (id: string) =>
  (await get('cso:coordinator', `${path}/${id}/history`))
    .json<{ items: { kind: string }[] }>()
    .items.map((h) => h.kind);

/** Collects the events of `name` published from now on. */
function collect<K extends keyof JsmsEvents>(name: K): JsmsEvents[K][] {
  const seen: JsmsEvents[K][] = [];
  t.services.events.on(name, ({ payload }) => {
    seen.push(payload);
  });
  return seen;
}

describe('joint approval', () => {
  it('needs the host and the partner: one approval leaves it submitted, both make it approved', async () => {
    await putAgreementInForce(t, bothApprove);
    const id = await submitted();
    const changed = collect('movement.changed');

    const actionsOf = async (who: string) =>
      (await get(who, `${path}/${id}`)).json<{ actions: string[] }>().actions;
    expect(await actionsOf('ssd:coordinator')).toEqual(['approve', 'reject', 'break_glass']);
    expect(await actionsOf('ssd:commander')).toEqual(['break_glass']);
    expect(await actionsOf('cso:admin')).toEqual([]);
    const host = await approve('ssd:coordinator', id);
    expect(host.statusCode, host.body).toBe(200);
    expect(host.json()).toMatchObject({ state: 'submitted', actions: ['reject', 'break_glass'] });
    expect(await actionsOf('cso:coordinator')).toEqual(['approve', 'reject', 'break_glass']);
    await expectAudited(t, 'movement.approval_given', id, {
      by: t.users['ssd:coordinator']!.id,
      party: 'cso',
      fields: ['approvals'],
    });
    // The missing partner approval blocks every step after approval.
    expectError(await post('ssd:commander', `${path}/${id}/depart`), 409, 'invalid_transition');

    t.clock.advance(60_000);
    const partner = await approve('cso:coordinator', id);
    expect(partner.statusCode, partner.body).toBe(200);
    // Approved, and at once ready: at this level the agreement asks for no escort.
    expect(partner.json()).toMatchObject({ state: 'ready' });
    await expectAudited(t, 'movement.readied', id, { fields: ['state'] });
    expect(await auditEntries(t.db, 'movement.approved')).toMatchObject([
      { entity_id: id, fields: JSON.stringify(['approvals', 'state']) },
    ]);
    expect(changed.map((c) => [c.action, c.from, c.to])).toEqual([
      ['approval', 'submitted', 'submitted'],
      ['approve', 'submitted', 'approved'],
      ['ready', 'approved', 'ready'],
    ]);
    const history = (await get('cso:coordinator', `${path}/${id}/history`)).json<{
      items: Record<string, unknown>[];
    }>().items;
    expect(history.slice(-3)).toMatchObject([
      {
        kind: 'approval',
        actorId: t.users['ssd:coordinator']!.id,
        agreementVersion: 2,
        details: { partyKind: 'host', decision: 'approved', missing: ['partner'] },
      },
      { kind: 'approve', from: 'submitted', to: 'approved', details: { partyKind: 'partner', missing: [] } },
      { kind: 'ready', from: 'approved', to: 'ready', details: { shortfall: [] } },
    ]);
    const rows = await t.db
      .selectFrom('movement_approvals')
      .selectAll()
      .where('movement_id', '=', id)
      .execute();
    expect(rows.map((r) => [r.party_kind, r.decision, r.agreement_version]).sort()).toEqual([
      ['host', 'approved', 2],
      ['partner', 'approved', 2],
    ]);
    // A party decides once per round.
    expect((await get('cso:coordinator', `${path}/${id}`)).json()).toMatchObject({
      approvals: [
        { partyKind: 'host', decision: 'approved', breakGlass: false, superseded: false, review: null },
        { partyKind: 'partner', decision: 'approved', decidedBy: t.users['cso:coordinator']!.id },
      ],
      actions: ['reject'],
    });
    expectError(await approve('ssd:coordinator', id), 409, 'invalid_transition');
  });

  it('a missing partner approval blocks departure', async () => {
    await putAgreementInForce(t, bothApprove);
    const id = await submitted();
    await setMovementState(t, id, 'ready', ['host']);
    const res = await post('ssd:commander', `${path}/${id}/depart`);
    expectError(res, 403, 'agreement_refuses');
    expect(res.json()).toMatchObject({ error: { details: { clause: 'protection[level=1].approvals' } } });
  });

  it('a veto needs a reason and rejects the movement with it', async () => {
    const id = await submitted();
    expectError(
      await post('cso:coordinator', `${path}/${id}/approvals`, { decision: 'rejected' }),
      400,
      'validation_failed',
      'body.reason',
    );
    expectError(
      await post('cso:coordinator', `${path}/${id}/approvals`, { decision: 'maybe' }),
      400,
      'validation_failed',
      'body.decision',
    );
    const res = await post('cso:coordinator', `${path}/${id}/approvals`, {
      decision: 'rejected',
      reason: 'The road is closed for repairs',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'rejected', endedReason: 'The road is closed for repairs' });
    await expectAudited(t, 'movement.rejected', id, { fields: ['approvals', 'ended_reason', 'state'] });
    expect(await historyKinds(id)).toEqual(['create', 'submit', 'reject']);
  });

  it('refuses self-approval, a party the assessment does not ask, and a role that does not approve', async () => {
    const id = await submitted('cso:coordinator');
    expectError(await approve('cso:coordinator', id), 403, 'self_approval');
    expectError(
      await post('cso:coordinator', `${path}/${id}/approvals`, { decision: 'rejected', reason: 'Mine' }),
      403,
      'self_approval',
    );
    // Level 1 asks the partner only.
    expectError(await approve('ssd:coordinator', id), 403, 'agreement_refuses');
    expectError(await approve('cso:commander', id), 403, 'forbidden');
    expectError(await approve('cso:admin', `${id}x`), 403, 'forbidden');
    expectError(await approve('cso:coordinator', 'no-such-movement'), 404, 'movement_not_found');
    expect(await stateOf(id)).toBe('submitted');
  });

  it('superseded approvals do not count', async () => {
    await putAgreementInForce(t, bothApprove);
    const id = await submitted();
    expect((await approve('ssd:coordinator', id)).statusCode).toBe(200);
    await supersedeApprovals(t, id);
    const partner = await approve('cso:coordinator', id);
    expect(partner.json()).toMatchObject({ state: 'submitted' });
    // The host's superseded approval is not a decision of this round: it approves again.
    const host = await approve('ssd:coordinator', id);
    expect(host.json()).toMatchObject({ state: 'ready' });
  });

  it('goes on to approved at once when the assessment requires no approval', async () => {
    await putAgreementInForce(t, noneApprove);
    const id = await submitted();
    expect(await stateOf(id)).toBe('approved');
    const history = (await get('cso:admin', `${path}/${id}/history`)).json<{
      items: Record<string, unknown>[];
    }>().items;
    expect(history.slice(-2)).toMatchObject([
      { kind: 'submit', to: 'submitted' },
      {
        kind: 'approve',
        from: 'submitted',
        to: 'approved',
        actorId: 'server',
        details: { automatic: true, clause: 'protection[level=1]' },
      },
    ]);
    const jobs = await t.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('kind', '=', 'movement.approval_timeout')
      .execute();
    expect(jobs).toEqual([]);
  });
});

describe('the approval time-out', () => {
  it('escalates a pending approval after the agreement hours, once', async () => {
    const id = await submitted();
    const escalated = collect('movement.escalated');
    const jobs = await t.db
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('kind', '=', 'movement.approval_timeout')
      .execute();
    expect(jobs).toMatchObject([{ status: 'pending', due_at: '2026-11-28T12:00:00.000Z' }]);

    t.clock.advance(4 * hour - 1);
    await t.services.scheduler.runDue();
    expect(escalated).toEqual([]);

    t.clock.advance(1);
    await t.services.scheduler.runDue();
    expect(escalated).toEqual([
      {
        movementId: id,
        partyId: 'cso',
        missing: ['partner'],
        parties: ['cso'],
        escalateTo: ['coordinator', 'admin'],
        deadline: '2026-11-28T12:00:00.000Z',
        agreementVersion: 1,
      },
    ]);
    await expectAudited(t, 'movement.escalated', id, { actorType: 'system', by: 'server' });
    expect(await historyKinds(id)).toEqual(['create', 'submit', 'escalate']);
    expect(await stateOf(id)).toBe('submitted');

    t.clock.advance(24 * hour);
    await t.services.scheduler.runDue();
    expect(escalated).toHaveLength(1);
    expect(await historyKinds(id)).toEqual(['create', 'submit', 'escalate']);
  });

  it('does nothing once the approvals are in', async () => {
    const id = await submitted();
    const escalated = collect('movement.escalated');
    expect((await approve('cso:coordinator', id)).json()).toMatchObject({ state: 'ready' });
    t.clock.advance(5 * hour);
    await t.services.scheduler.runDue();
    expect(escalated).toEqual([]);
  });
});

describe('break-glass', () => {
  const breakGlass = (who: string, id: string, text = justification) =>
    post(who, `${path}/${id}/break-glass`, { justification: text });
  const queue = (who: string, query = '') => get(who, `${path}/break-glass${query}`);

  it('works only for the roles the agreement names, with a justification of its minimum length', async () => {
    await putAgreementInForce(t, bothApprove);
    const id = await submitted();
    const refused = await breakGlass('cso:commander', id);
    expectError(refused, 403, 'agreement_refuses', 'body.justification');
    expect(refused.json()).toMatchObject({ error: { details: { clause: 'emergency.actors' } } });
    expectError(await breakGlass('ssd:analyst', id), 403, 'agreement_refuses');
    const short = await breakGlass('ssd:commander', id, 'too short');
    expectError(short, 403, 'agreement_refuses', 'body.justification');
    expect(short.json()).toMatchObject({
      error: { details: { clause: 'emergency.justificationMinLength' } },
    });
    expectError(await breakGlass('ssd:commander', id, ''), 400, 'validation_failed', 'body.justification');
    expectError(await breakGlass('cso:admin', id), 403, 'self_approval');
    expectError(await breakGlass('cso:person', id), 403, 'forbidden');
    expect(await stateOf(id)).toBe('submitted');
  });

  it('approves alone, flagged and listed for the other party until it has reviewed it', async () => {
    await putAgreementInForce(t, bothApprove);
    const id = await submitted();
    const res = await breakGlass('ssd:commander', id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'ready' });
    expect(await auditEntries(t.db, 'movement.break_glass')).toMatchObject([
      { entity_id: id, actor_id: t.users['ssd:commander']!.id },
    ]);
    const [row] = await t.db
      .selectFrom('movement_approvals')
      .selectAll()
      .where('movement_id', '=', id)
      .execute();
    expect(row).toMatchObject({
      party_kind: 'host',
      break_glass: 1,
      reason: justification,
      review_due_at: '2026-11-29T08:00:00.000Z',
      reviewed_at: null,
    });

    const flag = {
      movementId: id,
      approvalId: row!.id,
      partyKind: 'host',
      justification,
      dueAt: '2026-11-29T08:00:00.000Z',
    };
    expect((await queue('cso:coordinator')).json()).toMatchObject({
      items: [{ ...flag, review: 'pending' }],
    });
    expect((await queue('cso:coordinator', '?status=pending')).json().items).toHaveLength(1);
    expect((await queue('cso:coordinator', '?status=overdue')).json().items).toEqual([]);
    expectError(
      await queue('cso:coordinator', '?status=late'),
      400,
      'validation_failed',
      'querystring.status',
    );
    const flagged = (await get('cso:coordinator', `${path}/${id}`)).json();
    expect(flagged).toMatchObject({
      approvals: [{ breakGlass: true, review: { status: 'pending', dueAt: '2026-11-29T08:00:00.000Z' } }],
      actions: ['reject', 'review'],
    });
    // Still flagged once overdue: the flag stays until reviewed.
    t.clock.advance(25 * hour);
    expect((await get('cso:coordinator', `${path}/${id}`)).json()).toMatchObject({
      approvals: [{ review: { status: 'overdue' } }],
    });
    expect((await queue('cso:coordinator', '?status=overdue')).json()).toMatchObject({
      items: [{ ...flag, review: 'overdue' }],
    });

    const review = (who: string, note = 'Checked with the escort commander') =>
      post(who, `${path}/${id}/approvals/${row!.id}/review`, { note });
    expectError(await review('ssd:coordinator'), 403, 'forbidden');
    expectError(await review('cso:coordinator', ''), 400, 'validation_failed', 'body.note');
    expectError(
      await post('cso:coordinator', `${path}/${id}/approvals/nope/review`, { note: 'x' }),
      404,
      'not_found',
    );
    const reviewed = await review('cso:coordinator');
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    await expectAudited(t, 'movement.break_glass_reviewed', id, { by: t.users['cso:coordinator']!.id });
    expectError(await review('cso:coordinator'), 409, 'already_reviewed');
    expect((await queue('cso:coordinator')).json().items).toEqual([]);
    expect((await queue('cso:coordinator', '?status=reviewed')).json()).toMatchObject({
      items: [{ ...flag, review: 'reviewed', reviewedBy: t.users['cso:coordinator']!.id }],
    });
    expect(await historyKinds(id)).toEqual([
      'create',
      'submit',
      'break_glass',
      'ready',
      'break_glass_review',
    ]);
    expect((await get('ssd:coordinator', `${path}/${id}`)).json()).toMatchObject({
      approvals: [{ review: { status: 'reviewed', note: 'Checked with the escort commander' } }],
    });
  });

  it('stands in for every required party at departure', async () => {
    await putAgreementInForce(t, bothApprove);
    const id = await submitted();
    expect((await breakGlass('ssd:commander', id)).statusCode).toBe(200);
    await setMovementState(t, id, 'ready');
    const departed = await post('ssd:commander', `${path}/${id}/depart`);
    expect(departed.statusCode, departed.body).toBe(200);
  });
});
