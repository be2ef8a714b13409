import type { UserActor } from '../access/actor.js';
import type { MovementInput } from '../movements/movement.js';
import type { Movement } from '../movements/movement.record.js';
import type { Polygon } from '../platform/geo.js';
import type { ListedPerson } from '../registry/person.service.js';
import type { Services } from '../services.js';
import { demoCommandedUnits, demoSites } from './scenario.js';

/**
 * The demo's movements: requests along real roads between the demo's sites, made by each party's
 * coordinator (or admin) through the movement service (checked, assessed and audited as any
 * request) and taken on to every state through the approval, escort and execution services as the
 * demo's users; and the manual zones that make the Karakoram Highway at Dasu a high-risk area and
 * Karachi airport a substantial one. Planned on the days after the seed at fixed local hours, or,
 * for those on the road, minutes from the seed's; passengers taken in name order: the same seed
 * gives the same movements whenever it runs, only dated from that time.
 */

/** A waypoint as [lat, lon], with the name of the town when a checkpoint may be set there. */
type Waypoint = readonly [lat: number, lon: number, name?: string];

/** One demo movement, in the terms a coordinator thinks in: sites, roads, days and local hours. */
export interface DemoMovement {
  /** Whose coordinator requests it. */
  party: 'ssd' | 'cso';
  /**
   * The party's admin asks instead where both coordinators must approve: no one approves their
   * own request, and the demo has one coordinator a party.
   */
  by?: 'admin';
  purpose: string;
  from: string;
  to: string;
  /** The road between the two sites, without the sites themselves. */
  via: readonly Waypoint[];
  /**
   * Days after the seed's day, and local times (Asia/Karachi, the agreement's clock); or `seed`
   * for a movement on the road when the demo is seeded, its times offsets from the seed's
   * minute (`-1:00`, `+0:45`).
   */
  day: number | 'seed';
  departs: string;
  arrives: string;
  /** Checkpoints at named waypoints of `via`, with their planned local times. */
  checkpoints: readonly (readonly [name: string, at: string])[];
  vehicles: MovementInput['vehicles'];
  /** How many persons of the origin site travel. */
  passengers: number;
}

/** The Karakoram Highway (N-35) from Dasu to Havelian, then the Hazara Motorway and N-5 to Islamabad. */
const kkhDasuToIslamabad: Waypoint[] = [
  [35.26, 73.22],
  [35.1, 73.0, 'Pattan'],
  [34.93, 72.87, 'Besham'],
  [34.86, 72.92, 'Thakot'],
  [34.68, 73.02, 'Batagram'],
  [34.47, 73.27, 'Shinkiari'],
  [34.33, 73.2, 'Mansehra'],
  [34.15, 73.21, 'Abbottabad'],
  [34.05, 73.16, 'Havelian'],
  [33.98, 72.95, 'Haripur'],
  [33.82, 72.69, 'Hasan Abdal'],
  [33.74, 72.82, 'Taxila'],
  [33.68, 72.98, 'Golra Mor'],
];

/** N-5 west from Islamabad to Hasan Abdal, then north by Ghazi Road to the dam. */
const islamabadToTarbela: Waypoint[] = [
  [33.68, 72.98, 'Golra Mor'],
  [33.74, 72.82, 'Taxila'],
  [33.82, 72.69, 'Hasan Abdal'],
  [33.93, 72.66, 'Ghazi Road'],
];

/** Clifton along Shahrah-e-Faisal past the airport, then the National Highway to Port Qasim. */
const cliftonToPortQasim: Waypoint[] = [
  [24.852, 67.062, 'FTC flyover'],
  [24.882, 67.12, 'Drigh Road'],
  [24.895, 67.155, 'Star Gate'],
  [24.87, 67.21, 'Malir Halt'],
  [24.86, 67.25, 'Quaidabad'],
  [24.81, 67.32, 'Bin Qasim'],
];

/** Karachi to Thar: the National Highway to Thatta, then Sujawal, Badin and Mithi. */
const karachiToThar: Waypoint[] = [
  [24.852, 67.062],
  [24.86, 67.25, 'Quaidabad'],
  [24.83, 67.55, 'Gharo'],
  [24.75, 67.92, 'Thatta'],
  [24.6, 68.08, 'Sujawal'],
  [24.65, 68.84, 'Badin'],
  [24.74, 69.8, 'Mithi'],
];

