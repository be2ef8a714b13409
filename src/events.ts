import type { AgreementEvents } from './agreement/agreement.events.js';
import type { AlertEvents } from './alerts/alert.events.js';
import type { CheckinEvents } from './alerts/checkin.events.js';
import type { RollcallEvents } from './alerts/rollcall.events.js';
import type { NotificationEvents } from './alerts/notification.events.js';
import type { IncidentEvents } from './incidents/incident.events.js';
import type { MovementEvents } from './movements/movement.events.js';
import type { Database, Db } from './database.js';
import type { DialectName } from './platform/db/connect.js';
import { EventFollower, type EventFollowerOptions } from './platform/event-follower.js';
import { EventLog } from './platform/event-log.js';
import { EventBus } from './platform/events.js';
import type { RiskEvents } from './risk/risk.events.js';
import type { TrackingEvents } from './tracking/tracking.events.js';

/** Every event, by name; each capability declares its own, as it does its tables. */
export interface JsmsEvents
  extends
    AgreementEvents,
    AlertEvents,
    CheckinEvents,
    IncidentEvents,
    MovementEvents,
    NotificationEvents,
    RiskEvents,
    RollcallEvents,
    TrackingEvents {}

export type Events = EventBus<JsmsEvents>;

export function createEvents(report?: ConstructorParameters<typeof EventBus<JsmsEvents>>[0]): Events {
  return new EventBus<JsmsEvents>(report);
}

/** The durable event log of every instance on the database, numbered in commit order. */
export type Log = EventLog<JsmsEvents, Database>;

export function createEventLog(db: Db, dialect: DialectName): Log {
  return new EventLog<JsmsEvents, Database>({ db, dialect });
}

/** This instance's follower of the log: every event, whichever instance wrote it, once and in order. */
export type Follower = EventFollower<JsmsEvents, Database>;

export function createEventFollower(
  log: Log,
  options: Omit<EventFollowerOptions<JsmsEvents, Database>, 'log'> = {},
): Follower {
  return new EventFollower<JsmsEvents, Database>({ log, ...options });
}
