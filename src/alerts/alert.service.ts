import { randomUUID } from 'node:crypto';
import type { Actor, SystemActor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { visibleOwners } from '../agreement/share.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { conflict, forbidden, isAppError, notFound, validationFailed } from '../platform/errors.js';
import { mapPage } from '../platform/paging.js';
import type { LiveService } from '../tracking/live.service.js';
import type { LiveViewing } from '../tracking/live.presenter.js';
import {
  type AffectedSubject,
  type Alert,
  type AlertAction,
  type AlertRule,
  type AlertSeverity,
  type AlertSubject,
  alertKey,
  isFresh,
  nextAlertState,
  severityOf,
} from './alert.js';
import { type PresentedAlert, presentAlert } from './alert.presenter.js';
import * as repo from './alert.repository.js';

/** What raises an alert: a rule, its subject and owner, and the time and place of the trigger. */
export interface Trigger {
  rule: AlertRule;
  subject: AlertSubject;
  partyId: string | null;
  /** The trigger's own time (a fix's device time), compared with the rule's mark for the subject. */
  eventAt: Date;
  location: { lat: number; lon: number } | null;
  details?: Record<string, unknown>;
  affected?: AffectedSubject[];
  severity?: AlertSeverity;
}

/**
 * Alerts: raised by the rules (deduplicated per rule and subject, evaluated on the trigger's time),
 * acknowledged and resolved by named users with a note, each change audited and streamed.
 */
export function alertService(deps: {
  db: Db;
  writes: AuditedWrites;
  live: LiveService;
  parties: Pick<PartyService, 'all'>;
  agreements: Pick<AgreementService, 'inForce'>;
  /** The person a user is (users.person_id), for a person's own SOS. */
  personOf: (userId: string) => Promise<string | null>;
  server: SystemActor;
  clock: Clock;
}) {
  const { db, writes, live, parties, server, personOf, clock } = deps;

  const context = {
    inMovement: (subject: AlertSubject) =>
      subject.type === 'movement' ||
      ((subject.type === 'person' || subject.type === 'unit') &&
        live.picture.movementOf({ type: subject.type, id: subject.id }) !== null),
    sos: (subject: AlertSubject) =>
      (subject.type === 'person' || subject.type === 'unit') &&
      live.picture.inSos({ type: subject.type, id: subject.id }),
  };

  // The rule and subject of every open alert, kept by the events of every instance: a fix asks
  // whether it ends one without a query.
  const openKeys = new Map<string, string>();
  // Alerts seen resolved (few: people resolve them), so a replayed raise does not reopen one.
  const resolvedIds = new Set<string>();

  const present = (view: LiveViewing, actor: Actor, alert: Alert) =>
    presentAlert(view, actor, alert, context);

  /**
   * Raises the trigger's alert unless it is stale (not later than the rule's mark for the subject)
   * or one is open for the rule and subject already; returns it, or null when none was raised.
   */
  async function raise(trigger: Trigger, actor: Actor = server): Promise<Alert | null> {
    return writes.write(actor, async ({ tx, now, audit, publish }) => {
      const at = trigger.eventAt.toISOString();
      if (!(await repo.advanceMark(tx, trigger.rule, trigger.subject, at))) return null;
      const alert: Alert = {
        id: randomUUID(),
        rule: trigger.rule,
        subject: trigger.subject,
        partyId: trigger.partyId,
        state: 'open',
        severity: trigger.severity ?? severityOf[trigger.rule],
        eventAt: at,
        raisedAt: now.toISOString(),
        location: trigger.location,
        details: trigger.details ?? {},
        affected: trigger.affected ?? [],
        acknowledgedBy: null,
        acknowledgedAt: null,
        acknowledgeNote: null,
        resolvedBy: null,
        resolvedAt: null,
        resolveNote: null,
        version: 1,
      };
      if (!(await repo.insertOpen(tx, alert))) return null;
      await audit({
        action: 'alert.raised',
        entityId: alert.id,
        partyId: alert.partyId,
        fields: ['rule', 'subject', 'state', 'severity', 'event_at'],
        details: { rule: alert.rule },
      });
      publish('alert.raised', { alert });
      return alert;
    });
  }

  /** Moves an alert on by `action` as `actor`, with a note; the caller has checked it may see it. */
  async function act(actor: Actor, id: string, action: AlertAction, note: string): Promise<Alert> {
    return writes.write(actor, async ({ tx, now, audit, publish }) => {
      const row = await repo.findAlert(tx, id);
      if (!row) throw notFound('alert_not_found', 'Alert');
      const before = repo.alertOf(row);
      const state = nextAlertState(before.state, action);
      const at = now.toISOString();
      const by = actor.type === 'user' ? actor.id : `${actor.type}:${actor.id}`;
      const after: Alert =
        action === 'acknowledge'
          ? { ...before, state, acknowledgedBy: by, acknowledgedAt: at, acknowledgeNote: note }
          : { ...before, state, resolvedBy: by, resolvedAt: at, resolveNote: note };
      after.version = before.version + 1;
      if (!(await repo.updateAlert(tx, after, before.version)))
        throw conflict('conflict', 'The alert changed meanwhile: read it again');
      // A trigger from before the resolution (a late fix) does not raise it again.
      if (action === 'resolve') await repo.advanceMark(tx, before.rule, before.subject, at);
      const fields =
        action === 'acknowledge'
          ? ['state', 'acknowledged_by', 'acknowledge_note']
          : ['state', 'resolved_by', 'resolve_note'];
      await audit({
        action: action === 'acknowledge' ? 'alert.acknowledged' : 'alert.resolved',
        entityId: id,
        partyId: before.partyId,
        fields,
      });
      publish(action === 'acknowledge' ? 'alert.acknowledged' : 'alert.resolved', { alert: after });
      return after;
    });
  }

  /** The alert as the actor sees it, or alert_not_found. */
  async function visible(
    actor: Actor,
    id: string,
  ): Promise<{ alert: Alert; shown: PresentedAlert; view: LiveViewing }> {
    const row = await repo.findAlert(db, id);
    const view = await live.viewing(actor);
    const alert = row && repo.alertOf(row);
    const shown = alert && present(view, actor, alert);
    if (!alert || !shown) throw notFound('alert_not_found', 'Alert');
    return { alert, shown, view };
  }

  return {
    raise,
    present,
    context,

    /** Reads which alerts are open, at start. */
    async start(): Promise<void> {
      openKeys.clear();
      for (const row of await repo.openAll(db))
        openKeys.set(alertKey(row.rule, { type: row.subject_type, id: row.subject_id }), row.id);
    },

    /** Takes an alert event of any instance: keeps the open keys. */
    track(event: { name: string; payload: unknown }): void {
      if (!event.name.startsWith('alert.')) return;
      const { alert } = event.payload as { alert: Alert };
      const key = alertKey(alert.rule, alert.subject);
      // The bus tells this instance's own changes first and the log replays them later: an alert
      // once seen resolved stays so, and only its own resolution closes its key.
      if (alert.state !== 'resolved') {
        if (!resolvedIds.has(alert.id)) openKeys.set(key, alert.id);
      } else {
        resolvedIds.add(alert.id);
        if (openKeys.get(key) === alert.id) openKeys.delete(key);
      }
    },

    /** Whether an alert of the rule is open for the subject, as this instance knows. */
    isOpen: (rule: AlertRule, subject: AlertSubject) => openKeys.has(alertKey(rule, subject)),

    /** One alert as the actor may see it. */
    async get(actor: Actor, id: string): Promise<PresentedAlert> {
      return (await visible(actor, id)).shown;
    },

    /** A page of the alerts the actor may see, newest first. */
    async list(actor: Actor, filter: repo.AlertFilter) {
      const view = await live.viewing(actor);
      const all = await parties.all();
      const owners = (entity: 'person' | 'unit' | 'movement') =>
        visibleOwners(view.agreement, view.viewer, entity, all);
      const page = await repo.listAlerts(db, filter, {
        person: owners('person'),
        unit: owners('unit'),
        movement: owners('movement'),
      });
      const shown = mapPage(page, (row) => present(view, actor, repo.alertOf(row)));
      return { items: shown.items.filter((a): a is PresentedAlert => a !== null), next: shown.next };
    },

    /**
     * Raises an open alert's severity (a missed check-in growing overdue, then an emergency), as
     * the server; null when none of the rule is open for the subject.
     */
    async escalate(
      rule: AlertRule,
      subject: AlertSubject,
      severity: AlertSeverity,
      details: Record<string, unknown>,
    ): Promise<Alert | null> {
      return writes.write(server, async ({ tx, audit, publish }) => {
        const row = await repo.findOpen(tx, rule, subject);
        if (!row) return null;
        const before = repo.alertOf(row);
        const after: Alert = {
          ...before,
          severity,
          details: { ...before.details, ...details },
          version: before.version + 1,
        };
        if (!(await repo.updateAlert(tx, after, before.version)))
          throw conflict('conflict', 'The alert changed meanwhile: read it again');
        await audit({
          action: 'alert.escalated',
          entityId: after.id,
          partyId: after.partyId,
          fields: ['severity', 'details'],
        });
        publish('alert.escalated', { alert: after });
        return after;
      });
    },

    /** Resolves the rule's open alert of the subject as `actor`, in the caller's write if one is open. */
    async resolveOpen(
      actor: Actor,
      rule: AlertRule,
      subject: AlertSubject,
      note: string,
    ): Promise<Alert | null> {
      return writes.write(actor, async ({ tx }) => {
        const row = await repo.findOpen(tx, rule, subject);
        return row ? act(actor, row.id, 'resolve', note) : null;
      });
    },

    /** A named user acknowledges an alert they may see, with a note. */
    async acknowledge(actor: Actor, id: string, note: string): Promise<PresentedAlert> {
      const { view } = await visible(actor, id);
      return present(view, actor, await act(actor, id, 'acknowledge', note))!;
    },

    /** A named user resolves an alert they may see, with a note. */
    async resolve(actor: Actor, id: string, note: string): Promise<PresentedAlert> {
      const { view } = await visible(actor, id);
      return present(view, actor, await act(actor, id, 'resolve', note))!;
    },

    /**
     * The server resolves the rule's open alert of the subject when its condition ended at
     * `eventAt` (a later fix); nothing when none is open or the trigger is stale.
     */
    async clear(rule: AlertRule, subject: AlertSubject, eventAt: Date, note: string): Promise<Alert | null> {
      if (!openKeys.has(alertKey(rule, subject))) return null;
      const open = await repo.findOpen(db, rule, subject);
      if (!open || !isFresh(eventAt, new Date(open.event_at))) return null;
      return act(server, open.id, 'resolve', note).catch((error: unknown) => {
        // Resolved meanwhile by someone else: nothing left to clear.
        if (isAppError(error) && (error.code === 'invalid_transition' || error.code === 'conflict'))
          return null;
        throw error;
      });
    },

    /**
     * An SOS from the API: a person for themself, or staff for a person they may see. Its place is
     * the person's latest fix, or the point given.
     */
    async sos(
      actor: Actor,
      input: { personId?: string | undefined; lat?: number | undefined; lon?: number | undefined },
    ) {
      if (actor.type !== 'user')
        throw forbidden('Only a signed-in user may raise an SOS', { caller: 'user' });
      let personId = input.personId;
      if (actor.roles.includes('person')) {
        const own = await personOf(actor.id);
        // A person user not tied to a registered person has no one to raise it for.
        if (!own) throw notFound('person_not_found', 'Person');
        if (personId !== undefined && personId !== own)
          throw forbidden('A person raises an SOS only for themself', { caller: 'the user themself' });
        personId = own;
      }
      if (!personId) throw validationFailed('personId', 'personId: is required');
      const partyId = await repo.ownerOf(db, 'person', personId);
      const view = await live.viewing(actor);
      const kind = partyId ? view.partyKinds.get(partyId) : undefined;
      const all = await parties.all();
      if (!partyId || !kind || !visibleOwners(view.agreement, view.viewer, 'person', all).includes(partyId))
        throw notFound('person_not_found', 'Person');
      const subject = { type: 'person' as const, id: personId };
      const fix = live.picture.index.get(subject)?.fix;
      const location =
        input.lat !== undefined && input.lon !== undefined
          ? { lat: input.lat, lon: input.lon }
          : fix
            ? { lat: fix.lat, lon: fix.lon }
            : null;
      const raised = await raise(
        { rule: 'sos', subject, partyId, eventAt: clock.now(), location, details: { source: 'api' } },
        actor,
      );
      const open = raised ? null : await repo.findOpen(db, 'sos', subject);
      const alert = raised ?? (open ? repo.alertOf(open) : null);
      if (!alert) throw conflict('conflict', 'An SOS was resolved this very moment: send it again');
      return { alert: present(view, actor, alert)!, raised: raised !== null };
    },
  };
}

export type AlertService = ReturnType<typeof alertService>;