/** The M-2 motorway from Lahore to Islamabad. */
const lahoreToIslamabad: Waypoint[] = [
  [31.585, 74.235, 'Ravi toll plaza'],
  [31.72, 74.03, 'Sheikhupura'],
  [31.9, 73.3, 'Pindi Bhattian'],
  [32.45, 72.92, 'Bhera'],
  [32.77, 72.7, 'Kallar Kahar'],
  [33.3, 72.78, 'Chakri'],
  [33.58, 72.93, 'Islamabad toll plaza'],
  [33.68, 72.98, 'Golra Mor'],
];

const landCruisers = (n: number, armoured: boolean) =>
  Array.from({ length: n }, (_, i) => ({ label: `Land Cruiser ${i + 1}`, armoured }));

/**
 * Through the level-5 zone at Dasu: the partner asks, and both parties' coordinators must approve
 * it (protection[level=5]), inside the level's hours of 07:00–17:00.
 */
export const highRiskMovement: DemoMovement = {
  party: 'cso',
  purpose: 'Crew rotation: Dasu engineers down the Karakoram Highway to Islamabad for leave',
  from: 'dasu',
  to: 'islamabad',
  via: kkhDasuToIslamabad,
  day: 2,
  departs: '07:00',
  arrives: '16:30',
  checkpoints: [
    ['Besham', '08:30'],
    ['Mansehra', '11:30'],
    ['Hasan Abdal', '14:30'],
  ],
  vehicles: landCruisers(2, true),
  passengers: 4,
};

/** The requests that stop short of approval, by the state they are left in. */
export const demoMovements: Record<'drafts' | 'submitted' | 'cancelled', DemoMovement[]> = {
  drafts: [
    {
      party: 'cso',
      purpose: 'Site visit to the Port Qasim power plant',
      from: 'karachi-office',
      to: 'port-qasim',
      via: cliftonToPortQasim,
      day: 3,
      departs: '08:00',
      arrives: '09:30',
      checkpoints: [['Quaidabad', '08:50']],
      vehicles: landCruisers(1, true),
      passengers: 2,
    },
    {
      party: 'cso',
      purpose: 'Depot engineers to Islamabad for the quarterly review',
      from: 'lahore',
      to: 'islamabad',
      via: lahoreToIslamabad,
      day: 4,
      departs: '07:00',
      arrives: '12:00',
      checkpoints: [['Bhera', '09:00']],
      vehicles: landCruisers(1, false),
      passengers: 3,
    },
  ],
  submitted: [
    highRiskMovement,
    {
      // The host organises the visit, so the host asks and the partner approves (level 1).
      party: 'ssd',
      purpose: 'Inspection of the Tarbela 5th extension works with the ministry delegation',
      from: 'islamabad',
      to: 'tarbela',
      via: islamabadToTarbela,
      day: 2,
      departs: '09:00',
      arrives: '11:00',
      checkpoints: [['Hasan Abdal', '10:00']],
      vehicles: landCruisers(2, false),
      passengers: 2,
    },
    {
      party: 'cso',
      purpose: 'Mine survey team to the Thar coal block',
      from: 'karachi-office',
      to: 'thar',
      via: karachiToThar,
      day: 3,
      departs: '06:00',
      arrives: '13:00',
      checkpoints: [
        ['Thatta', '07:15'],
        ['Mithi', '12:00'],
      ],
      vehicles: landCruisers(2, true),
      passengers: 2,
    },
  ],
  cancelled: [
    {
      party: 'cso',
      purpose: 'Plant managers to the liaison office for the contract meeting',
      from: 'port-qasim',
      to: 'karachi-office',
      via: [...cliftonToPortQasim].reverse(),
      day: 2,
      departs: '17:00',
      arrives: '18:30',
      checkpoints: [['Drigh Road', '17:50']],
      vehicles: landCruisers(1, true),
      passengers: 2,
    },
  ],
};

/** Why the cancelled movement was called off, as its coordinator wrote it. */
const cancelReason = 'The contract meeting moved to the plant: nobody needs to travel';

/**
 * The manual zone behind the high-risk movement: the Karakoram Highway from Besham to Dasu, where
 * convoys of foreign engineers were attacked (Dasu, July 2021; Besham, March 2024). Recorded by
 * the host's analyst; narrow enough (about 1,500 km²) to count at once, without a sign-off.
 */
export const demoZone: { level: number; reason: string; polygon: Polygon } = {
  level: 5,
  reason: 'KKH Besham–Dasu: attacks on convoys of foreign engineers (Dasu 2021, Besham 2024)',
  polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [72.78, 34.88],
        [72.98, 34.88],
        [73.1, 35.05],
        [73.38, 35.24],
        [73.38, 35.36],
        [73.2, 35.36],
        [72.92, 35.14],
        [72.78, 34.98],
        [72.78, 34.88],
      ],
    ],
  },
};

