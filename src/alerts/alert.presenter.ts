import type { SharedLocation } from '../agreement/location.js';
import { sharedLocation, sharingFor } from '../agreement/share.js';
import { isAllowed } from '../access/permissions.js';
import type { Actor } from '../access/actor.js';
import type { LiveViewing } from '../tracking/live.presenter.js';
import { type Alert, type AlertAction, alertActions, type AffectedSubject } from './alert.js';

/** An alert as one viewer may see it. */
export interface PresentedAlert {
  id: string;
  rule: Alert['rule'];
  subject: Alert['subject'];
  partyId: string | null;
  state: Alert['state'];
  severity: Alert['severity'];
  eventAt: string;
  raisedAt: string;
  location: SharedLocation | null;
  /** The rule's facts; only with an exact location, as they would narrow an area back to a point. */
  details: Record<string, unknown>;
  /** The affected subjects the viewer sees exactly; being named within the radius is itself a position. */
  affected: AffectedSubject[];
  /** How many affected subjects the viewer is not shown. */
  affectedWithheld: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolveNote: string | null;
  version: number;
  /** What the viewer may do with it now. */
  actions: AlertAction[];
}

/** What else the presenter asks of the moment: whether the subject travels on a movement now. */
export interface AlertContext {
  inMovement: (subject: Alert['subject']) => boolean;
  /** Whether an SOS holds for the subject now (an open SOS alert). */
  sos: (subject: Alert['subject']) => boolean;
}

/**
 * The alert as the agreement lets the viewer see it, or null: the viewer sees another party's
 * alert only where it sees the subject's records, and its location at the precision it would see
 * the subject's (an SOS makes it exact where the agreement says so). An incident's alert is every
 * party's; each viewer sees the affected subjects it may see exactly.
 */
export function presentAlert(
  view: LiveViewing,
  actor: Actor,
  alert: Alert,
  context: AlertContext,
): PresentedAlert | null {
  const { subject } = alert;
  const policyContext = {
    inMovement: context.inMovement(subject),
    sos: (alert.rule === 'sos' && alert.state !== 'resolved') || context.sos(subject),
    ...(alert.location ? { riskLevel: view.levelAt(alert.location) } : {}),
  };
  let location: SharedLocation | null;
  let exact: boolean;
  if (subject.type === 'incident' || alert.partyId === null) {
    location = alert.location ? { precision: 'exact', ...alert.location } : null;
    exact = true;
  } else {
    const kind = view.partyKinds.get(alert.partyId);
    if (!kind) return null;
    const sharing = sharingFor(
      view.agreement,
      view.viewer,
      subject.type,
      { id: alert.partyId, kind },
      policyContext,
    );
    if (!sharing) return null;
    location = sharedLocation(sharing, alert.location);
    exact = sharing.precision === 'exact';
  }
  const affected = alert.affected.filter((a) => {
    const kind = view.partyKinds.get(a.partyId);
    if (!kind) return false;
    const sharing = sharingFor(
      view.agreement,
      view.viewer,
      a.type,
      { id: a.partyId, kind },
      {
        ...policyContext,
        sos: a.type !== 'site' && context.sos({ type: a.type, id: a.id }),
      },
    );
    return sharing?.precision === 'exact';
  });
  const handles = isAllowed(actor, 'alert.handle');
  return {
    id: alert.id,
    rule: alert.rule,
    subject,
    partyId: alert.partyId,
    state: alert.state,
    severity: alert.severity,
    eventAt: alert.eventAt,
    raisedAt: alert.raisedAt,
    location,
    details: exact ? alert.details : {},
    affected,
    affectedWithheld: alert.affected.length - affected.length,
    acknowledgedBy: alert.acknowledgedBy,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgeNote: alert.acknowledgeNote,
    resolvedBy: alert.resolvedBy,
    resolvedAt: alert.resolvedAt,
    resolveNote: alert.resolveNote,
    version: alert.version,
    actions: handles
      ? (Object.keys(alertActions) as AlertAction[]).filter((action) =>
          (alertActions[action].from as readonly string[]).includes(alert.state),
        )
      : [],
  };
}
