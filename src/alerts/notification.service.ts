import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Actor, type Language, type SystemActor, userActor, type Role } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Database, Db } from '../database.js';
import type { FieldCipher } from '../platform/encryption.js';
import { forbidden } from '../platform/errors.js';
import type { PageRequest } from '../platform/paging.js';
import type { Job, Scheduler } from '../platform/scheduler.js';
import type { RegistryAccess } from '../registry/visibility.js';
import { type Mailer } from './email.js';
import { replyAddress } from './email.parse.js';
import {
  type Audience,
  type Candidate,
  type Channel,
  defaultPreferences,
  type Notice,
  type NoticeKind,
  type Severity,
  type SubjectType,
  type Preferences,
  recipientsOf,
  route,
  isQuiet,
} from './notification.js';
import * as repo from './notification.repository.js';
import type { SubjectName } from './notification.subjects.js';
import type {
  DeliveryStatus,
  NotificationDeliveryRow,
  NotificationPreferencesRow,
} from './notification.tables.js';
import { isTemplate, render, unnamedSubject } from './notification.templates.js';
import { signatureHeader, signatureOf } from './webhook.js';

/** The scheduler's job that makes one attempt at an e-mail or webhook delivery. */
export const deliverKind = 'notification.deliver';

/** How long a reply address stays good: a roll-call is answered within hours, not weeks. */
export const replyTokenMs = 72 * 3_600_000;

/** A webhook receiver that has not answered in this time has failed the attempt. */
const webhookTimeoutMs = 10_000;

/** What an e-mail or webhook delivery's job needs, kept with the delivery (never shown). */
type DeliveryPayload =
  | { channel: 'email'; language: Language; reply?: { kind: string; ref: string } | undefined }
  | { channel: 'webhook'; json: string };