/**
 * Shahrah-e-Faisal at Jinnah International Airport, where a suicide car bomb hit a convoy of
 * engineers bound for the Port Qasim plant (October 2024): level 4, so the plant's road into the
 * city needs both parties' approval, an armed escort and an armoured car, by day. Recorded by the
 * host's analyst; about 27 km², clear of the coast road and the National Highway to the east.
 */
export const airportZone: typeof demoZone = {
  level: 4,
  reason: 'Shahrah-e-Faisal at Karachi airport: the car bomb on a convoy of foreign engineers (Oct 2024)',
  polygon: {
    type: 'Polygon',
    coordinates: [
      [
        [67.13, 24.88],
        [67.185, 24.88],
        [67.185, 24.925],
        [67.13, 24.925],
        [67.13, 24.88],
      ],
    ],
  },
};

/** The demo's users who act on movements, by username (`ssd-coordinator`, `cso-commander`, …). */
export type DemoActors = Record<string, UserActor>;

/** What a movement seeder needs: the actors, the persons still free to travel, and the clock. */
export interface DemoMovementContext {
  services: Services;
  actors: DemoActors;
  /** Takes `count` persons of a site who are in the country and on no demo movement yet. */
  passengersAt(siteKey: string, count: number): string[];
  /** A request's input, planned from the seed's day. */
  inputOf(movement: DemoMovement): MovementInput;
  /** Creates the request as its party's coordinator: a draft, marked as demo. */
  create(movement: DemoMovement): Promise<Movement>;
}

/** `HH:MM` local on the `day`th day after the seed's (in Karachi, UTC+5 all year). */
export function karachiTime(now: Date, day: number, time: string): string {
  const date = new Date(now.getTime() + 5 * 3_600_000 + day * 86_400_000).toISOString().slice(0, 10);
  return `${date}T${time}:00+05:00`;
}

/** A demo movement's time: `karachiTime`, or for `day: 'seed'` the offset `±H:MM` from the seed's minute. */
export function plannedTime(now: Date, day: DemoMovement['day'], time: string): string {
  if (day !== 'seed') return karachiTime(now, day, time);
  const offset = /^([+-])(\d{1,2}):(\d{2})$/.exec(time);
  if (!offset) throw new Error(`a time on the seed's day is an offset such as +1:30, not ${time}`);
  const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  const at = Math.floor(now.getTime() / 60_000) * 60_000 + minutes * 60_000;
  return `${new Date(at + 5 * 3_600_000).toISOString().slice(0, 16)}:00+05:00`;
}

function demoMovementContext(
  services: Services,
  actors: DemoActors,
  persons: readonly ListedPerson[],
  siteIds: Record<string, string>,
  now: Date,
): DemoMovementContext {
  const taken = new Set<string>();
  const site = (key: string) => {
    const found = demoSites.find((s) => s.key === key);
    if (!found) throw new Error(`no demo site ${key}`);
    return { ...found, id: siteIds[key]! };
  };
  const context: DemoMovementContext = {
    services,
    actors,
    passengersAt(siteKey, count) {
      const id = site(siteKey).id;
      const free = persons.filter((p) => p.siteId === id && p.status === 'in_country' && !taken.has(p.id));
      if (free.length < count) throw new Error(`the demo has ${free.length} persons free at ${siteKey}`);
      const chosen = free.slice(0, count).map((p) => p.id);
      for (const personId of chosen) taken.add(personId);
      return chosen;
    },
    inputOf(movement) {
      const [from, to] = [site(movement.from), site(movement.to)];
      const at = (time: string) => plannedTime(now, movement.day, time);
      const waypoints: Waypoint[] = [[from.lat, from.lon], ...movement.via, [to.lat, to.lon]];
      return {
        purpose: movement.purpose,
        passengers: context.passengersAt(movement.from, movement.passengers),
        origin: { siteId: from.id },
        destination: { siteId: to.id },
        route: { type: 'LineString', coordinates: waypoints.map(([lat, lon]) => [lon, lat]) },
        corridorMeters: 1_000,
        plannedDeparture: at(movement.departs),
        plannedArrival: at(movement.arrives),
        checkpoints: movement.checkpoints.map(([name, time]) => {
          const point = movement.via.find((w) => w[2] === name);
          if (!point) throw new Error(`no waypoint ${name} on the route of ${movement.purpose}`);
          return { name, lat: point[0], lon: point[1], plannedAt: at(time) };
        }),
        vehicles: movement.vehicles,
      };
    },
    create(movement) {
      return services.movements.create(actors[`${movement.party}-${movement.by ?? 'coordinator'}`]!, {
        ...context.inputOf(movement),
        isDemo: true,
      });
    },
  };
  return context;
}

