import type { Db } from '../database.js';
import type { JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import type { Polygon } from '../platform/geo.js';
import type { LiveService } from '../tracking/live.service.js';
import { incidentSeverity } from './alert.js';
import type { AlertParameters } from './alert.parameters.js';
import * as repo from './alert.repository.js';
import { affectedByIncident, lineOf } from './alert.rules.js';
import type { AlertService } from './alert.service.js';
import type { MovementAlertRules } from './alert.movement-rules.js';

/**
 * The rules that events raise at once: an SOS from a device's fix, an incident near people,
 * sites or movements under way. Each runs on the instance whose write published the event.
 */
export function alertTriggers(deps: {
  db: Db;
  alerts: Pick<AlertService, 'raise'>;
  live: Pick<LiveService, 'picture'>;
  parameters: AlertParameters;
  clock: Clock;
  /** The movement and device rules, which fixes and movement changes evaluate too. */
  movementRules: Pick<MovementAlertRules, 'onFix' | 'onMovement'>;
}) {
  const { db, alerts, live, parameters, clock, movementRules } = deps;
  // Work started by events and not finished: `idle()` waits for it (a test, a shutdown).
  const pending = new Set<Promise<void>>();
  const track =
    <A extends unknown[]>(run: (...args: A) => Promise<void>) =>
    (...args: A) => {
      const work = run(...args).finally(() => pending.delete(work));
      pending.add(work);
      return work;
    };

  const rules = {
    /** A stored fix that raised the alarm (OsmAnd `alarm=sos`) raises its subject's SOS. */
    async onFix(fix: JsmsEvents['position.recorded']): Promise<void> {
      await movementRules.onFix(fix);
      if (!fix.sos) return;
      await alerts.raise({
        rule: 'sos',
        subject: fix.subject,
        partyId: fix.partyId,
        eventAt: new Date(fix.fixAt),
        location: { lat: fix.lat, lon: fix.lon },
        details: { source: 'device', deviceId: fix.deviceId },
      });
    },

    /**
     * Each recorded incident with a place, recent enough, near anyone or anything: one alert per
     * incident naming every affected subject (a roll-call can start from it). Its time is when it
     * was first recorded, so a revision after the alert was resolved raises nothing again.
     */
    async onIncidents(event: JsmsEvents['incident.recorded']): Promise<void> {
      for (const { id } of event.incidents) {
        const facts = await repo.incidentFacts(db, id);
        if (!facts || facts.lat === null || facts.lon === null) continue;
        // The incident's day ends at most 14 hours after UTC's (UTC+14): the latest it can have happened.
        const latest = Date.parse(`${facts.date}T23:59:59.999Z`);
        if (clock.now().getTime() - latest > parameters.incidentMaxAgeHours * 3_600_000) continue;
        const severity = incidentSeverity(facts.killed_best, facts.wounded_best);
        const radiusM = parameters.incidentRadiusM[severity];
        const point = { lat: facts.lat, lon: facts.lon };
        const [sites, movements] = await Promise.all([repo.activeSites(db), repo.movementsUnderway(db)]);
        const affected = affectedByIncident(point, radiusM, {
          subjects: live.picture.index.within(point, radiusM).map(({ entry, distanceM }) => ({
            ...entry.subject,
            partyId: entry.partyId,
            distanceM,
          })),
          sites: sites.map((s) => ({
            id: s.id,
            partyId: s.party_id,
            point: { lat: s.lat, lon: s.lon },
            perimeter: s.perimeter === null ? null : (JSON.parse(s.perimeter) as Polygon),
          })),
          movements: movements.map((m) => ({
            id: m.id,
            partyId: m.party_id,
            route: lineOf(JSON.parse(m.route) as { coordinates: [number, number][] }),
            corridorM: m.corridor_m,
          })),
        });
        if (affected.length === 0) continue;
        await alerts.raise({
          rule: 'incident_near',
          subject: { type: 'incident', id },
          partyId: null,
          eventAt: new Date(facts.created_at),
          location: point,
          details: { incidentType: facts.type, date: facts.date, severity, radiusM },
          affected,
        });
      }
    },
  };

  return {
    onFix: track(rules.onFix),
    onIncidents: track(rules.onIncidents),
    onMovement: track(movementRules.onMovement),
    /** Resolves once every rule started so far has finished (failures are the bus's to report). */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
