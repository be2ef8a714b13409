import { randomUUID } from 'node:crypto';
import type { Actor, SystemActor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import { visibleOwners } from '../agreement/share.js';
import type { AuditedWrites, WriteScope } from '../audit/audited-write.js';
import type { Database, Db } from '../database.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { LatLon } from '../risk/cell-walk.js';
import type { LiveService } from '../tracking/live.service.js';
import type { AlertParameters } from './alert.parameters.js';
import * as alertRepo from './alert.repository.js';
import type { AlertService } from './alert.service.js';
import type { CheckinScheduleRow } from './alert.tables.js';
import { type CheckinPlan, checkinSteps, isLate, nextDeadline, stepDueAt } from './checkin.js';
import * as repo from './checkin.repository.js';

export type CheckinSubject = { type: 'person' | 'movement'; id: string };

export interface ScheduleInput {
  everyMinutes?: number | undefined;
  deadlines?: string[] | undefined;
  /** A movement's checkpoints' planned times become deadlines. */
  atCheckpoints?: boolean | undefined;
  /** Deadlines count only while the person is in an area of at least this level (a red zone). */
  minLevel?: number | undefined;
}

/** The job of one step of a missed deadline. */
interface StepJob {
  scheduleId: string;
  dueAt: string;
  step: 1 | 2 | 3;
}

export const checkinJob = 'checkin.step';

/**
 * Scheduled check-ins: a schedule per person or movement, check-ins by the person or staff, and
 * the steps of a missed deadline (a reminder, an overdue alert, an emergency) as durable jobs.
 */
export function checkinService(deps: {
  db: Db;
  writes: AuditedWrites;
  scheduler: Scheduler<Database>;
  alerts: AlertService;
  live: Pick<LiveService, 'picture' | 'viewing'>;
  parties: Pick<PartyService, 'all'>;
  risk: { levelNow(point: LatLon): number };
  personOf: (userId: string) => Promise<string | null>;
  parameters: AlertParameters;
  server: SystemActor;
}) {
  const { db, writes, scheduler, alerts, live, parties, risk, personOf, parameters, server } = deps;
  const minutes = {
    overdue: parameters.checkinOverdueMinutes,
    emergency: parameters.checkinEmergencyMinutes,
  };

  const planOf = (row: CheckinScheduleRow): CheckinPlan => ({
    everyMinutes: row.every_minutes,
    deadlines: JSON.parse(row.deadlines) as string[],
  });

  /** The subject's party, if the actor sees its records; throws not found otherwise. */
  async function ownerSeen(actor: Actor, subject: CheckinSubject): Promise<string> {
    const partyId = await alertRepo.ownerOf(db, subject.type, subject.id);
    const notSeen = () =>
      subject.type === 'person'
        ? notFound('person_not_found', 'Person')
        : notFound('movement_not_found', 'Movement');
    if (!partyId) throw notSeen();
    if (partyId === actor.partyId) return partyId;
    const view = await live.viewing(actor);
    if (!visibleOwners(view.agreement, view.viewer, subject.type, await parties.all()).includes(partyId))
      throw notSeen();
    return partyId;
  }

  /** Schedules the first step of the deadline, in the write that set it. */
  async function scheduleStep(scope: WriteScope, scheduleId: string, dueAt: Date, step: 1 | 2 | 3) {
    await scheduler.schedule(scope.tx, {
      kind: checkinJob,
      key: `checkin:${scheduleId}:${dueAt.toISOString()}:${step}`,
      dueAt: stepDueAt(dueAt, step, minutes),
      payload: { scheduleId, dueAt: dueAt.toISOString(), step } satisfies StepJob,
    });
  }

  /** One step of a missed deadline, unless the subject checked in meanwhile. */
  async function runStep(job: StepJob): Promise<void> {
    await writes.write(server, async (scope) => {
      const row = await repo.findSchedule(scope.tx, job.scheduleId);
      if (!row || row.active !== 1 || row.next_due_at !== job.dueAt || row.step >= job.step) return;
      const subject = { type: row.subject_type, id: row.subject_id };
      const deadline = new Date(job.dueAt);
      const now = scope.now.toISOString();
      // Outside a red zone the deadline does not count: the next one does.
      const entry =
        subject.type === 'person' ? live.picture.index.get({ type: 'person', id: subject.id }) : undefined;
      if (job.step === 1 && row.min_level !== null && entry && risk.levelNow(entry.fix) < row.min_level) {
        const next = nextDeadline(planOf(row), deadline);
        await repo.updateSchedule(scope.tx, row, { next_due_at: next?.toISOString() ?? null }, now);
        if (next) await scheduleStep(scope, row.id, next, 1);
        return;
      }
      const { name, severity } = checkinSteps[job.step - 1]!;
      const details = { step: name, dueAt: job.dueAt, scheduleId: row.id };
      if (job.step === 1)
        await alerts.raise({
          rule: 'checkin_missed',
          subject,
          partyId: row.party_id,
          eventAt: deadline,
          location: entry ? { lat: entry.fix.lat, lon: entry.fix.lon } : null,
          details,
          severity,
        });
      else await alerts.escalate('checkin_missed', subject, severity, details);
      await repo.updateSchedule(scope.tx, row, { step: job.step }, now);
      if (job.step < 3) await scheduleStep(scope, row.id, deadline, (job.step + 1) as 2 | 3);
    });
  }

  scheduler.handle<StepJob>(checkinJob, (job) => runStep(job.payload));

  function present(row: CheckinScheduleRow) {
    return {
      id: row.id,
      subject: { type: row.subject_type, id: row.subject_id },
      partyId: row.party_id,
      everyMinutes: row.every_minutes,
      deadlines: JSON.parse(row.deadlines) as string[],
      minLevel: row.min_level,
      nextDueAt: row.next_due_at,
      step: row.step === 0 ? null : checkinSteps[row.step - 1]!.name,
      active: row.active === 1,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  return {
    /** Sets (replacing any) the subject's schedule: only its own party's coordinators and admins. */
    async setSchedule(actor: Actor, subject: CheckinSubject, input: ScheduleInput) {
      const partyId = await ownerSeen(actor, subject);
      if (partyId !== actor.partyId)
        throw forbidden('A party sets check-ins only for its own persons and movements', {
          clause: 'ownership',
          party: partyId,
        });
      if (input.atCheckpoints && subject.type !== 'movement')
        throw validationFailed('atCheckpoints', 'atCheckpoints: only a movement has checkpoints');
      const deadlines = [
        ...(input.deadlines ?? []),
        ...(input.atCheckpoints ? await repo.checkpointTimes(db, subject.id) : []),
      ]
        .map((d) => new Date(d).toISOString())
        .sort();
      if (input.everyMinutes === undefined && deadlines.length === 0)
        throw validationFailed('everyMinutes', 'everyMinutes: give a period, deadlines or atCheckpoints');
      return writes.write(actor, async (scope) => {
        const now = scope.now.toISOString();
        await repo.endActive(scope.tx, subject, now);
        const plan = { everyMinutes: input.everyMinutes ?? null, deadlines };
        const next = nextDeadline(plan, scope.now);
        const row: CheckinScheduleRow = {
          id: randomUUID(),
          subject_type: subject.type,
          subject_id: subject.id,
          party_id: partyId,
          every_minutes: plan.everyMinutes,
          deadlines: JSON.stringify(deadlines),
          min_level: input.minLevel ?? null,
          next_due_at: next?.toISOString() ?? null,
          step: 0,
          active: 1,
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          version: 1,
        };
        await repo.insertSchedule(scope.tx, row);
        if (next) await scheduleStep(scope, row.id, next, 1);
        await scope.audit({
          action: 'checkin_schedule.set',
          entityId: row.id,
          partyId,
          fields: ['every_minutes', 'deadlines', 'min_level', 'next_due_at'],
        });
        scope.publish('checkin.schedule_set', {
          scheduleId: row.id,
          subject,
          partyId,
          active: true,
          nextDueAt: row.next_due_at,
        });
        return present(row);
      });
    },

    /** Ends the subject's schedule: no more deadlines. */
    async endSchedule(actor: Actor, subject: CheckinSubject) {
      const partyId = await ownerSeen(actor, subject);
      if (partyId !== actor.partyId)
        throw forbidden('A party sets check-ins only for its own persons and movements', {
          clause: 'ownership',
          party: partyId,
        });
      return writes.write(actor, async (scope) => {
        const ended = await repo.endActive(scope.tx, subject, scope.now.toISOString());
        if (!ended) throw notFound('checkin_schedule_not_found', 'Check-in schedule');
        await scope.audit({
          action: 'checkin_schedule.ended',
          entityId: ended.id,
          partyId,
          fields: ['active'],
        });
        scope.publish('checkin.schedule_set', {
          scheduleId: ended.id,
          subject,
          partyId,
          active: false,
          nextDueAt: null,
        });
        return present({ ...ended, active: 0 });
      });
    },

    /** The subject's schedule and its latest check-ins. */
    async get(actor: Actor, subject: CheckinSubject) {
      await ownerSeen(actor, subject);
      const row = await repo.activeSchedule(db, subject);
      if (!row) throw notFound('checkin_schedule_not_found', 'Check-in schedule');
      const recent = await repo.recentCheckins(db, row.id, 20);
      return {
        schedule: present(row),
        checkins: recent.map((c) => ({
          id: c.id,
          checkedInBy: c.checked_in_by,
          checkedInAt: c.checked_in_at,
          dueAt: c.due_at,
          late: c.late === 1,
          note: c.note,
        })),
      };
    },

    /**
     * A check-in: a person for themself, or staff for a person or movement they see. A late one
     * resolves the missed deadline's alert, its time kept; the next deadline follows from it.
     */
    async checkIn(
      actor: Actor,
      input: {
        subjectType: 'person' | 'movement';
        subjectId?: string | undefined;
        note?: string | undefined;
      },
    ) {
      let subjectId = input.subjectId;
      if (actor.type === 'user' && actor.roles.includes('person')) {
        const own = await personOf(actor.id);
        if (!own) throw notFound('person_not_found', 'Person');
        if (input.subjectType !== 'person' || (subjectId !== undefined && subjectId !== own))
          throw forbidden('A person checks in only for themself', { caller: 'the user themself' });
        subjectId = own;
      }
      if (!subjectId) throw validationFailed('subjectId', 'subjectId: is required');
      const subject = { type: input.subjectType, id: subjectId };
      const partyId = await ownerSeen(actor, subject);
      return writes.write(actor, async (scope) => {
        const row = await repo.activeSchedule(scope.tx, subject);
        if (!row) throw notFound('checkin_schedule_not_found', 'Check-in schedule');
        const at = scope.now;
        const dueAt = row.next_due_at === null ? null : new Date(row.next_due_at);
        const late = isLate(at, dueAt);
        const checkinId = randomUUID();
        await repo.insertCheckin(scope.tx, {
          id: checkinId,
          schedule_id: row.id,
          checked_in_by: actor.id,
          checked_in_at: at.toISOString(),
          due_at: row.next_due_at,
          late: late ? 1 : 0,
          note: input.note ?? null,
        });
        const next = nextDeadline(planOf(row), at);
        await repo.updateSchedule(
          scope.tx,
          row,
          { next_due_at: next?.toISOString() ?? null, step: 0 },
          at.toISOString(),
        );
        if (next) await scheduleStep(scope, row.id, next, 1);
        await scope.audit({
          action: 'checkin.recorded',
          entityId: checkinId,
          partyId,
          fields: ['checked_in_at', 'late'],
        });
        if (late)
          await alerts.resolveOpen(
            actor,
            'checkin_missed',
            subject,
            `Checked in late at ${at.toISOString()}${input.note ? `: ${input.note}` : ''}`,
          );
        scope.publish('checkin.recorded', {
          checkinId,
          scheduleId: row.id,
          subject,
          partyId,
          at: at.toISOString(),
          dueAt: row.next_due_at,
          late,
        });
        return {
          id: checkinId,
          at: at.toISOString(),
          dueAt: row.next_due_at,
          late,
          nextDueAt: next?.toISOString() ?? null,
        };
      });
    },
  };
}

export type CheckinService = ReturnType<typeof checkinService>;
