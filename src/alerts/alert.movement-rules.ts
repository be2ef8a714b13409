import type { Database, Db } from '../database.js';
import type { JsmsEvents } from '../events.js';
import { metresFromRoute } from '../movements/movement.rules.js';
import type { Clock } from '../platform/clock.js';
import { isInside, type Polygon } from '../platform/geo.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { LatLon } from '../risk/cell-walk.js';
import { haversineKm } from '../risk/risk.js';
import { type Subject, subjectKey } from '../tracking/live-index.js';
import type { LiveService } from '../tracking/live.service.js';
import { type AlertRule, humanResolves } from './alert.js';
import type { AlertParameters } from './alert.parameters.js';
import * as repo from './alert.repository.js';
import { inCurfew, lineOf } from './alert.rules.js';
import type { AlertService } from './alert.service.js';

/** Scheduled job kinds of the timed rules, each keyed so that one is pending per movement or subject. */
export const alertJobs = {
  offCorridor: 'alert.off_corridor',
  overdue: 'alert.overdue',
  stopped: 'alert.stopped',
  silent: 'alert.silent',
} as const;

interface OffCorridorJob {
  movementId: string;
  subject: Subject;
}
interface OverdueJob {
  movementId: string;
  /** The checkpoint's position, or null for the arrival. */
  position: number | null;
}
interface SilentJob {
  subject: Subject;
}
interface StoppedJob {
  movementId: string;
  subject: Subject;
  lat: number;
  lon: number;
}

const minute = 60_000;

/**
 * The rules of movements and devices: off the corridor longer than T, overdue at a checkpoint or
 * at arrival, stopped too long in a high-risk area, a protected person's vehicle away from its
 * escort, a device silent during a movement, a person outside their site's perimeter in curfew.
 * A fix evaluates them on its own time; their timers are durable jobs; each alert resolves itself
 * (as the server) when a later fix shows its condition ended.
 */
