import type { Role } from '../access/actor.js';
import type { Db } from '../database.js';
import type { Events, JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { Database } from '../database.js';
import type { MovementState } from '../movements/movement.js';
import type { Movement } from '../movements/movement.record.js';
import type { Audience, Notice, Severity } from './notification.js';
import { usersOfPersons } from './notification.repository.js';
import type { TemplateKey } from './notification.templates.js';

/** The movement states worth a notice, with their template and severity. */
const stateNotices: Partial<Record<MovementState, { template: TemplateKey; severity: Severity }>> = {
  submitted: { template: 'movement.submitted', severity: 'info' },
  approved: { template: 'movement.approved', severity: 'info' },
  rejected: { template: 'movement.rejected', severity: 'warning' },
  ready: { template: 'movement.ready', severity: 'info' },
  underway: { template: 'movement.departed', severity: 'info' },
  arrived: { template: 'movement.arrived', severity: 'info' },
  aborted: { template: 'movement.aborted', severity: 'critical' },
  cancelled: { template: 'movement.cancelled', severity: 'info' },
};

/** States in which the people on the road are told too: the passengers and the escort's commanders. */
const onTheRoad: readonly MovementState[] = ['ready', 'underway', 'arrived', 'aborted', 'cancelled'];

/**
 * Movement events as notices: a change of state to the coordinators of the movement's party and
 * of the host (whose forces escort every movement), and once it is on the road its passengers and
 * its escort's commanders too; an approval past its time-out to the roles the agreement names.
 */
export function movementNotices(deps: {
  db: Db;
  notify: (notice: Notice, audience: Audience) => Promise<string>;
  /** The movement as the server sees it (no viewer): its passengers and escort. */
  movement: (id: string) => Promise<Movement | null>;
  hostParties: () => Promise<string[]>;
}) {
  const { db, notify, movement, hostParties } = deps;

  /** The users who command the movement's escort units. */
  async function commanders(units: readonly string[]): Promise<string[]> {
    if (units.length === 0) return [];
    const rows = await db.selectFrom('users').select('id').where('unit_id', 'in', units).execute();
    return rows.map((r) => r.id);
  }

  return {
    async changed(event: JsmsEvents['movement.changed']): Promise<string | null> {
      const entry = stateNotices[event.to];
      if (!entry || event.from === event.to) return null;
      const record = await movement(event.movementId);
      if (!record) return null;
      const coordinators: Role[] = ['coordinator'];
      const parties = [...new Set([event.partyId, ...(await hostParties())])];
      const road = onTheRoad.includes(event.to);
      const users = road
        ? [
            ...(await usersOfPersons(db, record.passengers)),
            ...(await commanders(record.units.map((u) => u.unitId))),
          ]
        : [];
      const at = event.to === 'arrived' ? record.arrivedAt : record.departedAt;
      return notify(
        {
          kind: 'movement',
          severity: entry.severity,
          event: { name: 'movement.changed', ref: `${event.movementId}@${event.version}` },
          subject: { type: 'movement', id: event.movementId, partyId: event.partyId },
          template: entry.template,
          params: { at: at ?? record.updatedAt, state: event.to },
        },
        { parties: parties.map((partyId) => ({ partyId, roles: coordinators })), users },
      );
    },

    async escalated(event: JsmsEvents['movement.escalated']): Promise<string> {
      const parties = [...new Set(event.parties)];
      return notify(
        {
          kind: 'movement',
          severity: 'warning',
          event: { name: 'movement.escalated', ref: `${event.movementId}@${event.deadline}` },
          subject: { type: 'movement', id: event.movementId, partyId: event.partyId },
          template: 'movement.escalated',
          params: { deadline: event.deadline },
        },
        {
          parties: [
            ...parties.map((partyId) => ({ partyId, roles: event.escalateTo })),
            { partyId: event.partyId, roles: ['coordinator'] },
          ],
        },
      );
    },
  };
}

/** The job that turns one movement event into its notice. */
export const movementNoticeKind = 'notification.movement';

/**
 * A notice is due this long after its event: the scheduler's run that caused the event (an
 * approval's time-out) finishes before it, so the notice follows that work in the audit log
 * rather than interleaving with it. The poll picks it up within seconds.
 */
export const movementNoticeDelayMs = 1_000;

type MovementNoticeJob =
  | { name: 'movement.changed'; payload: JsmsEvents['movement.changed'] }
  | { name: 'movement.escalated'; payload: JsmsEvents['movement.escalated'] };

/**
 * Tells people of movement events through the scheduler: the instance that made the change (its
 * own bus) schedules one job per event, keyed by it, and the job writes the notice in a write of
 * its own, retried if it fails. Returns what
 * `close()` waits for: the events still being scheduled.
 */
export function registerMovementNotices(deps: {
  events: Events;
  scheduler: Scheduler<Database>;
  db: Db;
  clock: Clock;
  notices: ReturnType<typeof movementNotices>;
}): { pending(): Promise<unknown> } {
  const { events, scheduler, db, clock, notices } = deps;
  const scheduling = new Set<Promise<unknown>>();
  const enqueue = (job: MovementNoticeJob, key: string) => {
    const added = scheduler.schedule(db, {
      kind: movementNoticeKind,
      key,
      dueAt: new Date(clock.now().getTime() + movementNoticeDelayMs),
      payload: job,
    });
    scheduling.add(added);
    return added.finally(() => scheduling.delete(added));
  };
  scheduler.handle<MovementNoticeJob>(movementNoticeKind, async ({ payload: job }) => {
    if (job.name === 'movement.changed') await notices.changed(job.payload);
    else await notices.escalated(job.payload);
  });
  events.on('movement.changed', async ({ payload }) => {
    // Only the changes of state worth a notice take a job.
    if (payload.from === payload.to || !stateNotices[payload.to]) return;
    await enqueue(
      { name: 'movement.changed', payload },
      `movement.changed:${payload.movementId}@${payload.version}`,
    );
  });
  events.on('movement.escalated', async ({ payload }) => {
    await enqueue(
      { name: 'movement.escalated', payload },
      `movement.escalated:${payload.movementId}@${payload.deadline}`,
    );
  });
  return { pending: () => Promise.allSettled([...scheduling]) };
}