/** The plant's road into the city past the airport (level 4): the cancelled request's, reversed. */
const portQasimToClifton: Waypoint[] = [...cliftonToPortQasim].reverse();

/** Ghazi Road and N-5 from the Tarbela works back to Islamabad. */
const tarbelaToIslamabad: Waypoint[] = [...islamabadToTarbela].reverse();

/**
 * The requests taken past submission, by the state they are left in, with what their users
 * wrote. The ones on the road (`day: 'seed'`) are at level 1, whose hours are any time, so they
 * depart whenever the demo is seeded; the others are planned from the second day after it, as
 * the requests above are.
 */
export const laterMovements = {
  /** Both coordinators approved it (level 4, dual key); no escort assigned yet. */
  approved: {
    party: 'cso',
    by: 'admin',
    purpose: 'Plant engineers to the liaison office for the grid-connection review',
    from: 'port-qasim',
    to: 'karachi-office',
    via: portQasimToClifton,
    day: 3,
    departs: '09:00',
    arrives: '10:30',
    checkpoints: [['Star Gate', '09:40']],
    vehicles: landCruisers(1, true),
    passengers: 1,
  },
  /** Approved by both, and the host's Falcon-1 assigned and accepted by its commander. */
  ready: {
    party: 'cso',
    by: 'admin',
    purpose: 'Shift handover: plant engineers past the airport to Clifton',
    from: 'port-qasim',
    to: 'karachi-office',
    via: portQasimToClifton,
    day: 2,
    departs: '08:00',
    arrives: '09:30',
    checkpoints: [['Star Gate', '08:40']],
    vehicles: landCruisers(1, true),
    passengers: 2,
  },
  /** On the road since an hour before the seed, past its first checkpoint. */
  underway: {
    party: 'cso',
    by: 'admin',
    purpose: 'Tarbela engineers back to the Islamabad residence after the turbine tests',
    from: 'tarbela',
    to: 'islamabad',
    via: tarbelaToIslamabad,
    day: 'seed',
    departs: '-1:00',
    arrives: '+1:00',
    checkpoints: [
      ['Hasan Abdal', '-0:30'],
      ['Golra Mor', '+0:40'],
    ],
    vehicles: landCruisers(1, false),
    passengers: 2,
  },
  /** Came in before the seed, with a debrief. */
  arrived: {
    party: 'cso',
    by: 'admin',
    purpose: 'Residence staff to the Tarbela works for the monthly safety audit',
    from: 'islamabad',
    to: 'tarbela',
    via: islamabadToTarbela,
    day: 'seed',
    departs: '-3:00',
    arrives: '-1:00',
    checkpoints: [['Hasan Abdal', '-2:00']],
    vehicles: landCruisers(1, false),
    passengers: 2,
  },
  /** Vetoed by the partner: the host asked, the partner's coordinator refused. */
  rejected: {
    party: 'ssd',
    purpose: 'Tarbela engineers to the ministry briefing in Islamabad',
    from: 'tarbela',
    to: 'islamabad',
    via: tarbelaToIslamabad,
    day: 4,
    departs: '08:00',
    arrives: '10:00',
    checkpoints: [['Hasan Abdal', '09:00']],
    vehicles: landCruisers(1, false),
    passengers: 2,
  },
  /** Set off and turned back: fog closed the motorway. */
  aborted: {
    party: 'cso',
    by: 'admin',
    purpose: 'Depot engineers to Islamabad for the signalling acceptance tests',
    from: 'lahore',
    to: 'islamabad',
    via: lahoreToIslamabad,
    day: 'seed',
    departs: '-2:00',
    arrives: '+2:30',
    checkpoints: [['Sheikhupura', '-1:40']],
    vehicles: landCruisers(1, false),
    passengers: 2,
  },
  /** Through the Dasu zone, approved by the host alone under break-glass, awaiting the partner's review. */
  breakGlass: {
    party: 'cso',
    purpose: 'Compassionate leave: a Dasu engineer to Islamabad for the flight home',
    from: 'dasu',
    to: 'islamabad',
    via: kkhDasuToIslamabad,
    day: 3,
    departs: '07:00',
    arrives: '16:30',
    checkpoints: [
      ['Besham', '08:30'],
      ['Mansehra', '11:30'],
    ],
    vehicles: landCruisers(2, true),
    passengers: 1,
  },
} as const satisfies Record<string, DemoMovement>;

