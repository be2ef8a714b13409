import { describe, expect, it } from 'vitest';
import { answerOf, firstLineOf, plainTextOf, replyAddress, replyTokenOf } from './email.parse.js';
import {
  type Candidate,
  defaultPreferences,
  isQuiet,
  minutesOfDay,
  type Preferences,
  recipientsOf,
  route,
} from './notification.js';
import { render, templates, unnamedSubject } from './notification.templates.js';
import { isWebhookUrl, signatureOf, verifySignature } from './webhook.js';

const prefs = (over: Partial<Preferences> = {}): Preferences => ({
  ...defaultPreferences,
  email: 'a@b.org',
  ...over,
});
// 23:30 in Karachi (UTC+5) is 18:30 UTC.
const lateInKarachi = new Date('2026-12-08T18:30:00Z');
const noonInKarachi = new Date('2026-12-08T07:00:00Z');
const nightly = { from: '22:00', to: '07:00' };

describe('quiet hours', () => {
  it('reads the clock in a time zone or at a UTC offset', () => {
    expect(minutesOfDay(lateInKarachi, 'Asia/Karachi')).toBe(23 * 60 + 30);
    expect(minutesOfDay(lateInKarachi, '+05:00')).toBe(23 * 60 + 30);
    expect(minutesOfDay(lateInKarachi, '-03:30')).toBe(15 * 60);
    expect(minutesOfDay(lateInKarachi, 'UTC')).toBe(18 * 60 + 30);
  });

  it.each([
    [nightly, 'Asia/Karachi', lateInKarachi, true],
    [nightly, 'Asia/Karachi', noonInKarachi, false],
    [nightly, 'UTC', lateInKarachi, false],
    [{ from: '12:00', to: '13:00' }, '+05:00', noonInKarachi, true],
    [{ from: '12:00', to: '12:00' }, 'UTC', noonInKarachi, false],
  ])('%o in %s at %s: quiet %s', (quietHours, timeZone, at, quiet) => {
    expect(isQuiet(prefs({ quietHours, timeZone }), at)).toBe(quiet);
  });
});

describe('route', () => {
  const movement = { kind: 'movement', severity: 'info' } as const;
  const sos = { kind: 'alert', severity: 'sos' } as const;
  const quiet = prefs({ quietHours: nightly, timeZone: 'Asia/Karachi' });

  it('sends what the user chose, on the channels they chose', () => {
    expect(route(prefs(), movement, 'email', noonInKarachi)).toEqual({ send: true });
    expect(route(prefs({ kinds: ['alert'] }), movement, 'in_app', noonInKarachi)).toEqual({
      send: false,
      reason: 'kind_off',
    });
    expect(route(prefs({ channels: ['in_app'] }), movement, 'email', noonInKarachi)).toEqual({
      send: false,
      reason: 'channel_off',
    });
    expect(route(prefs({ email: null }), movement, 'email', noonInKarachi)).toEqual({
      send: false,
      reason: 'no_address',
    });
  });

  it('holds e-mail back in quiet hours, but the app still shows the notice', () => {
    expect(route(quiet, movement, 'email', lateInKarachi)).toEqual({ send: false, reason: 'quiet_hours' });
    expect(route(quiet, movement, 'in_app', lateInKarachi)).toEqual({ send: true });
  });

  it('never silences an SOS: not quiet hours, not the kinds chosen, and always in the app', () => {
    const none = prefs({ kinds: [], channels: ['email'], quietHours: nightly, timeZone: 'Asia/Karachi' });
    expect(route(none, sos, 'email', lateInKarachi)).toEqual({ send: true });
    expect(route(prefs({ kinds: [], channels: [] }), sos, 'in_app', lateInKarachi)).toEqual({ send: true });
    expect(route(prefs({ channels: [] }), sos, 'email', lateInKarachi)).toEqual({
      send: false,
      reason: 'channel_off',
    });
  });
});

describe('recipientsOf', () => {
  const user = (id: string, partyId: string, roles: Candidate['roles'], disabled = false): Candidate => ({
    id,
    partyId,
    roles,
    language: null,
    disabled,
  });
  const users = [
    user('c', 'ssd', ['coordinator']),
    user('a', 'ssd', ['analyst']),
    user('p', 'cso', ['coordinator']),
    user('x', 'cso', ['coordinator'], true),
    user('n', 'cso', ['person']),
  ];

  it('takes the roles of each party and the named users, once each, without the disabled', () => {
    const picked = recipientsOf(
      {
        parties: [
          { partyId: 'ssd', roles: ['coordinator'] },
          { partyId: 'cso', roles: ['coordinator'] },
        ],
        users: ['n', 'c', 'x'],
      },
      users,
    );
    expect(picked.map((u) => u.id)).toEqual(['c', 'n', 'p']);
  });
});

