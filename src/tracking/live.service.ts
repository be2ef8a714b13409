import type { Actor, PartyKind } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AgreementService } from '../agreement/agreement.service.js';
import { policyActor } from '../agreement/policy.js';
import { sharedLocation, sharingFor } from '../agreement/share.js';
import { notFound as notFoundError, validationFailed } from '../platform/errors.js';
import type { JsmsEvents } from '../events.js';
import type { Clock } from '../platform/clock.js';
import type { Published } from '../platform/events.js';
import type { LatLon } from '../risk/cell-walk.js';
import { haversineKm } from '../risk/risk.js';
import type { Subject } from './live-index.js';
import { type CrewRow, LivePicture } from './live.js';
import { type LiveViewing, presentLive, type PresentedSubject } from './live.presenter.js';
import type { PositionService } from './position.service.js';

/** Another party's view of a track reaches back one day at most; the stream keeps as long. */
const otherPartyTrackMs = 24 * 60 * 60_000;
const maxTrackMs = 7 * 24 * 60 * 60_000;
/** Fixes in one track answer: a day at one fix every 20 s. */
const trackLimit = 5_000;

/** The farthest a position lies from the centre of its area cell (a 0.2° cell's half-diagonal). */
const areaReachM = 16_000;

/** An event as the live picture takes it, numbered: from this instance's bus or the global log. */
export type LiveEvent = Pick<Published<JsmsEvents>, 'name' | 'payload'>;

/**
 * The live picture of one instance, kept in step with every instance's writes: rebuilt from the
 * database at start, then fed each stored fix and each movement that starts or stops being under
 * way. Reads present every subject through the agreement for the viewer.
 */
