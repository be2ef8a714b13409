import type { Database, Db } from '../database.js';
import type { Events, JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { EmailReplies } from './email.replies.js';
import { movementNoticeDelayMs } from './notification.movements.js';
import type { Audience, Notice } from './notification.js';
import type { RollcallAnswers } from './rollcall.answers.js';
import * as rollcallRepo from './rollcall.repository.js';

/**
 * Roll-calls as notices: the question to each expected person who has a user, answerable by
 * replying to its e-mail; an escalation wave to the users it names.
 */
export function rollcallNotices(deps: {
  db: Db;
  notify: (notice: Notice, audience: Audience) => Promise<string>;
  /** The users who are this person (users.person_id). */
  usersOf: (personId: string) => Promise<string[]>;
}) {
  const { db, notify, usersOf } = deps;

  return {
    /** The question to one expected person: a notice of their own, so the reply names the roll-call. */
    async asked(job: { rollcallId: string; personId: string; partyId: string }): Promise<string | null> {
      const users = await usersOf(job.personId);
      if (users.length === 0) return null;
      return notify(
        {
          kind: 'rollcall',
          severity: 'critical',
          event: { name: 'rollcall.started', ref: `${job.rollcallId}:${job.personId}` },
          subject: { type: 'person', id: job.personId, partyId: job.partyId },
          template: 'rollcall.question',
          reply: { kind: 'rollcall', ref: job.rollcallId },
        },
        { users },
      );
    },

    /** A wave of escalation: the first silent subject by name (as each may see it), and how many more. */
    async escalated(event: JsmsEvents['rollcall.escalated']): Promise<string | null> {
      const [first] = event.silent;
      if (!first || event.recipients.length === 0) return null;
      const row = await rollcallRepo.findSubject(db, event.rollcallId, first);
      if (!row) return null;
      return notify(
        {
          kind: 'rollcall',
          severity: 'critical',
          event: { name: 'rollcall.escalated', ref: `${event.rollcallId}#${event.wave}` },
          subject: { type: first.type, id: first.id, partyId: row.party_id },
          template: 'rollcall.escalated',
          params: { others: event.silent.length - 1, wave: event.wave },
        },
        { users: event.recipients },
      );
    },
  };
}

/** The job that turns one roll-call event (or one person's question) into its notice. */
export const rollcallNoticeKind = 'notification.rollcall';

type RollcallNoticeJob =
  | { name: 'rollcall.asked'; payload: { rollcallId: string; personId: string; partyId: string } }
  | { name: 'rollcall.escalated'; payload: JsmsEvents['rollcall.escalated'] };

/**
 * Tells people of roll-calls through the scheduler, one keyed job per expected person and per
 * wave, written after the write that started or escalated it; and answers a roll-call from a
 * reply to its e-mail, as the person of the user it was sent to. Returns what `close()` waits for.
 */
export function registerRollcallNotices(deps: {
  events: Events;
  scheduler: Scheduler<Database>;
  db: Db;
  clock: Clock;
  notices: ReturnType<typeof rollcallNotices>;
  emailReplies: Pick<EmailReplies, 'on'>;
  answers: Pick<RollcallAnswers, 'answerByEmail'>;
}): { pending(): Promise<unknown> } {
  const { events, scheduler, db, clock, notices, emailReplies, answers } = deps;
  const scheduling = new Set<Promise<unknown>>();
  const enqueue = (job: RollcallNoticeJob, key: string) => {
    const added = scheduler.schedule(db, {
      kind: rollcallNoticeKind,
      key,
      dueAt: new Date(clock.now().getTime() + movementNoticeDelayMs),
      payload: job,
    });
    scheduling.add(added);
    return added.finally(() => scheduling.delete(added));
  };
  scheduler.handle<RollcallNoticeJob>(rollcallNoticeKind, async ({ payload: job }) => {
    if (job.name === 'rollcall.asked') await notices.asked(job.payload);
    else await notices.escalated(job.payload);
  });
  events.on('rollcall.started', async ({ payload }) => {
    const subjects = await rollcallRepo.subjectsOf(db, payload.rollcallId);
    for (const row of subjects) {
      if (row.subject_type !== 'person') continue;
      const job = { rollcallId: payload.rollcallId, personId: row.subject_id, partyId: row.party_id };
      await enqueue(
        { name: 'rollcall.asked', payload: job },
        `rollcall.asked:${payload.rollcallId}:${row.subject_id}`,
      );
    }
  });
  events.on('rollcall.escalated', async ({ payload }) => {
    await enqueue(
      { name: 'rollcall.escalated', payload },
      `rollcall.escalated:${payload.rollcallId}#${payload.wave}`,
    );
  });
  emailReplies.on('rollcall', async (reply) => {
    await answers.answerByEmail(reply.userId, reply.ref, reply.answer);
  });
  return { pending: () => Promise.allSettled([...scheduling]) };
}
