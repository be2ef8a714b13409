import { z } from 'zod';
import type { Language, Role } from '../access/actor.js';

/**
 * Notices and who gets them, pure: what happened (an alert, a roll-call, a check-in, a movement),
 * how grave, about which record, and each recipient's preferences. No I/O; `now` is an argument.
 */

export const noticeKinds = ['alert', 'rollcall', 'checkin', 'movement'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export const severities = ['info', 'warning', 'critical', 'sos'] as const;
export type Severity = (typeof severities)[number];

/** The records a notice can be about; each is shown to a recipient through its presenter. */
export const subjectTypes = ['person', 'movement', 'site', 'unit'] as const;
export type SubjectType = (typeof subjectTypes)[number];

export const channels = ['in_app', 'email'] as const;
export type Channel = (typeof channels)[number];

/** What happened, neutral of who is told: each recipient's text is rendered from it. */
export interface Notice {
  kind: NoticeKind;
  severity: Severity;
  /** The event it comes from (`movement.changed`, `alert.raised`…) and what names that event. */
  event: { name: string; ref: string };
  /** The record it is about, and the party that owns it. */
  subject: { type: SubjectType; id: string; partyId: string };
  /** A key of the templates (notification.templates.ts) and its parameters: values that are no one's secret. */
  template: string;
  params?: Record<string, string | number>;
  /** Replies by e-mail go to the handler registered for this kind, with `ref` (a roll-call's id). */
  reply?: { kind: string; ref: string };
}

/** Who is told: the given roles of each given party, and named users. */
export interface Audience {
  parties?: { partyId: string; roles: readonly Role[] }[];
  users?: readonly string[];
}

export interface QuietHours {
  /** HH:MM on the user's clock; `from` later than `to` spans midnight. */
  from: string;
  to: string;
}

export interface Preferences {
  kinds: NoticeKind[];
  channels: Channel[];
  /** Where e-mail goes; none, no e-mail. */
  email: string | null;
  quietHours: QuietHours | null;
  /** An IANA time zone (Asia/Karachi) or a UTC offset (+05:00). */
  timeZone: string;
}

/** A user who chose nothing gets every kind in the app and, once they give an address, by e-mail. */
export const defaultPreferences: Preferences = {
  kinds: [...noticeKinds],
  channels: ['in_app', 'email'],
  email: null,
  quietHours: null,
  timeZone: 'UTC',
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM, e.g. 22:00');
const utcOffset = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/** Whether `zone` is a UTC offset or a time zone this server's clock data knows. */
export function isTimeZone(zone: string): boolean {
  if (utcOffset.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const preferencesInput = z.object({
  kinds: z.array(z.enum(noticeKinds)).max(noticeKinds.length),
  channels: z.array(z.enum(channels)).max(channels.length),
  email: z.string().trim().max(254).email('an e-mail address, e.g. name@example.org').nullable(),
  quietHours: z.object({ from: clockTime, to: clockTime }).nullable(),
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'an IANA time zone such as Asia/Karachi, or a UTC offset such as +05:00'),
});

/** The minutes since midnight on the zone's clock at `now`. */
export function minutesOfDay(now: Date, timeZone: string): number {
  const offset = utcOffset.exec(timeZone);
  if (offset) {
    const sign = timeZone.startsWith('-') ? -1 : 1;
    const minutes = sign * (Number(timeZone.slice(1, 3)) * 60 + Number(timeZone.slice(4, 6)));
    const utc = now.getUTCHours() * 60 + now.getUTCMinutes();
    return (((utc + minutes) % 1440) + 1440) % 1440;
  }
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` falls in the quiet hours, on the user's clock; from 22:00 to 07:00 spans midnight. */
export function isQuiet(preferences: Preferences, now: Date): boolean {
  const quiet = preferences.quietHours;
  if (!quiet || quiet.from === quiet.to) return false;
  const at = minutesOfDay(now, preferences.timeZone);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? at >= from && at < to : at >= from || at < to;
}

/** What becomes of a notice on one channel for one recipient. */
export type Routing =
  { send: true } | { send: false; reason: 'kind_off' | 'channel_off' | 'quiet_hours' | 'no_address' };

/**
 * Whether a notice goes out on a channel to a recipient: the kinds and channels they chose, and
 * quiet hours, which hold e-mail back (the app shows the notice without a sound) but never an SOS.
 * An SOS reaches every channel they use whatever kinds they chose, and always the app.
 */
export function route(
  preferences: Preferences,
  notice: Pick<Notice, 'kind' | 'severity'>,
  channel: Channel,
  now: Date,
): Routing {
  const sos = notice.severity === 'sos';
  if (!sos && !preferences.kinds.includes(notice.kind)) return { send: false, reason: 'kind_off' };
  if (!preferences.channels.includes(channel) && !(sos && channel === 'in_app'))
    return { send: false, reason: 'channel_off' };
  if (channel === 'email' && !preferences.email) return { send: false, reason: 'no_address' };
  if (channel === 'email' && !sos && isQuiet(preferences, now)) return { send: false, reason: 'quiet_hours' };
  return { send: true };
}

/** A recipient as the audience names them. */
export interface Candidate {
  id: string;
  partyId: string;
  roles: readonly Role[];
  language: Language | null;
  disabled: boolean;
}

/** The users an audience names, once each, enabled, in a stable order. */
export function recipientsOf(audience: Audience, users: readonly Candidate[]): Candidate[] {
  const named = new Set(audience.users ?? []);
  return users
    .filter(
      (user) =>
        !user.disabled &&
        (named.has(user.id) ||
          (audience.parties ?? []).some(
            (p) => p.partyId === user.partyId && user.roles.some((role) => p.roles.includes(role)),
          )),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}