export function liveService(deps: {
  positions: Pick<PositionService, 'latest' | 'track'>;
  movements: { crewsUnderway(movementId?: string): Promise<CrewRow[]> };
  parties: Pick<PartyService, 'all'>;
  agreements: Pick<AgreementService, 'inForce'>;
  risk: { levelNow(point: LatLon): number; ready(): Promise<unknown> };
  clock: Clock;
  /** Who is in an SOS (open SOS alerts) and when others' last SOS ended: read at start. */
  sosState?: () => Promise<{ open: Subject[]; resolved: { subject: Subject; at: string }[] }>;
}) {
  const { positions, movements, parties, agreements, risk, clock, sosState } = deps;
  const picture = new LivePicture();

  async function viewing(actor: Actor): Promise<LiveViewing> {
    const [agreement, all] = await Promise.all([agreements.inForce(), parties.all(), risk.ready()]);
    return {
      viewer: policyActor(actor),
      agreement,
      partyKinds: new Map<string, PartyKind>(all.map((p) => [p.id, p.kind])),
      levelAt: (point) => risk.levelNow(point),
    };
  }

  function presentAll(view: LiveViewing, entries: Iterable<Parameters<typeof presentLive>[2]>) {
    const now = clock.now();
    const shown: PresentedSubject[] = [];
    for (const entry of entries) {
      const presented = presentLive(view, picture, entry, now);
      if (presented) shown.push(presented);
    }
    return shown;
  }

  return {
    picture,

    /** Reads the latest fix of every subject and the crews under way. */
    async start(): Promise<void> {
      const [latest, crews, sos] = await Promise.all([
        positions.latest(),
        movements.crewsUnderway(),
        sosState?.() ?? { open: [], resolved: [] },
      ]);
      picture.load(latest, crews);
      for (const subject of sos.open) picture.setSos(subject, true, clock.now());
      for (const { subject, at } of sos.resolved) picture.setSos(subject, false, new Date(at));
    },

    /** Takes one event of any instance, in log order; true when the picture changed. */
    async apply(event: LiveEvent): Promise<boolean> {
      if (event.name === 'position.recorded')
        return picture.apply(event.payload as JsmsEvents['position.recorded']);
      if (event.name === 'movement.changed') {
        const change = event.payload as JsmsEvents['movement.changed'];
        if (change.from !== 'underway' && change.to !== 'underway') return false;
        const crew = change.to === 'underway' ? await movements.crewsUnderway(change.movementId) : [];
        picture.setCrew(change.movementId, crew);
        return true;
      }
      if (event.name === 'alert.raised' || event.name === 'alert.resolved') {
        const { alert } = event.payload as JsmsEvents['alert.raised'];
        const { type, id } = alert.subject;
        if (alert.rule !== 'sos' || (type !== 'person' && type !== 'unit')) return false;
        const open = event.name === 'alert.raised';
        picture.setSos(
          { type, id },
          open,
          new Date(open ? alert.raisedAt : (alert.resolvedAt ?? alert.raisedAt)),
        );
        return true;
      }
      return false;
    },

    /** What the agreement lets the actor see; read once per request or stream. */
    viewing,

    /** Every live subject the viewer may see. */
    snapshot: (view: LiveViewing) => presentAll(view, picture.index),

    /** One subject as the viewer sees it (null: not at all), e.g. for a stream frame. */
    present: (view: LiveViewing, subject: { type: 'person' | 'unit'; id: string }) => {
      const entry = picture.index.get(subject);
      return entry ? presentLive(view, picture, entry, clock.now()) : null;
    },

    /**
     * A protected person's own device's last fix, exactly (it is where they are themself), and
     * whether an SOS of theirs is open: null fix when no device of theirs has reported.
     */
    own(personId: string) {
      const subject = { type: 'person', id: personId } as const;
      const entry = picture.index.get(subject);
      const sos = picture.inSos(subject) || (entry ? picture.sosHolds(entry) : false);
      if (!entry) return { sos, fix: null };
      const { fix } = entry;
      return {
        sos,
        fix: {
          lat: fix.lat,
          lon: fix.lon,
          fixAt: fix.fixAt.toISOString(),
          status: picture.statusOf(entry, clock.now()),
          intervalSeconds: picture.intervalOf(entry) / 1000,
          accuracyM: fix.accuracyM,
          batteryPct: fix.batteryPct,
        },
      };
    },

    /**
     * A subject's fixes from `from` to `to`, oldest first, as the viewer may see them. Its own
     * party sees the whole window (within retention). Another party sees no more than the last
     * day, each fix at the precision the agreement gives without widening, except the fixes since
     * the subject's movement under way departed, which are seen as the movement makes them: what it
     * could have watched live, never more.
     */
    async track(actor: Actor, subject: Subject, window: { from?: Date | undefined; to?: Date | undefined }) {
      const to = window.to ?? clock.now();
      const from = window.from ?? new Date(to.getTime() - 3_600_000);
      if (from >= to) throw validationFailed('from', 'from must be before to', 'querystring');
      if (to.getTime() - from.getTime() > maxTrackMs)
        throw validationFailed('from', 'a track spans at most 7 days', 'querystring');
      const view = await viewing(actor);
      const entry = picture.index.get(subject);
      const owner = entry?.partyId;
      const kind = owner && view.partyKinds.get(owner);
      const notFound = () =>
        subject.type === 'person'
          ? notFoundError('person_not_found', 'Person')
          : notFoundError('unit_not_found', 'Unit');
      if (!owner || !kind) throw notFound();
      const own = owner === view.viewer.partyId;
      const start = own
        ? from
        : new Date(Math.max(from.getTime(), clock.now().getTime() - otherPartyTrackMs));
      const base = sharingFor(view.agreement, view.viewer, subject.type, { id: owner, kind });
      if (!base) throw notFound();
      const crew = picture.crewOf(subject);
      const moving =
        crew &&
        sharingFor(view.agreement, view.viewer, subject.type, { id: owner, kind }, { inMovement: true });
      // Shown no location at all: as if it had none, so not even that it reports leaks.
      if (base.precision === 'none' && (!moving || moving.precision === 'none')) throw notFound();
      const rows = start < to ? await positions.track(subject, start, to, trackLimit) : [];
      const points = rows.flatMap((row) => {
        const during = moving && crew.since !== null && row.fix_at >= crew.since;
        const location = sharedLocation(during ? moving : base, row);
        return location ? [{ fixAt: row.fix_at, location }] : [];
      });
      return { subject, partyId: owner, from: start.toISOString(), to: to.toISOString(), points };
    },

    /**
     * Who is within `radiusM` of a point, nearest first, as the viewer may see them. A subject seen
     * only as an area counts by its area's centre, with that distance: its true position would tell
     * the viewer more than the area does.
     */
    async near(actor: Actor, point: LatLon, radiusM: number) {
      const view = await viewing(actor);
      const now = clock.now();
      // Wide enough to reach every subject whose area centre may be within the radius.
      const reach = radiusM + areaReachM;
      const found = picture.index.within(point, reach).flatMap(({ entry, distanceM }) => {
        const presented = presentLive(view, picture, entry, now);
        if (!presented) return [];
        const exact = presented.location.precision === 'exact';
        const distance = exact ? distanceM : haversineKm(point, presented.location) * 1000;
        return distance <= radiusM ? [{ ...presented, distanceM: Math.round(distance) }] : [];
      });
      return found.sort((a, b) => a.distanceM - b.distanceM);
    },
  };
}

export type LiveService = ReturnType<typeof liveService>;