describe('templates', () => {
  it('has every template in English, Chinese and Urdu, with the same placeholders', () => {
    for (const [key, byLanguage] of Object.entries(templates)) {
      const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const en = byLanguage.en;
      for (const language of ['zh', 'ur'] as const) {
        const text = byLanguage[language];
        expect(placeholders(text.title + text.body), `${key} ${language}`).toEqual(
          placeholders(en.title + en.body),
        );
        expect(text.title, `${key} ${language}`).not.toBe(en.title);
      }
    }
  });

  it('renders in the language, English when none was chosen', () => {
    const values = { subject: 'Site visit', at: '2026-12-08T04:00:00Z' };
    expect(render('movement.departed', 'zh', values).title).toBe('行程已出发：Site visit');
    expect(render('movement.departed', null, values).body).toBe(
      'Site visit departed at 2026-12-08T04:00:00Z (UTC).',
    );
    expect(render('movement.departed', 'ur', values).title).toContain('روانہ');
    expect(unnamedSubject('person', 'en', 'CSO')).toBe('a protected person of CSO');
  });
});

describe('reply e-mails', () => {
  it('finds the token in a reply address and makes one', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUvWx';
    expect(replyAddress('reply@jsms.example.org', token)).toBe(`reply+${token}@jsms.example.org`);
    expect(replyTokenOf(`reply+${token}@jsms.example.org`)).toBe(token);
    expect(replyTokenOf('reply@jsms.example.org')).toBeNull();
    expect(replyTokenOf('reply+short@jsms.example.org')).toBeNull();
  });

  it.each([
    ['Safe', 'safe'],
    ['I am safe, thanks', 'safe'],
    ['need help', 'need_help'],
    ['NEED HELP now', 'need_help'],
    ['not safe', 'need_help'],
    ['安全', 'safe'],
    ['需要帮助', 'need_help'],
    ['不安全', 'need_help'],
    ['محفوظ', 'safe'],
    ['غیر محفوظ', 'need_help'],
    ['مدد چاہیے', 'need_help'],
    ['what is this?', null],
  ])('reads %s as %s', (line, answer) => {
    expect(answerOf(line)).toBe(answer);
  });

  it('takes the first line written, past blank lines and before the quoted notice', () => {
    expect(firstLineOf('\n  \n safe \n> Are you safe?\n')).toBe('safe');
    expect(firstLineOf('> quoted only\n')).toBeNull();
  });

  it('reads the text part of a multipart message in quoted-printable or base64', () => {
    const qp = Buffer.from(
      [
        'From: a@b.org',
        'Content-Type: multipart/alternative; boundary="xyz"',
        '',
        '--xyz',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '=E5=AE=89=E5=85=A8',
        '--xyz',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>ignored</p>',
        '--xyz--',
        '',
      ].join('\r\n'),
    );
    expect(plainTextOf(qp)).toBe('安全\r\n');
    const b64 = Buffer.from(
      `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('need help\n').toString('base64')}\r\n`,
    );
    expect(answerOf(firstLineOf(plainTextOf(b64)!)!)).toBe('need_help');
    expect(plainTextOf(Buffer.from('Content-Type: text/html\r\n\r\n<p>safe</p>'))).toBeNull();
  });
});

describe('webhook signatures', () => {
  const at = new Date('2026-12-08T10:00:00Z');
  const body = '{"kind":"alert"}';

  it('verifies its own signature within the tolerance, and nothing changed', () => {
    const header = signatureOf('whsec_test', at, body);
    expect(header).toMatch(/^t=1796724000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('whsec_test', header, body, at)).toBe(true);
    expect(verifySignature('whsec_test', header, body, new Date(at.getTime() + 299_000))).toBe(true);
    expect(verifySignature('whsec_test', header, body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature('whsec_other', header, body, at)).toBe(false);
    expect(verifySignature('whsec_test', header, `${body} `, at)).toBe(false);
    expect(verifySignature('whsec_test', 't=1,v1=zz', body, at)).toBe(false);
  });

  it('takes http and https endpoints without credentials only', () => {
    expect(isWebhookUrl('https://hooks.example.org/jsms')).toBe(true);
    expect(isWebhookUrl('http://127.0.0.1:9000/')).toBe(true);
    expect(isWebhookUrl('ftp://example.org/')).toBe(false);
    expect(isWebhookUrl('https://user:pw@example.org/')).toBe(false);
    expect(isWebhookUrl('not a url')).toBe(false);
  });
});
