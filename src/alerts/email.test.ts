import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import type { TestApp } from '../../test/helpers/app.js';
import { createPerson } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { listenForReplies, type Reply } from './email.replies.js';
import { plainTextOf } from './email.parse.js';

/** A message the loopback SMTP server took: who it was for, and its bytes. */
interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

const received: Received[] = [];
// A real SMTP server on loopback, as a deployment's relay would be; no TLS or AUTH to set up.
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks),
      });
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as { port: number }).port;
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

/** A header of a message, its encoded words (`=?UTF-8?B?…?=`) decoded. */
function headerOf(raw: Buffer, name: string): string | null {
  const head = raw
    .toString('latin1')
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return null;
  const value = line.slice(name.length + 1).trim();
  const decoded = value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('latin1')
      : text
          .replace(/_/g, ' ')
          .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
  );
  return Buffer.from(decoded, 'latin1').toString('utf8');
}

const bodyOf = (mail: Received) => plainTextOf(mail.raw) ?? '';

// The host does not see partner persons' names under this agreement.
const namesWithheld = exampleAgreement.replace(
  /(partnerToHost:\n\s+person:\n\s+records: all\n\s+fields:\n\s+)name: always\n(\s+)nativeName: always/,
  '$1name: never\n$2nativeName: never',
);

const t = useTestApp({
  config: {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smtpReplyTo: 'reply@jsms.test',
    smtpFrom: 'JSMS <jsms@jsms.test>',
  },
  setup: async (app) => {
    expect(namesWithheld).not.toBe(exampleAgreement);
    await putAgreementInForce(app, namesWithheld);
  },
});

async function preferEmail(app: TestApp, who: string, email: string, language?: 'zh' | 'ur') {
  const res = await app.request(who, {
    method: 'PUT',
    url: '/api/v1/me/notification-preferences',
    payload: {
      kinds: ['alert', 'rollcall', 'checkin', 'movement'],
      channels: ['in_app', 'email'],
      email,
      quietHours: null,
      timeZone: 'Asia/Karachi',
    },
  });
  expect(res.statusCode).toBe(200);
  if (language)
    expect(
      (await app.request(who, { method: 'PUT', url: '/api/v1/me/language', payload: { language } }))
        .statusCode,
    ).toBe(200);
}