function preferencesFrom(row: NotificationPreferencesRow | null | undefined): Preferences {
  if (!row) return { ...defaultPreferences };
  return {
    kinds: JSON.parse(row.kinds) as Preferences['kinds'],
    channels: JSON.parse(row.channels) as Preferences['channels'],
    email: row.email,
    quietHours: row.quiet_from && row.quiet_to ? { from: row.quiet_from, to: row.quiet_to } : null,
    timeZone: row.time_zone,
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Notices to people and parties: rendered per recipient, routed by preference, delivered and logged. */
export function notificationService(deps: {
  db: Db;
  writes: AuditedWrites;
  scheduler: Scheduler<Database>;
  cipher: FieldCipher;
  parties: Pick<PartyService, 'all'>;
  access: Pick<RegistryAccess, 'viewing'>;
  subjects: Record<Notice['subject']['type'], SubjectName>;
  /** Sends e-mail; none configured (no `--smtp`), and e-mail deliveries are suppressed as `no_mailer`. */
  mailer: Mailer | null;
  /** The base reply address (`reply@host`): a reply token goes after a `+`. None, no replies by e-mail. */
  replyTo: string | null;
  server: SystemActor;
}) {
  const { db, writes, scheduler, cipher, parties, access, subjects, mailer, replyTo, server } = deps;

  /** The recipient as an actor, to view the subject as they would: their party, kind and roles. */
  function actorOf(user: Candidate & { username: string }, partyKind: 'host' | 'partner', noticeId: string) {
    return userActor(
      { id: user.id, username: user.username, partyId: user.partyId, partyKind, roles: [...user.roles] },
      'session',
      `notice:${noticeId}`,
      true,
    );
  }

  /** The subject's name for a viewer, or its kind and party when they may not see it by name. */
  async function subjectFor(notice: Notice, viewer: Actor, language: Language | null, partyName: string) {
    const viewing = await access.viewing(viewer);
    const name = await subjects[notice.subject.type](viewing, notice.subject.id);
    return name ?? unnamedSubject(notice.subject.type, language, partyName);
  }

  /**
   * Tells the audience about a notice: each recipient in their language, naming the subject only
   * as the agreement lets them see it; in the app at once (a `notification.created` event for
   * them alone), by e-mail and to the parties' webhooks through the scheduler. Every delivery,
   * sent or held back by a preference, is logged. Returns the notice's id.
   */
  async function notify(notice: Notice, audience: Audience): Promise<string> {
    if (!isTemplate(notice.template)) throw new Error(`No notification template ${notice.template}`);
    const template = notice.template;
    const noticeId = randomUUID();
    const partyList = await parties.all();
    const partyOf = new Map(partyList.map((p) => [p.id, p]));
    const subjectParty = partyOf.get(notice.subject.partyId)?.name ?? notice.subject.partyId;
    const rows = await repo.candidates(
      db,
      (audience.parties ?? []).map((p) => p.partyId),
      audience.users ?? [],
    );
    const users = rows.map((row) => ({
      id: row.id,
      username: row.username,
      partyId: row.party_id,
      roles: JSON.parse(row.roles) as Role[],
      language: row.language as Language | null,
      disabled: row.disabled_at !== null,
    }));
    const recipients = recipientsOf(audience, users) as (Candidate & { username: string })[];
    const preferences = new Map(
      (
        await repo.preferencesOf(
          db,
          recipients.map((r) => r.id),
        )
      ).map((row) => [row.user_id, row]),
    );
    const rendered = await Promise.all(
      recipients.map(async (user) => {
        const kind = partyOf.get(user.partyId)?.kind ?? 'partner';
        const subject = await subjectFor(notice, actorOf(user, kind, noticeId), user.language, subjectParty);
        return { user, text: render(template, user.language, { ...notice.params, subject }) };
      }),
    );
    // The parties' webhooks see the subject as an observer of the party would.
    const webhookParties = [...new Set((audience.parties ?? []).map((p) => p.partyId))];
    const hooks = (await repo.activeWebhooks(db, webhookParties)).filter((hook) =>
      (JSON.parse(hook.kinds) as string[]).includes(notice.kind),
    );
    const hookTexts = new Map<string, { title: string; body: string; subject: string }>();
    for (const partyId of new Set(hooks.map((h) => h.party_id))) {
      const party = partyOf.get(partyId);
      const observer = userActor(
        {
          id: `webhook:${partyId}`,
          username: 'webhook',
          partyId,
          partyKind: party?.kind ?? 'partner',
          roles: ['observer'],
        },
        'token',
        `notice:${noticeId}`,
        true,
      );
      const subject = await subjectFor(notice, observer, 'en', subjectParty);
      hookTexts.set(partyId, { ...render(template, 'en', { ...notice.params, subject }), subject });
    }

    await writes.write(server, async ({ tx, now, audit, publish }) => {
      const at = now.toISOString();
      const deliveries: NotificationDeliveryRow[] = [];
      const base = (channel: Channel | 'webhook', partyId: string, title: string) => ({
        id: randomUUID(),
        notice_id: noticeId,
        party_id: partyId,
        channel,
        kind: notice.kind,
        severity: notice.severity,
        title,
        attempts: 0,
        created_at: at,
        last_attempt_at: null,
        delivered_at: null,
      });
      const notifications = rendered.map(({ user, text }) => ({
        id: randomUUID(),
        notice_id: noticeId,
        user_id: user.id,
        party_id: user.partyId,
        kind: notice.kind,
        severity: notice.severity,
        title: text.title,
        body: text.body,
        subject_type: notice.subject.type,
        subject_id: notice.subject.id,
        created_at: at,
      }));
      await repo.insertNotifications(tx, notifications);
      const payloads = new Map<string, DeliveryPayload>();
      rendered.forEach(({ user, text }, i) => {
        const notification = notifications[i]!;
        const prefs = preferencesFrom(preferences.get(user.id));
        const inApp = route(prefs, notice, 'in_app', now);
        deliveries.push({
          ...base('in_app', user.partyId, text.title),
          notification_id: notification.id,
          user_id: user.id,
          webhook_id: null,
          address: null,
          status: inApp.send ? 'delivered' : 'suppressed',
          reason: inApp.send ? null : inApp.reason,
          delivered_at: inApp.send ? at : null,
        });
        if (inApp.send)
          publish('notification.created', {
            notificationId: notification.id,
            userId: user.id,
            kind: notice.kind,
            severity: notice.severity,
            title: text.title,
            body: text.body,
            subject: { type: notice.subject.type, id: notice.subject.id },
            silent: notice.severity !== 'sos' && isQuiet(prefs, now),
            at,
          });
        const email = route(prefs, notice, 'email', now);
        // No address, or e-mail not chosen: nothing to log. Held back by quiet hours, kind, or no mailer: logged.
        if (!email.send && (email.reason === 'no_address' || email.reason === 'channel_off')) return;
        const sending = email.send && mailer !== null;
        const delivery: NotificationDeliveryRow = {
          ...base('email', user.partyId, text.title),
          notification_id: notification.id,
          user_id: user.id,
          webhook_id: null,
          address: prefs.email,
          status: sending ? 'pending' : 'suppressed',
          reason: email.send ? (sending ? null : 'no_mailer') : email.reason,
        };
        deliveries.push(delivery);
        if (sending)
          payloads.set(delivery.id, {
            channel: 'email',
            language: user.language ?? 'en',
            reply: notice.reply,
          });
      });
      for (const hook of hooks) {
        const text = hookTexts.get(hook.party_id)!;
        const delivery: NotificationDeliveryRow = {
          ...base('webhook', hook.party_id, text.title),
          notification_id: null,
          user_id: null,
          webhook_id: hook.id,
          address: hook.url,
          status: 'pending',
          reason: null,
        };
        deliveries.push(delivery);
        const json = JSON.stringify({
          delivery: delivery.id,
          notice: noticeId,
          kind: notice.kind,
          severity: notice.severity,
          event: notice.event,
          subject: { ...notice.subject, name: text.subject },
          title: text.title,
          body: text.body,
          at,
        });
        payloads.set(delivery.id, { channel: 'webhook', json });
      }
      await repo.insertDeliveries(tx, deliveries);
      for (const [deliveryId, payload] of payloads) {
        await scheduler.schedule(tx, {
          kind: deliverKind,
          key: `delivery:${deliveryId}`,
          dueAt: now,
          payload: { deliveryId, ...payload },
        });
      }
      await audit({
        action: 'notification.created',
        entityId: noticeId,
        partyId: notice.subject.partyId,
        fields: ['notifications', 'notification_deliveries'],
        details: {
          kind: notice.kind,
          severity: notice.severity,
          template,
          recipients: String(recipients.length),
        },
      });
    });
    // E-mail and webhooks go out now, not at the next poll.
    scheduler.nudge();
    return noticeId;
  }

  /** One attempt at a delivery: the result is logged; a failure throws, so the scheduler retries it later. */
  async function deliver(job: Job<{ deliveryId: string } & DeliveryPayload>): Promise<void> {
    const delivery = await repo.findDelivery(db, job.payload.deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const started = performance.now();
    let ok = true;
    let statusCode: number | null = null;
    let error: string | null = null;
    let replyToken: { token: string; kind: string; ref: string } | null = null;
    try {
      if (job.payload.channel === 'email') {
        const notification = await repo.findNotification(db, delivery.notification_id!);
        if (!mailer || !notification) throw new Error('no SMTP server is configured');
        const reply = job.payload.reply;
        if (reply && replyTo) replyToken = { token: randomBytes(18).toString('base64url'), ...reply };
        await mailer.send({
          to: delivery.address!,
          subject: delivery.title,
          text: notification.body,
          language: job.payload.language,
          replyTo: replyTo && replyToken ? replyAddress(replyTo, replyToken.token) : undefined,
          noticeId: delivery.notice_id,
        });
      } else {
        const hook = await repo.findWebhook(db, delivery.webhook_id!);
        if (!hook || hook.deleted_at) throw new Error('the webhook was deleted');
        const body = job.payload.json;
        const response = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [signatureHeader]: signatureOf(cipher.decrypt(hook.secret_enc), job.now, body),
            'x-jsms-delivery': delivery.id,
            'user-agent': 'JSMS-Webhook/1',
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(webhookTimeoutMs),
        });
        statusCode = response.status;
        await response.body?.cancel();
        if (response.status < 200 || response.status > 299)
          throw new Error(`the receiver answered ${response.status}`);
      }
    } catch (failure) {
      ok = false;
      error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 500);
    }
    const durationMs = Math.round(performance.now() - started);
    const final = !ok && job.attempt >= scheduler.maxAttempts;
    await writes.write(server, async ({ tx, now, audit }) => {
      const at = now.toISOString();
      await repo.insertAttempt(tx, {
        id: randomUUID(),
        delivery_id: delivery.id,
        attempt: job.attempt,
        at,
        ok: ok ? 1 : 0,
        status_code: statusCode,
        error,
        duration_ms: durationMs,
      });
      await repo.updateDelivery(tx, delivery.id, {
        status: ok ? 'delivered' : final ? 'failed' : 'pending',
        attempts: job.attempt,
        last_attempt_at: at,
        delivered_at: ok ? at : null,
      });
      if (ok && replyToken)
        await repo.insertReplyTokens(tx, [
          {
            token_hash: hashToken(replyToken.token),
            kind: replyToken.kind,
            ref: replyToken.ref,
            user_id: delivery.user_id!,
            notice_id: delivery.notice_id,
            created_at: at,
            expires_at: new Date(now.getTime() + replyTokenMs).toISOString(),
            used_at: null,
          },
        ]);
      await audit({
        action: 'notification.attempted',
        entityId: delivery.id,
        partyId: delivery.party_id,
        fields: ['notification_attempts', 'status', 'attempts'],
        details: { channel: delivery.channel, ok: ok ? 'yes' : 'no', attempt: String(job.attempt) },
      });
    });
    if (!ok && !final) throw new Error(`delivery ${delivery.id} attempt ${job.attempt} failed: ${error}`);
  }

  return {
    notify,
    deliver,

    /** The signed-in user's own preferences (the defaults until they choose). */
    async preferences(actor: Actor): Promise<Preferences> {
      if (actor.type !== 'user') throw forbidden('Only a signed-in user has preferences', { caller: 'user' });
      return preferencesFrom(await repo.findPreferences(db, actor.id));
    },

    /** Replaces the signed-in user's preferences. */
    async setPreferences(actor: Actor, input: Preferences): Promise<Preferences> {
      if (actor.type !== 'user') throw forbidden('Only a signed-in user has preferences', { caller: 'user' });
      const kinds = [...new Set(input.kinds)];
      const chosen = [...new Set(input.channels)];
      await writes.write(actor, async ({ tx, now, audit }) => {
        await repo.upsertPreferences(tx, {
          user_id: actor.id,
          kinds: JSON.stringify(kinds),
          channels: JSON.stringify(chosen),
          email: input.email,
          quiet_from: input.quietHours?.from ?? null,
          quiet_to: input.quietHours?.to ?? null,
          time_zone: input.timeZone,
          updated_at: now.toISOString(),
        });
        await audit({
          action: 'notification.preferences_set',
          entityId: actor.id,
          fields: ['kinds', 'channels', 'email', 'quiet_from', 'quiet_to', 'time_zone'],
        });
      });
      return { ...input, kinds, channels: chosen };
    },

    /**
     * The delivery log, newest first, each delivery with its attempts: a user's own; a
     * coordinator's or admin's, their party's too (its users' and its webhooks').
     */
    async deliveries(
      actor: Actor,
      query: PageRequest & {
        channel?: string | undefined;
        status?: DeliveryStatus | undefined;
        kind?: string | undefined;
        userId?: string | undefined;
        noticeId?: string | undefined;
      },
    ) {
      if (actor.type !== 'user')
        throw forbidden('Only a signed-in user reads the delivery log', { caller: 'user' });
      const wholeParty = actor.roles.some((role) => role === 'coordinator' || role === 'admin');
      const page = await repo.listDeliveries(db, {
        ...query,
        recipient: query.userId,
        userId: actor.id,
        partyId: wholeParty ? actor.partyId : null,
      });
      const attempts = await repo.attemptsOf(
        db,
        page.items.map((d) => d.id),
      );
      return {
        items: page.items.map((d) => ({
          id: d.id,
          noticeId: d.notice_id,
          channel: d.channel as Channel | 'webhook',
          userId: d.user_id,
          webhookId: d.webhook_id,
          partyId: d.party_id,
          address: d.address,
          kind: d.kind as NoticeKind,
          severity: d.severity as Severity,
          title: d.title,
          status: d.status,
          reason: d.reason,
          attempts: attempts
            .filter((a) => a.delivery_id === d.id)
            .map((a) => ({
              attempt: a.attempt,
              at: a.at,
              ok: a.ok === 1,
              statusCode: a.status_code,
              error: a.error,
              durationMs: a.duration_ms,
            })),
          createdAt: d.created_at,
          deliveredAt: d.delivered_at,
        })),
        next: page.next,
      };
    },

    /** The signed-in user's own notices, newest first, as they were rendered for them. */
    async mine(actor: Actor, query: PageRequest & { kind?: NoticeKind | undefined }) {
      if (actor.type !== 'user')
        throw forbidden('Only a signed-in user has notifications', { caller: 'user' });
      const page = await repo.listNotifications(db, { ...query, userId: actor.id });
      return {
        items: page.items.map((n) => ({
          id: n.id,
          noticeId: n.notice_id,
          kind: n.kind as NoticeKind,
          severity: n.severity as Severity,
          title: n.title,
          body: n.body,
          subject: { type: n.subject_type as SubjectType, id: n.subject_id },
          createdAt: n.created_at,
        })),
        next: page.next,
      };
    },
  };
}

export type NotificationService = ReturnType<typeof notificationService>;
