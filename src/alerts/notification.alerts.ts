import { type Actor, type Role, userActor } from '../access/actor.js';
import type { Database, Db } from '../database.js';
import type { Events, JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { LiveViewing } from '../tracking/live.presenter.js';
import type { Alert, AlertRule, AlertSeverity } from './alert.js';
import type { PresentedAlert } from './alert.presenter.js';
import { movementNoticeDelayMs } from './notification.movements.js';
import type { Audience, Notice, Severity } from './notification.js';
import type { TemplateKey } from './notification.templates.js';

/** How grave a notice of an alert is: an SOS is `sos`, so quiet hours never hold it back. */
function severityOf(alert: Alert): Severity {
  if (alert.rule === 'sos') return 'sos';
  const bySeverity: Record<AlertSeverity, Severity> = {
    emergency: 'critical',
    alarm: 'critical',
    warning: 'warning',
  };
  return bySeverity[alert.severity];
}

/** What raised the alert, as the notice's `{{what}}` says it (the rule's name, in English). */
const ruleLabels: Record<AlertRule, string> = {
  sos: 'SOS',
  incident_near: 'Incident nearby',
  off_corridor: 'Off the corridor',
  overdue: 'Overdue',
  stopped_in_red_zone: 'Stopped in a red zone',
  escort_separated: 'Escort separated',
  device_silent: 'Device silent',
  outside_perimeter: 'Outside the perimeter',
  checkin_missed: 'Check-in missed',
};

function templateOf(alert: Alert, escalated: boolean): TemplateKey {
  if (alert.rule === 'sos') return alert.details.source === 'duress' ? 'alert.duress' : 'alert.sos';
  return escalated ? 'alert.escalated' : 'alert.raised';
}

/**
 * Alerts as notices: to the coordinators, and for an SOS the commanders too, of every party that
 * may see the alert (its presenter, for a user of that party in that role). The person an SOS is
 * about is never in the audience: a duress SOS must not show on the screen of someone forced.
 */
export function alertNotices(deps: {
  notify: (notice: Notice, audience: Audience) => Promise<string>;
  parties: () => Promise<{ id: string; kind: 'host' | 'partner' }[]>;
  viewing: (actor: Actor) => Promise<LiveViewing>;
  present: (view: LiveViewing, actor: Actor, alert: Alert) => PresentedAlert | null;
}) {
  const { notify, parties, viewing, present } = deps;

  /** The parties and roles that may see the alert, each asked as a user of that party and role would be. */
  async function audienceOf(alert: Alert): Promise<Audience> {
    const roles: Role[] = alert.rule === 'sos' ? ['coordinator', 'commander'] : ['coordinator'];
    const audience: NonNullable<Audience['parties']> = [];
    for (const party of await parties()) {
      for (const role of roles) {
        const actor = userActor(
          {
            id: `notice:${party.id}:${role}`,
            username: role,
            partyId: party.id,
            partyKind: party.kind,
            roles: [role],
          },
          'session',
          `alert:${alert.id}`,
          true,
        );
        if (present(await viewing(actor), actor, alert)) audience.push({ partyId: party.id, roles: [role] });
      }
    }
    return { parties: audience };
  }

  async function tell(alert: Alert, escalated: boolean): Promise<string | null> {
    // An incident's alert has no party's record for a subject; its roll-call asks the people near it.
    if (alert.subject.type === 'incident' || alert.partyId === null) return null;
    const audience = await audienceOf(alert);
    if ((audience.parties ?? []).length === 0) return null;
    return notify(
      {
        kind: 'alert',
        severity: severityOf(alert),
        event: {
          name: escalated ? 'alert.escalated' : 'alert.raised',
          ref: `${alert.id}@${alert.version}`,
        },
        subject: { type: alert.subject.type, id: alert.subject.id, partyId: alert.partyId },
        template: templateOf(alert, escalated),
        params: { what: ruleLabels[alert.rule], at: alert.eventAt },
      },
      audience,
    );
  }

  return {
    raised: (event: JsmsEvents['alert.raised']) => tell(event.alert, false),
    escalated: (event: JsmsEvents['alert.escalated']) => tell(event.alert, true),
  };
}

/** The job that turns one alert event into its notice. */
export const alertNoticeKind = 'notification.alert';

type AlertNoticeJob =
  | { name: 'alert.raised'; payload: JsmsEvents['alert.raised'] }
  | { name: 'alert.escalated'; payload: JsmsEvents['alert.escalated'] };

/**
 * Tells people of alerts through the scheduler, as movement notices are: one job per event,
 * keyed by the alert's version, written after the write that raised it. Returns what `close()`
 * waits for.
 */
export function registerAlertNotices(deps: {
  events: Events;
  scheduler: Scheduler<Database>;
  db: Db;
  clock: Clock;
  notices: ReturnType<typeof alertNotices>;
}): { pending(): Promise<unknown> } {
  const { events, scheduler, db, clock, notices } = deps;
  const scheduling = new Set<Promise<unknown>>();
  const enqueue = (job: AlertNoticeJob) => {
    const alert = job.payload.alert;
    const added = scheduler.schedule(db, {
      kind: alertNoticeKind,
      key: `${job.name}:${alert.id}@${alert.version}`,
      dueAt: new Date(clock.now().getTime() + movementNoticeDelayMs),
      payload: job,
    });
    scheduling.add(added);
    return added.finally(() => scheduling.delete(added));
  };
  scheduler.handle<AlertNoticeJob>(alertNoticeKind, async ({ payload: job }) => {
    if (job.name === 'alert.raised') await notices.raised(job.payload);
    else await notices.escalated(job.payload);
  });
  events.on('alert.raised', async ({ payload }) => void (await enqueue({ name: 'alert.raised', payload })));
  events.on(
    'alert.escalated',
    async ({ payload }) => void (await enqueue({ name: 'alert.escalated', payload })),
  );
  return { pending: () => Promise.allSettled([...scheduling]) };
}
