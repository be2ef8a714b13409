import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { system } from '../../test/helpers/app.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { listenForReplies } from './email.replies.js';
import { movementNoticeDelayMs } from './notification.movements.js';

const received: { to: string[]; raw: Buffer }[] = [];
// A real SMTP server on loopback, as a deployment's relay would be.
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

const t = useTestApp({
  config: {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smtpReplyTo: 'reply@jsms.test',
    smtpFrom: 'JSMS <jsms@jsms.test>',
  },
  setup: (app) => putAgreementInForce(app),
});

async function personAt(siteId: string | null, name: string) {
  const person = await t.services.persons.create(system, {
    partyId: 'cso',
    name,
    nationality: 'CN',
    status: 'in_country',
    siteId,
  });
  return person.id;
}

/** Links the test user `cso:person` to a person. */
async function linkPersonUser(personId: string) {
  await t.db
    .updateTable('users')
    .set({ person_id: personId })
    .where('id', '=', t.users['cso:person']!.id)
    .execute();
}

/** Runs the notice jobs an event queued (due a moment after it), and the deliveries they make. */
async function runNoticeJobs(kind: string, keyPart: string) {
  await vi.waitFor(async () => {
    const jobs = await t.db
      .selectFrom('scheduled_jobs')
      .select('job_key')
      .where('kind', '=', kind)
      .where('job_key', 'like', `%${keyPart}%`)
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
  });
  t.clock.advance(movementNoticeDelayMs);
  await t.services.scheduler.runDue();
}

const noticesOf = (subjectId: string) =>
  t.db
    .selectFrom('notifications')
    .select(['user_id', 'severity', 'title'])
    .where('subject_id', '=', subjectId)
    .execute();

const userIds = (...names: string[]) => names.map((n) => t.users[n]!.id).sort();

describe('alerts as notices', () => {
  it("tells an SOS to the coordinators and commanders of both parties, never to a duress SOS's person", async () => {
    const personId = await personAt(null, 'Engineer Under Duress');
    await linkPersonUser(personId);
    const alert = await t.services.alerts.raise({
      rule: 'sos',
      subject: { type: 'person', id: personId },
      partyId: 'cso',
      eventAt: t.clock.now(),
      location: { lat: 33.7, lon: 73.05 },
      details: { source: 'duress', rollcallId: 'rc-duress' },
    });
    expect(alert).not.toBeNull();
    await runNoticeJobs('notification.alert', alert!.id);
    const rows = await noticesOf(personId);
    const told = rows.map((r) => r.user_id).sort();
    for (const who of ['ssd:coordinator', 'cso:coordinator', 'ssd:commander'])
      expect(told).toContain(t.users[who]!.id);
    expect(told).not.toContain(t.users['cso:person']!.id);
    expect(new Set(rows.map((r) => r.severity))).toEqual(new Set(['sos']));
    const own = rows.find((r) => r.user_id === t.users['cso:coordinator']!.id)!;
    expect(own.title).toBe('SOS: Engineer Under Duress');
    // Each was delivered in the app, logged, and no delivery of any channel went to the person.
    const deliveries = await t.db
      .selectFrom('notification_deliveries')
      .select(['user_id', 'channel', 'status'])
      .where('kind', '=', 'alert')
      .where(
        'notice_id',
        'in',
        t.db.selectFrom('notifications').select('notice_id').where('subject_id', '=', personId),
      )
      .execute();
    expect(
      deliveries
        .filter((d) => d.channel === 'in_app')
        .map((d) => d.user_id)
        .sort(),
    ).toEqual(told);
    expect(deliveries.some((d) => d.user_id === t.users['cso:person']!.id)).toBe(false);
  });

  it('tells a non-SOS alert to the coordinators only, as a warning or worse', async () => {
    const personId = await personAt(null, 'Silent Phone');
    const alert = await t.services.alerts.raise({
      rule: 'device_silent',
      subject: { type: 'person', id: personId },
      partyId: 'cso',
      eventAt: t.clock.now(),
      location: null,
      details: {},
    });
    await runNoticeJobs('notification.alert', alert!.id);
    const rows = await noticesOf(personId);
    expect(rows.map((r) => r.user_id).sort()).toEqual(userIds('cso:coordinator', 'ssd:coordinator'));
    expect(rows.every((r) => r.severity === 'warning')).toBe(true);
  });
});

describe('roll-calls as notices', () => {
  it('asks the person by e-mail, and their reply through the SMTP listener answers the roll-call via e-mail', async () => {
    const site = await t.services.sites.create(system, {
      partyId: 'cso',
      name: 'cso camp',
      kind: 'camp',
      lat: 33.7,
      lon: 73.05,
      protectionLevel: 3,
    });
    const personId = await personAt(site.id, 'Li Engineer');
    await linkPersonUser(personId);
    const prefs = await t.request('cso:person', {
      method: 'PUT',
      url: '/api/v1/me/notification-preferences',
      payload: {
        kinds: ['rollcall'],
        channels: ['in_app', 'email'],
        email: 'engineer@cso.test',
        quietHours: null,
        timeZone: 'UTC',
      },
    });
    expect(prefs.statusCode, prefs.body).toBe(200);
    received.length = 0;
    const started = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/rollcalls',
      payload: { siteId: site.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const rollcallId = started.json<{ id: string }>().id;
    await runNoticeJobs('notification.rollcall', rollcallId);
    expect(await noticesOf(personId)).toMatchObject([
      { user_id: t.users['cso:person']!.id, title: 'Are you safe?' },
    ]);
    const question = received.find((m) => m.to.includes('engineer@cso.test'))!;
    expect(question).toBeDefined();
    const replyTo = /^Reply-To:\s*(\S+)/im.exec(question.raw.toString('latin1'))![1]!;
    expect(replyTo).toMatch(/^reply\+[A-Za-z0-9_-]{24}@jsms\.test$/);

    const listener = await listenForReplies({
      port: 0,
      host: '127.0.0.1',
      receive: (recipient, raw) => t.services.emailReplies.receive(recipient, raw),
      log: { warn: () => undefined },
    });
    const phone = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await phone.sendMail({
        from: 'engineer@cso.test',
        to: replyTo,
        subject: 'Re: Are you safe?',
        text: 'Safe\n\n> Are you safe?',
      });
    } finally {
      phone.close();
      await listener.close();
    }
    const board = await t.request('cso:coordinator', {
      method: 'GET',
      url: `/api/v1/rollcalls/${rollcallId}`,
    });
    expect(board.statusCode, board.body).toBe(200);
    expect(board.json<{ subjects: unknown[] }>().subjects).toMatchObject([
      { subject: { type: 'person', id: personId }, state: 'safe', answeredVia: 'email' },
    ]);
  });
});
