import type { DeviceActor, PartyKind, SystemActor } from '../access/actor.js';
import type { Services } from '../services.js';
import { bareFix, type Fix } from '../tracking/fix.js';

const demoActor: SystemActor = { type: 'system', id: 'demo', partyId: null };
/** Demo phones report every minute: a subject is stale after one without news. */
const intervalS = 60;

/** The phones and trackers of the demo: which subjects, and where each first reports from. */
interface Placed {
  subjectType: 'person' | 'unit';
  subjectId: string;
  partyId: string;
  name: string;
  at: { lat: number; lon: number };
}

/**
 * Registers a device for the crew of the movement under way, for some persons at their sites and
 * for the commanded units at their bases, and records their fixes of the last hour: the crew
 * along its route, the others where they are. `demoTracker` keeps them moving while the demo runs.
 */
export async function seedDemoTracking(services: Services, now: Date): Promise<void> {
  const viewing = await services.visibility.viewing(demoActor);
  const kinds = await partyKinds(services);
  const sites = (await services.sites.list(viewing, { limit: 500 })).items;
  const siteAt = new Map(sites.map((s) => [s.id, { lat: s.lat, lon: s.lon }]));
  const crews = await services.movements.crewsUnderway();
  const onRoad = new Map(crews.map((c) => [c.subject_id, c.movement_id]));
  const persons = (await services.persons.list(viewing, { limit: 500 })).items;
  const units = (await services.units.list(viewing, { limit: 500 })).items;
  const placed: Placed[] = [
    ...persons
      .filter((p) => p.siteId && !onRoad.has(p.id))
      .slice(0, 10)
      .map((p, i) => ({
        subjectType: 'person' as const,
        subjectId: p.id,
        partyId: p.partyId,
        name: `${p.name}'s phone`,
        at: nudge(siteAt.get(p.siteId!)!, i),
      })),
    ...units
      .filter((u) => u.baseSiteId)
      .slice(0, 4)
      .map((u, i) => ({
        subjectType: 'unit' as const,
        subjectId: u.id,
        partyId: u.partyId,
        name: `${u.callSign} tracker`,
        at: nudge(siteAt.get(u.baseSiteId!)!, i + 10),
      })),
  ];
  for (const crew of crews) {
    if (crew.subject_type !== 'person') continue;
    const person = persons.find((p) => p.id === crew.subject_id);
    if (person)
      placed.push({
        subjectType: 'person',
        subjectId: person.id,
        partyId: person.partyId,
        name: `${person.name}'s phone`,
        at: { lat: 0, lon: 0 },
      });
  }
  for (const subject of placed) {
    const { device } = await services.tokens.createDevice(demoActor, {
      partyId: subject.partyId,
      subjectType: subject.subjectType,
      subjectId: subject.subjectId,
      name: subject.name,
      reportIntervalSeconds: intervalS,
    });
    const actor = deviceActor(device.id, subject, kinds);
    const fixes: Fix[] = [];
    for (let minutesAgo = 60; minutesAgo >= 0; minutesAgo -= 5) {
      const at = new Date(now.getTime() - minutesAgo * 60_000);
      const movementId = onRoad.get(subject.subjectId);
      const point = movementId ? await alongMovement(services, movementId, at) : subject.at;
      if (point) fixes.push(fixAt(point, at, 60 - minutesAgo));
    }
    await services.positions.record(actor, fixes);
  }
}

/**
 * One step of the demo's motion at `now`: the crews along their movements' routes at the time,
 * the others a few metres about where they were.
 */
export async function moveDemoSubjects(
  services: Services,
  now: Date,
  step: number,
  devices: ReadonlySet<string>,
): Promise<void> {
  const kinds = await partyKinds(services);
  for (const entry of [...services.live.picture.index]) {
    // A phone enrolled while the demo runs reports for itself: the demo never moves it.
    if (!devices.has(entry.deviceId)) continue;
    const subject: Placed = {
      subjectType: entry.subject.type,
      subjectId: entry.subject.id,
      partyId: entry.partyId,
      name: '',
      at: entry.fix,
    };
    const movementId = services.live.picture.movementOf(entry.subject);
    const point = movementId ? await alongMovement(services, movementId, now) : nudge(entry.fix, step);
    await services.positions.record(deviceActor(entry.deviceId, subject, kinds), [fixAt(point, now, step)]);
  }
}

/**
 * Moves the demo's subjects every `everyMs` while the demo server runs. Not durable: it is a
 * demo's motion, not data anyone relies on. Returns the function that stops it.
 */
export function demoTracker(services: Services, clock: { now(): Date }, everyMs = 20_000): () => void {
  let step = 0;
  // The demo's own devices: those reporting when it starts, before anyone enrols another.
  const devices = new Set([...services.live.picture.index].map((entry) => entry.deviceId));
  const timer = setInterval(() => {
    step += 1;
    moveDemoSubjects(services, clock.now(), step, devices).catch((error: unknown) =>
      console.error('jsms: the demo tracker failed', error),
    );
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function partyKinds(services: Services): Promise<Map<string, PartyKind>> {
  return new Map((await services.parties.all()).map((p) => [p.id, p.kind]));
}

function deviceActor(id: string, subject: Placed, kinds: ReadonlyMap<string, PartyKind>): DeviceActor {
  return {
    type: 'device',
    id,
    partyId: subject.partyId,
    partyKind: kinds.get(subject.partyId)!,
    subjectType: subject.subjectType,
    subjectId: subject.subjectId,
    reportIntervalS: intervalS,
  };
}

/** Where a movement would have its crew at `at`: by time along its route. */
async function alongMovement(services: Services, movementId: string, at: Date) {
  const movement = await services.movements.get(await services.visibility.viewing(demoActor), movementId);
  const start = Date.parse(movement.departedAt ?? movement.plannedDeparture);
  const end = Date.parse(movement.plannedArrival);
  const share = Math.min(1, Math.max(0, (at.getTime() - start) / (end - start)));
  return pointAlong(movement.route.coordinates, share);
}

/** The point a share of the way along a line of [lon, lat] (by degrees: short legs, a demo). */
function pointAlong(line: readonly (readonly [number, number])[], share: number) {
  const legs = line.slice(1).map((to, i) => Math.hypot(to[0] - line[i]![0], to[1] - line[i]![1]));
  let left = share * legs.reduce((a, b) => a + b, 0);
  for (const [i, length] of legs.entries()) {
    if (left <= length || i === legs.length - 1) {
      const t = length === 0 ? 0 : Math.min(1, left / length);
      const [a, b] = [line[i]!, line[i + 1]!];
      return { lat: a[1] + (b[1] - a[1]) * t, lon: a[0] + (b[0] - a[0]) * t };
    }
    left -= length;
  }
  return { lat: line[0]![1], lon: line[0]![0] };
}

/** A few tens of metres from `point`, the same for the same `n`: people move about a site. */
function nudge(point: { lat: number; lon: number }, n: number) {
  const angle = n * 2.399;
  const metres = 40 + (n % 5) * 25;
  return {
    lat: Math.round((point.lat + (Math.cos(angle) * metres) / 111_000) * 1e6) / 1e6,
    lon: Math.round((point.lon + (Math.sin(angle) * metres) / 100_000) * 1e6) / 1e6,
  };
}

function fixAt(point: { lat: number; lon: number }, at: Date, n: number): Fix {
  return bareFix(point, at, {
    accuracyM: 8 + (n % 4) * 3,
    batteryPct: Math.max(15, 95 - n),
    charging: false,
    attributes: { demo: true },
  });
}