export function movementAlertRules(deps: {
  db: Db;
  alerts: AlertService;
  live: Pick<LiveService, 'picture'>;
  risk: { levelNow(point: LatLon): number };
  scheduler: Scheduler<Database>;
  parameters: AlertParameters;
  clock: Clock;
}) {
  const { db, alerts, live, risk, scheduler, parameters: p, clock } = deps;
  type Plan = NonNullable<Awaited<ReturnType<typeof repo.movementPlan>>>;
  const plans = new Map<string, Promise<Plan | undefined>>();
  /** Where each subject on a movement was when it last seemed to stop. */
  const anchors = new Map<string, LatLon>();

  const planOf = (id: string) => {
    let plan = plans.get(id);
    if (!plan) plans.set(id, (plan = repo.movementPlan(db, id)));
    return plan;
  };
  const routeOf = (plan: Plan) => lineOf(JSON.parse(plan.route) as { coordinates: [number, number][] });
  const movementSubject = (id: string) => ({ type: 'movement' as const, id });
  const later = (at: Date) => new Date(Math.max(at.getTime(), clock.now().getTime()));

  /** Off the route beyond its corridor and the allowance: metres off, or null when on it. */
  function metresOff(plan: Plan, point: LatLon): number | null {
    const off = metresFromRoute(point, routeOf(plan)) - plan.corridor_m;
    return off > p.offCorridorM ? Math.round(off) : null;
  }

  /** Whether some protected person on the movement is farther than the separation from every escort unit. */
  function separation(movementId: string): { metres: number; at: Date } | null {
    const crew = live.picture.crewMembers(movementId).flatMap((s) => {
      const entry = live.picture.index.get(s);
      return entry ? [entry] : [];
    });
    const units = crew.filter((e) => e.subject.type === 'unit');
    const persons = crew.filter((e) => e.subject.type === 'person');
    if (units.length === 0 || persons.length === 0) return null;
    let worst = 0;
    for (const person of persons) {
      const nearest = Math.min(...units.map((u) => haversineKm(person.fix, u.fix) * 1000));
      worst = Math.max(worst, nearest);
    }
    const at = new Date(Math.max(...crew.map((e) => e.fix.fixAt.getTime())));
    return worst > p.escortSeparationM ? { metres: Math.round(worst), at } : null;
  }

  async function onMovementFix(fix: JsmsEvents['position.recorded'], movementId: string): Promise<void> {
    const plan = await planOf(movementId);
    if (!plan || plan.state !== 'underway') return;
    const at = new Date(fix.fixAt);
    const point = { lat: fix.lat, lon: fix.lon };
    const movement = movementSubject(movementId);
    if (metresOff(plan, point) !== null)
      await scheduler.schedule(db, {
        kind: alertJobs.offCorridor,
        key: `off_corridor:${movementId}`,
        dueAt: later(new Date(at.getTime() + p.offCorridorMinutes * minute)),
        payload: { movementId, subject: fix.subject } satisfies OffCorridorJob,
      });
    else await alerts.clear('off_corridor', movement, at, 'back within the corridor');

    const key = subjectKey(fix.subject);
    const anchor = anchors.get(key);
    const moved = !anchor || haversineKm(anchor, point) * 1000 > p.stoppedWithinM;
    if (moved) {
      await alerts.clear('stopped_in_red_zone', movement, at, 'moving again');
      anchors.set(key, point);
      if (risk.levelNow(point) >= p.stoppedLevel)
        await scheduler.schedule(db, {
          kind: alertJobs.stopped,
          key: `stopped:${movementId}:${key}`,
          dueAt: later(new Date(at.getTime() + p.stoppedMinutes * minute)),
          payload: { movementId, subject: fix.subject, ...point } satisfies StoppedJob,
        });
    }

    const apart = separation(movementId);
    if (apart)
      await alerts.raise({
        rule: 'escort_separated',
        subject: movement,
        partyId: plan.party_id,
        eventAt: apart.at,
        location: point,
        details: { metres: apart.metres, limitM: p.escortSeparationM },
      });
    else await alerts.clear('escort_separated', movement, at, 'escort close again');
  }

  /** A person outside their site's perimeter during curfew hours; resolved by a fix inside or after curfew. */
  async function onPersonFix(fix: JsmsEvents['position.recorded']): Promise<void> {
    if (fix.subject.type !== 'person') return;
    const at = new Date(fix.fixAt);
    const curfew = inCurfew(at, p.curfewFromHour, p.curfewToHour, p.curfewUtcOffsetMinutes);
    const site = curfew ? await repo.perimeterOf(db, fix.subject.id) : undefined;
    const outside = site?.perimeter ? !isInside(fix, JSON.parse(site.perimeter) as Polygon) : false;
    if (outside)
      await alerts.raise({
        rule: 'outside_perimeter',
        subject: fix.subject,
        partyId: fix.partyId,
        eventAt: at,
        location: { lat: fix.lat, lon: fix.lon },
        details: { siteId: site!.site_id },
      });
    else
      await alerts.clear(
        'outside_perimeter',
        fix.subject,
        at,
        curfew ? 'back inside the perimeter' : 'curfew over',
      );
  }

  scheduler.handle<OffCorridorJob>(alertJobs.offCorridor, async ({ payload }) => {
    const plan = await planOf(payload.movementId);
    const entry = live.picture.index.get(payload.subject);
    if (!plan || plan.state !== 'underway' || !entry) return;
    const metres = metresOff(plan, entry.fix);
    if (metres === null) return;
    await alerts.raise({
      rule: 'off_corridor',
      subject: movementSubject(plan.id),
      partyId: plan.party_id,
      eventAt: entry.fix.fixAt,
      location: { lat: entry.fix.lat, lon: entry.fix.lon },
      details: { metresOff: metres, minutes: p.offCorridorMinutes, by: entry.subject },
    });
  });

  scheduler.handle<OverdueJob>(alertJobs.overdue, async ({ payload, dueAt }) => {
    plans.delete(payload.movementId);
    const plan = await planOf(payload.movementId);
    if (!plan || plan.state !== 'underway') return;
    const checkpoint =
      payload.position === null ? null : plan.checkpoints.find((c) => c.position === payload.position);
    if (payload.position !== null && (!checkpoint || checkpoint.passed_at !== null)) return;
    await alerts.raise({
      rule: 'overdue',
      subject: movementSubject(plan.id),
      partyId: plan.party_id,
      eventAt: new Date(dueAt),
      location: null,
      details: checkpoint
        ? {
            at: 'checkpoint',
            position: checkpoint.position,
            name: checkpoint.name,
            plannedAt: checkpoint.planned_at,
          }
        : { at: 'arrival', plannedAt: plan.planned_arrival },
    });
  });

  scheduler.handle<StoppedJob>(alertJobs.stopped, async ({ payload }) => {
    const plan = await planOf(payload.movementId);
    const entry = live.picture.index.get(payload.subject);
    if (!plan || plan.state !== 'underway' || !entry) return;
    if (haversineKm(payload, entry.fix) * 1000 > p.stoppedWithinM) return;
    await alerts.raise({
      rule: 'stopped_in_red_zone',
      subject: movementSubject(plan.id),
      partyId: plan.party_id,
      eventAt: entry.fix.fixAt,
      location: { lat: payload.lat, lon: payload.lon },
      details: { minutes: p.stoppedMinutes, level: risk.levelNow(payload), by: entry.subject },
    });
  });

  /** When the subject counts as silent: its last fix plus so many of its device's intervals. */
  function silentFrom(subject: Subject): Date | null {
    const entry = live.picture.index.get(subject);
    if (!entry) return null;
    return new Date(entry.fix.fixAt.getTime() + p.silentIntervals * live.picture.intervalOf(entry));
  }

  /** Watches the subject for silence: one pending job per subject, due when it would be silent. */
  async function watchSilence(subject: Subject): Promise<void> {
    const due = silentFrom(subject);
    const key = subjectKey(subject);
    // The job reschedules itself while fixes keep coming, so one is scheduled per subject and run.
    if (!due || watched.has(key)) return;
    watched.add(key);
    await scheduler.schedule(db, {
      kind: alertJobs.silent,
      key: `silent:${key}`,
      dueAt: later(due),
      payload: { subject } satisfies SilentJob,
    });
  }
  const watched = new Set<string>();

  // Silence is the absence of a fix, so time finds it: the job falls due when the device would be
  // silent, and looks again later if a fix came meanwhile.
  scheduler.handle<SilentJob>(alertJobs.silent, async ({ payload, now }) => {
    const { subject } = payload;
    const key = subjectKey(subject);
    watched.delete(key);
    const movementId = live.picture.movementOf(subject);
    const entry = live.picture.index.get(subject);
    const due = silentFrom(subject);
    if (!movementId || !entry || !due) return;
    if (now.getTime() < due.getTime()) {
      await watchSilence(subject);
      return;
    }
    await alerts.raise({
      rule: 'device_silent',
      subject,
      partyId: entry.partyId,
      eventAt: due,
      location: { lat: entry.fix.lat, lon: entry.fix.lon },
      details: { movementId, deviceId: entry.deviceId, lastFixAt: entry.fix.fixAt.toISOString() },
    });
  });

  /** Ends what a movement's end ends: every open alert of it that no human must resolve. */
  async function clearMovement(movementId: string, at: Date, note: string): Promise<void> {
    for (const row of await repo.openOfSubject(db, movementSubject(movementId)))
      if (!humanResolves.has(row.rule))
        await alerts.clear(row.rule as AlertRule, movementSubject(movementId), at, note);
  }

  return {
    /** Every stored fix: the movement rules for a subject under way, the curfew rule for a person. */
    async onFix(fix: JsmsEvents['position.recorded']): Promise<void> {
      await alerts.clear('device_silent', fix.subject, new Date(fix.fixAt), 'reporting again');
      const movementId = live.picture.movementOf(fix.subject);
      if (movementId) {
        await watchSilence(fix.subject);
        await onMovementFix(fix, movementId);
      }
      await onPersonFix(fix);
    },

    /** A movement departed (its overdue timers start), passed a checkpoint, or ended. */
    async onMovement(change: JsmsEvents['movement.changed']): Promise<void> {
      plans.delete(change.movementId);
      const now = clock.now();
      if (change.action === 'depart' && change.to === 'underway') {
        const plan = await planOf(change.movementId);
        if (!plan) return;
        const due = (planned: string) => new Date(Date.parse(planned) + p.overdueMinutes * minute);
        for (const checkpoint of plan.checkpoints)
          await scheduler.schedule(db, {
            kind: alertJobs.overdue,
            key: `overdue:${plan.id}:${checkpoint.position}`,
            dueAt: due(checkpoint.planned_at),
            payload: { movementId: plan.id, position: checkpoint.position } satisfies OverdueJob,
          });
        await scheduler.schedule(db, {
          kind: alertJobs.overdue,
          key: `overdue:${plan.id}:arrival`,
          dueAt: due(plan.planned_arrival),
          payload: { movementId: plan.id, position: null } satisfies OverdueJob,
        });
      } else if (change.action === 'checkpoint')
        await alerts.clear('overdue', movementSubject(change.movementId), now, 'checkpoint passed');
      else if (change.from === 'underway' && change.to !== 'underway')
        await clearMovement(
          change.movementId,
          now,
          `the movement ${change.to === 'arrived' ? 'arrived' : 'ended'}`,
        );
    },
  };
}

export type MovementAlertRules = ReturnType<typeof movementAlertRules>;
