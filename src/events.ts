import type { AgreementEvents } from './agreement/agreement.events.js';
import type { IncidentEvents } from './incidents/incident.events.js';
import type { MovementEvents } from './movements/movement.events.js';
import { EventBus } from './platform/events.js';
import type { RiskEvents } from './risk/risk.events.js';
import type { TrackingEvents } from './tracking/tracking.events.js';

/** Every event, by name; each capability declares its own, as it does its tables. */
export interface JsmsEvents
  extends AgreementEvents, IncidentEvents, MovementEvents, RiskEvents, TrackingEvents {}

export type Events = EventBus<JsmsEvents>;

export function createEvents(report?: ConstructorParameters<typeof EventBus<JsmsEvents>>[0]): Events {
  return new EventBus<JsmsEvents>(report);
}