describe('notices by e-mail, through a real SMTP server on loopback', () => {
  beforeAll(async () => {
    await preferEmail(t, 'ssd:coordinator', 'coordinator@ssd.test', 'zh');
    await preferEmail(t, 'cso:coordinator', 'coordinator@cso.test');
    await preferEmail(t, 'cso:person', 'engineer@cso.test', 'ur');
  });

  it("names a partner's person only to those the agreement shows the name, each in their language", async () => {
    const personId = await createPerson(t, 'cso', 'Wang Wei Secretname');
    received.length = 0;
    const noticeId = await t.services.notifications.notify(
      {
        kind: 'alert',
        severity: 'critical',
        event: { name: 'alert.raised', ref: 'test-1' },
        subject: { type: 'person', id: personId, partyId: 'cso' },
        template: 'alert.raised',
        params: { what: 'Incident nearby' },
      },
      {
        parties: [
          { partyId: 'ssd', roles: ['coordinator'] },
          { partyId: 'cso', roles: ['coordinator'] },
        ],
      },
    );
    expect(await t.services.scheduler.runDue()).toBe(2);
    expect(received.map((m) => m.to).sort()).toEqual([['coordinator@cso.test'], ['coordinator@ssd.test']]);
    const host = received.find((m) => m.to[0] === 'coordinator@ssd.test')!;
    const partner = received.find((m) => m.to[0] === 'coordinator@cso.test')!;
    expect(host.from).toBe('jsms@jsms.test');
    // The host's coordinator reads Chinese and is not shown the name: the person's kind and party instead.
    expect(headerOf(host.raw, 'Subject')).toBe('警报：Contractor security office (test) 的一名受保护人员');
    expect(headerOf(host.raw, 'Content-Language')).toBe('zh');
    expect(headerOf(host.raw, 'X-JSMS-Notice')).toBe(noticeId);
    expect(bodyOf(host)).toContain('Incident nearby：Contractor security office (test) 的一名受保护人员');
    expect(host.raw.toString('latin1')).not.toMatch(/Secretname|Wang Wei/);
    expect(bodyOf(host)).not.toMatch(/Secretname|Wang Wei/);
    // The person's own party sees the name, in English (no language chosen).
    expect(headerOf(partner.raw, 'Subject')).toBe('Alert: Wang Wei Secretname');
    expect(headerOf(partner.raw, 'Content-Language')).toBe('en');
    expect(bodyOf(partner)).toContain('Incident nearby: Wang Wei Secretname.');
    // Each delivery is logged with its one successful attempt.
    const log = await t.request('ssd:coordinator', {
      method: 'GET',
      url: `/api/v1/notifications/deliveries?noticeId=${noticeId}&channel=email`,
    });
    expect(log.statusCode).toBe(200);
    const [delivery] = log.json().items;
    expect(delivery).toMatchObject({
      channel: 'email',
      address: 'coordinator@ssd.test',
      status: 'delivered',
      attempts: [{ attempt: 1, ok: true, statusCode: null, error: null }],
    });
    expect(delivery.title).not.toMatch(/Secretname/);
  });

  it('takes a reply to a roll-call over SMTP: the one-time address, the first line, the handler of its kind', async () => {
    const replies: Reply[] = [];
    t.services.emailReplies.on('echo', async (reply) => void replies.push(reply));
    const listener = await listenForReplies({
      port: 0,
      host: '127.0.0.1',
      receive: (recipient, raw) => t.services.emailReplies.receive(recipient, raw),
      log: { warn: () => undefined },
    });
    const personId = await createPerson(t, 'cso', 'Li Engineer');
    received.length = 0;
    await t.services.notifications.notify(
      {
        kind: 'rollcall',
        severity: 'critical',
        event: { name: 'rollcall.started', ref: 'rc-1' },
        subject: { type: 'person', id: personId, partyId: 'cso' },
        template: 'rollcall.question',
        reply: { kind: 'echo', ref: 'rc-1' },
      },
      { users: [t.users['cso:person']!.id] },
    );
    await t.services.scheduler.runDue();
    expect(received).toHaveLength(1);
    const question = received[0]!;
    expect(question.to).toEqual(['engineer@cso.test']);
    expect(headerOf(question.raw, 'Subject')).toBe('کیا آپ محفوظ ہیں؟');
    const replyTo = headerOf(question.raw, 'Reply-To')!;
    expect(replyTo).toMatch(/^reply\+[A-Za-z0-9_-]{24}@jsms\.test$/);

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
        subject: 'Re: کیا آپ محفوظ ہیں؟',
        text: 'محفوظ\n\n> کیا آپ محفوظ ہیں؟',
      });
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        kind: 'echo',
        ref: 'rc-1',
        userId: t.users['cso:person']!.id,
        answer: 'safe',
        line: 'محفوظ',
      });
      // The address is spent: a second reply is refused, and so are an unknown address and an answer not understood.
      await expect(
        phone.sendMail({ from: 'engineer@cso.test', to: replyTo, text: 'need help' }),
      ).rejects.toThrow(/550/);
      await expect(
        phone.sendMail({ from: 'x@y.test', to: 'reply+AAAAAAAAAAAAAAAAAAAAAAAA@jsms.test', text: 'safe' }),
      ).rejects.toThrow(/550/);
      await expect(
        phone.sendMail({ from: 'x@y.test', to: 'someone@jsms.test', text: 'safe' }),
      ).rejects.toThrow(/550/);
      expect(replies).toHaveLength(1);
      const audit = await t.db
        .selectFrom('audit_entries')
        .select(['action', 'details'])
        .where('action', '=', 'notification.reply_received')
        .execute();
      expect(audit).toHaveLength(1);
    } finally {
      phone.close();
      await listener.close();
    }
  });
});