/** What the demo's users wrote at each later step. */
export const laterNotes = {
  veto: 'The dam is in its safety shutdown that week: our engineers stay on site; ask again after it',
  abort: 'Fog closed the M-2 at Sheikhupura: the convoy turned back to the depot',
  debrief: 'On time; a slow police check at Hasan Abdal, no incident. Passengers delivered to the works.',
  breakGlass:
    "Bereavement leave: the engineer's father died, the flight home cannot wait, and the partner's approver is off duty",
};

/**
 * The later states, each through the services as the demo's users: approvals by both
 * coordinators, escorts assigned by the host's coordinator and accepted by their commander,
 * departure, checkpoint, arrival, abort and debrief by the movement's own coordinator, the
 * partner's veto of a host request, and the host's break-glass on a partner request (its review
 * left pending, so the flag stays visible). `context.create` makes the request, with persons on
 * no other demo movement.
 */
async function seedLaterStates(context: DemoMovementContext): Promise<void> {
  const { services, actors } = context;
  const host = actors['ssd-coordinator']!;
  const partner = actors['cso-coordinator']!;
  const { movementApprovals: approvals, escorts, movements } = services;
  const submitted = async (movement: DemoMovement) => {
    const created = await context.create(movement);
    return movements.submit(actors[`${movement.party}-${movement.by ?? 'coordinator'}`]!, created.id);
  };

  const approved = await submitted(laterMovements.approved);
  await approvals.decide(host, approved.id, 'approved', null);
  await approvals.decide(partner, approved.id, 'approved', null);

  const ready = await submitted(laterMovements.ready);
  await approvals.decide(host, ready.id, 'approved', null);
  await approvals.decide(partner, ready.id, 'approved', null);
  const escort = await unitByCallSign(context, demoCommandedUnits.ssd!);
  await escorts.assign(host, ready.id, escort);
  await escorts.accept(actors['ssd-commander']!, ready.id, escort);

  // Level 1 needs the partner's approval only: a ready movement at once, free to go at any hour.
  for (const state of ['underway', 'arrived', 'aborted'] as const) {
    const movement = await submitted(laterMovements[state]);
    await approvals.decide(partner, movement.id, 'approved', null);
    await movements.depart(partner, movement.id);
    if (state === 'underway') await movements.passCheckpoint(partner, movement.id, 0);
    if (state === 'arrived') {
      await movements.arrive(partner, movement.id);
      await movements.debrief(partner, movement.id, laterNotes.debrief);
    }
    if (state === 'aborted') await movements.abort(partner, movement.id, laterNotes.abort);
  }

  const rejected = await submitted(laterMovements.rejected);
  await approvals.decide(partner, rejected.id, 'rejected', laterNotes.veto);

  const breakGlass = await submitted(laterMovements.breakGlass);
  await approvals.breakGlass(host, breakGlass.id, laterNotes.breakGlass);
}

/** A unit's id by its call sign, as its party's coordinator finds it in the registry. */
async function unitByCallSign(context: DemoMovementContext, callSign: string): Promise<string> {
  const viewing = await context.services.visibility.viewing(context.actors['ssd-coordinator']!);
  const unit = (await context.services.units.list(viewing, { limit: 500 })).items.find(
    (u) => u.callSign === callSign,
  );
  if (!unit) throw new Error(`no demo unit ${callSign}`);
  return unit.id;
}

/**
 * Seeds the demo's movements after the registry: the Dasu zone (recorded by the host's analyst),
 * then drafts, submitted requests (among them the partner's through the zone, awaiting both
 * approvals) and a cancelled one, each through the service as its party's coordinator; then the
 * later states (see `seedLaterStates`).
 */
export async function seedDemoMovements(
  services: Services,
  actors: DemoActors,
  siteIds: Record<string, string>,
  now: Date,
): Promise<void> {
  for (const zone of [demoZone, airportZone])
    await services.risk.createZone(actors['ssd-analyst']!, { ...zone, expiresAt: null });
  // Every person of the partner, in name order: the host sees them all under the agreement.
  const viewing = await services.visibility.viewing(actors['cso-coordinator']!);
  const persons = (await services.persons.list(viewing, { limit: 500 })).items;
  const context = demoMovementContext(services, actors, persons, siteIds, now);

  for (const movement of demoMovements.drafts) await context.create(movement);
  for (const movement of demoMovements.submitted) {
    const created = await context.create(movement);
    await services.movements.submit(actors[`${movement.party}-coordinator`]!, created.id);
  }
  for (const movement of demoMovements.cancelled) {
    const actor = actors[`${movement.party}-coordinator`]!;
    const created = await context.create(movement);
    await services.movements.submit(actor, created.id);
    await services.movements.cancel(actor, created.id, cancelReason);
  }
  await seedLaterStates(context);
}
