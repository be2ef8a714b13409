import { describe, expect, it } from 'vitest';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { auditEntries } from '../../test/helpers/app.js';
import { createPerson, expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';

const t = useTestApp({ each: true, setup: (app) => putAgreementInForce(app) });

const minutes = (n: number) => n * 60_000;

async function missed(personId: string) {
  return t.db
    .selectFrom('alerts')
    .selectAll()
    .where('rule', '=', 'checkin_missed')
    .where('subject_id', '=', personId)
    .execute();
}

async function schedule(personId: string, body: Record<string, unknown>) {
  return t.request('cso:coordinator', {
    method: 'PUT',
    url: `/api/v1/checkins/schedules/person/${personId}`,
    payload: body,
  });
}

describe('scheduled check-ins', () => {
  it('escalates a missed deadline step by step, and a late check-in resolves it with its time kept', async () => {
    const person = await createPerson(t, 'cso');
    await t.db
      .updateTable('users')
      .set({ person_id: person })
      .where('id', '=', t.users['cso:person']!.id)
      .execute();
    const set = await schedule(person, { everyMinutes: 120 });
    expect(set.statusCode, set.body).toBe(200);
    const due = new Date(t.clock.now().getTime() + minutes(120));
    expect(set.json()).toMatchObject({ nextDueAt: due.toISOString(), step: null, active: true });
    expect(await auditEntries(t.db, 'checkin_schedule.set')).toHaveLength(1);

    // On time: nothing is raised, and the next deadline counts from the check-in.
    t.clock.advance(minutes(60));
    const onTime = await t.request('cso:person', { method: 'POST', url: '/api/v1/checkins', payload: {} });
    expect(onTime.statusCode, onTime.body).toBe(200);
    const nextDue = new Date(t.clock.now().getTime() + minutes(120));
    expect(onTime.json()).toMatchObject({ late: false, nextDueAt: nextDue.toISOString() });
    t.clock.advance(minutes(61));
    await t.services.scheduler.runDue();
    expect(await missed(person)).toEqual([]);

    // Missed: a reminder at the deadline, overdue 30 minutes later, an emergency at 60.
    t.clock.advance(nextDue.getTime() - t.clock.now().getTime());
    await t.services.scheduler.runDue();
    expect(await missed(person)).toMatchObject([{ state: 'open', severity: 'warning' }]);
    t.clock.advance(minutes(30));
    await t.services.scheduler.runDue();
    expect(await missed(person)).toMatchObject([{ state: 'open', severity: 'alarm' }]);
    const got = await t.request('cso:coordinator', {
      method: 'GET',
      url: `/api/v1/checkins/schedules/person/${person}`,
    });
    expect(got.json()).toMatchObject({ schedule: { step: 'overdue' } });
    t.clock.advance(minutes(30));
    await t.services.scheduler.runDue();
    const [emergency] = await missed(person);
    expect(emergency).toMatchObject({ state: 'open', severity: 'emergency' });
    expect(JSON.parse(emergency!.details)).toMatchObject({ step: 'emergency', dueAt: nextDue.toISOString() });
    expect(await auditEntries(t.db, 'alert.escalated')).toHaveLength(2);

    // Late, by a staff member for the person: the alert resolved, the check-in kept late with its time.
    t.clock.advance(minutes(5));
    const late = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/checkins',
      payload: { subjectType: 'person', subjectId: person, note: 'Phone was flat' },
    });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({
      late: true,
      dueAt: nextDue.toISOString(),
      at: t.clock.now().toISOString(),
    });
    expect(await missed(person)).toMatchObject([
      {
        state: 'resolved',
        resolved_by: t.users['cso:coordinator']!.id,
        resolve_note: `Checked in late at ${t.clock.now().toISOString()}: Phone was flat`,
      },
    ]);
    const after = await t.request('cso:coordinator', {
      method: 'GET',
      url: `/api/v1/checkins/schedules/person/${person}`,
    });
    expect(after.json()).toMatchObject({
      schedule: { step: null },
      checkins: [
        { late: true, checkedInAt: t.clock.now().toISOString(), note: 'Phone was flat' },
        { late: false },
      ],
    });
    // The old steps, already due, do nothing more.
    t.clock.advance(minutes(60));
    await t.services.scheduler.runDue();
    expect(await missed(person)).toHaveLength(1);
  });

  it('takes fixed deadlines, refuses another party and bad input', async () => {
    const person = await createPerson(t, 'cso');
    const at = new Date(t.clock.now().getTime() + minutes(10)).toISOString();
    expect((await schedule(person, { deadlines: [at] })).json()).toMatchObject({
      nextDueAt: at,
      everyMinutes: null,
    });
    expectError(await schedule(person, {}), 400, 'validation_failed', 'body.everyMinutes');
    expectError(await schedule(person, { everyMinutes: 1 }), 400, 'validation_failed', 'body.everyMinutes');
    const host = await t.request('ssd:coordinator', {
      method: 'PUT',
      url: `/api/v1/checkins/schedules/person/${person}`,
      payload: { everyMinutes: 60 },
    });
    expectError(host, 403, 'forbidden');
    expectError(
      await t.request('cso:observer', {
        method: 'PUT',
        url: `/api/v1/checkins/schedules/person/${person}`,
        payload: { everyMinutes: 60 },
      }),
      403,
      'forbidden',
    );
    expectError(
      await t.request('cso:coordinator', { method: 'GET', url: '/api/v1/checkins/schedules/person/nobody' }),
      404,
      'person_not_found',
    );
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/v1/checkins', payload: {} }),
      401,
      'unauthenticated',
    );
    const ended = await t.request('cso:coordinator', {
      method: 'DELETE',
      url: `/api/v1/checkins/schedules/person/${person}`,
    });
    expect(ended.json()).toMatchObject({ active: false });
    t.clock.advance(minutes(11));
    await t.services.scheduler.runDue();
    expect(await missed(person)).toEqual([]);
  });
});
