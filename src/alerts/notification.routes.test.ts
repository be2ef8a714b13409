import { describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { auditEntries } from '../../test/helpers/app.js';
import { movementPayload } from '../../test/helpers/movement.js';
import { createPerson, expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { Notice } from './notification.js';
import { movementNoticeDelayMs } from './notification.movements.js';

const t = useTestApp({
  setup: async (app) => {
    await putAgreementInForce(app);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    await app.services.eventFollower.start();
  },
});

const url = '/api/v1/me/notification-preferences';
const chosen = {
  kinds: ['alert', 'rollcall'],
  channels: ['in_app', 'email'],
  email: 'analyst@ssd.test',
  quietHours: { from: '22:00', to: '07:00' },
  timeZone: '+05:00',
};

async function notice(partyId = 'cso', overrides: Partial<Notice> = {}): Promise<Notice> {
  const personId = await createPerson(t, partyId, 'Notice Subject');
  return {
    kind: 'alert',
    severity: 'warning',
    event: { name: 'alert.raised', ref: personId },
    subject: { type: 'person', id: personId, partyId },
    template: 'alert.raised',
    params: { what: 'Off route' },
    ...overrides,
  };
}

describe('GET and PUT /api/v1/me/notification-preferences', () => {
  it('answers 401 without a credential', async () => {
    expectError(await t.request(null, { method: 'GET', url }), 401, 'unauthenticated');
    expectError(await t.request(null, { method: 'PUT', url, payload: chosen }), 401, 'unauthenticated');
  });

  it('gives the defaults until the user chooses', async () => {
    const res = await t.request('cso:person', { method: 'GET', url });
    expect(res.json()).toEqual({
      kinds: ['alert', 'rollcall', 'checkin', 'movement'],
      channels: ['in_app', 'email'],
      email: null,
      quietHours: null,
      timeZone: 'UTC',
    });
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    [{ quietHours: { from: '25:00', to: '07:00' } }, 'body.quietHours.from'],
    [{ kinds: ['gossip'] }, 'body.kinds.0'],
    [{ email: 'not an address' }, 'body.email'],
  ])('answers 400 for %o naming %s, changing nothing', async (bad, field) => {
    expectError(
      await t.request('ssd:observer', { method: 'PUT', url, payload: { ...chosen, ...bad } }),
      400,
      'validation_failed',
      field,
    );
    expect((await t.request('ssd:observer', { method: 'GET', url })).json().email).toBeNull();
  });

  it("keeps the user's own choice, audited, and no one else's changes", async () => {
    const res = await t.request('ssd:analyst', { method: 'PUT', url, payload: chosen });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(chosen);
    expect((await t.request('ssd:analyst', { method: 'GET', url })).json()).toEqual(chosen);
    expect((await t.request('ssd:coordinator', { method: 'GET', url })).json().email).toBeNull();
    const [entry] = await auditEntries(t.db, 'notification.preferences_set');
    expect(entry).toMatchObject({ entity_id: t.users['ssd:analyst']!.id, party_id: 'ssd' });
  });
});

describe('GET /api/v1/notifications/deliveries', () => {
  it("shows each user their own deliveries, and a coordinator their party's; quiet hours and kinds are logged", async () => {
    await t.request('ssd:analyst', { method: 'PUT', url, payload: chosen });
    // 20:00 UTC is 01:00 at +05:00: the analyst's quiet hours.
    t.clock.advance(Date.parse('2026-12-08T20:00:00Z') - t.clock.now().getTime());
    const movementNotice = await notice('cso', { kind: 'movement' });
    const id = await t.services.notifications.notify(movementNotice, {
      parties: [{ partyId: 'ssd', roles: ['coordinator', 'analyst'] }],
    });
    const alertId = await t.services.notifications.notify(await notice(), {
      parties: [{ partyId: 'ssd', roles: ['analyst'] }],
    });
    const read = (who: string, query: string) =>
      t.request(who, { method: 'GET', url: `/api/v1/notifications/deliveries?${query}` });

    const analyst = (await read('ssd:analyst', `noticeId=${id}`)).json().items;
    expect(
      analyst
        .map((d: { channel: string; status: string; reason: string; attempts: unknown[] }) => [
          d.channel,
          d.status,
          d.reason,
          d.attempts.length,
        ])
        .sort(),
    ).toEqual([
      ['email', 'suppressed', 'kind_off', 0],
      ['in_app', 'suppressed', 'kind_off', 0],
    ]);
    const quiet = (await read('ssd:analyst', `noticeId=${alertId}`)).json().items;
    expect(
      quiet
        .map((d: { channel: string; status: string; reason: string | null }) => [
          d.channel,
          d.status,
          d.reason,
        ])
        .sort(),
    ).toEqual([
      ['email', 'suppressed', 'quiet_hours'],
      ['in_app', 'delivered', null],
    ]);
    const coordinator = (await read('ssd:coordinator', `noticeId=${id}`)).json().items;
    expect([...new Set(coordinator.map((d: { userId: string }) => d.userId))].sort()).toEqual(
      [t.users['ssd:analyst']!.id, t.users['ssd:coordinator']!.id].sort(),
    );
    const filtered = (
      await read('ssd:coordinator', `noticeId=${id}&userId=${t.users['ssd:analyst']!.id}`)
    ).json();
    expect(filtered.items).toHaveLength(2);
    expect(filtered.items.every((d: { userId: string }) => d.userId === t.users['ssd:analyst']!.id)).toBe(
      true,
    );
    expect((await read('ssd:observer', `noticeId=${id}`)).json().items).toEqual([]);
    expect((await read('cso:coordinator', `noticeId=${id}`)).json().items).toEqual([]);
    expectError(await read('ssd:analyst', 'status=lost'), 400, 'validation_failed', 'querystring.status');
    expectError(await read(null as unknown as string, ''), 401, 'unauthenticated');
    const [entry] = (await auditEntries(t.db, 'notification.created')).filter((e) => e.entity_id === id);
    expect(entry).toMatchObject({ party_id: 'cso', actor_id: 'server' });
  });
});

describe('in the app, over the stream', () => {
  it('carries a notification to its recipient only, with the SOS not silenced', async () => {
    const address = t.app.server.address() as { port: number };
    const frames = new Map<
      string,
      { type: string; notification?: { title: string; severity: string; silent: boolean } }[]
    >();
    const sockets = ['ssd:coordinator', 'ssd:analyst'].map((who) => {
      frames.set(who, []);
      const socket = new WebSocket(`ws://127.0.0.1:${address.port}/api/v1/stream`, {
        headers: { authorization: `Bearer ${t.users[who]!.token}` },
      });
      socket.on('message', (data: Buffer) => frames.get(who)!.push(JSON.parse(data.toString('utf8'))));
      return socket;
    });
    const notes = (who: string) => frames.get(who)!.filter((f) => f.type === 'notification');
    try {
      await vi.waitFor(() =>
        expect([...frames.values()].every((f) => f.some((x) => x.type === 'snapshot'))).toBe(true),
      );
      await t.services.notifications.notify(await notice('cso', { severity: 'sos', template: 'alert.sos' }), {
        users: [t.users['ssd:coordinator']!.id],
      });
      await vi.waitFor(() => expect(notes('ssd:coordinator')).toHaveLength(1));
      expect(notes('ssd:coordinator')[0]!.notification).toMatchObject({
        title: 'SOS: Notice Subject',
        severity: 'sos',
        silent: false,
      });
      // Frames come in log order: the analyst's first notification is the one after, never the coordinator's.
      await t.services.notifications.notify(await notice('ssd'), { users: [t.users['ssd:analyst']!.id] });
      await vi.waitFor(() => expect(notes('ssd:analyst')).toHaveLength(1));
      expect(notes('ssd:analyst')[0]!.notification!.title).toBe('Alert: Notice Subject');
      expect(notes('ssd:coordinator')).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});

describe('GET /api/v1/notifications', () => {
  it("gives each user their own notices, newest first, in their language; a protected person's too", async () => {
    expectError(
      await t.request(null, { method: 'GET', url: '/api/v1/notifications' }),
      401,
      'unauthenticated',
    );
    await t.request('cso:person', { method: 'PUT', url: '/api/v1/me/language', payload: { language: 'zh' } });
    const id = await t.services.notifications.notify(
      await notice('cso', { kind: 'rollcall', template: 'rollcall.question', severity: 'critical' }),
      { users: [t.users['cso:person']!.id] },
    );
    const res = await t.request('cso:person', { method: 'GET', url: '/api/v1/notifications?kind=rollcall' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ noticeId: id, kind: 'rollcall', severity: 'critical', title: '您安全吗？' }),
    ]);
    const others = await t.request('cso:coordinator', {
      method: 'GET',
      url: '/api/v1/notifications?limit=500',
    });
    expect(others.json().items.map((n: { noticeId: string }) => n.noticeId)).not.toContain(id);
    expectError(
      await t.request('cso:person', { method: 'GET', url: '/api/v1/notifications?kind=news' }),
      400,
      'validation_failed',
      'querystring.kind',
    );
  });
});

describe('movement events', () => {
  it("tells both parties' coordinators and the passengers of a movement cancelled", async () => {
    const person = await createPerson(t, 'cso', 'Passenger One');
    const { user } = await t.services.users.create(
      { type: 'system', id: 'test', partyId: null },
      {
        partyId: 'cso',
        username: 'passenger-one',
        displayName: 'P1',
        roles: ['person'],
        password: 'correct horse battery staple',
        personId: person,
      },
    );
    const created = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/movements',
      payload: movementPayload([person], { purpose: 'Dam inspection' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const cancelled = await t.request('cso:coordinator', {
      method: 'POST',
      url: `/api/v1/movements/${id}/cancel`,
      payload: { reason: 'Postponed' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // The change is queued as a job (once, by its key), which the scheduler turns into the notice.
    const jobs = () =>
      t.db
        .selectFrom('scheduled_jobs')
        .select('job_key')
        .where('kind', '=', 'notification.movement')
        .where('job_key', 'like', `%${id}%`)
        .execute();
    await vi.waitFor(async () =>
      expect((await jobs()).map((j) => j.job_key).sort()).toEqual([`movement.changed:${id}@2`]),
    );
    t.clock.advance(movementNoticeDelayMs);
    await t.services.scheduler.runDue();
    const rows = () =>
      t.db.selectFrom('notifications').select(['user_id', 'title']).where('subject_id', '=', id).execute();
    expect(await rows()).toHaveLength(3);
    const byUser = new Map((await rows()).map((r) => [r.user_id, r.title]));
    expect(byUser.get(t.users['cso:coordinator']!.id)).toBe('Movement cancelled: Dam inspection');
    expect(byUser.get(user.id)).toBe('Movement cancelled: Dam inspection');
    expect(byUser.has(t.users['ssd:coordinator']!.id)).toBe(true);
  });
});
