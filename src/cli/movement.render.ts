import { riskLevelNames } from '../agreement/agreement.schema.js';
import type { MovementAssessment } from '../movements/movement.assessment.js';
import type { MovementHistoryEntry } from '../movements/movement-history.presenter.js';
import { localTime } from '../platform/local-time.js';
import type { Presented } from '../registry/registry.presenter.js';

/**
 * `jsms movement list` and `show` as text, pure: movements as the presenter showed them (a
 * withheld field is absent and printed as such), with the names the caller could resolve.
 */

type Shown = Presented<'movement'>;

/** What the caller resolved for the viewer: names of sites, persons, units and users by id. */
export interface Names {
  sites: ReadonlyMap<string, string>;
  persons: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

const withheld = 'withheld';

const coordinates = (lat: number, lon: number) => `${lat.toFixed(4)}, ${lon.toFixed(4)}`;

function placeText(place: Shown['origin'], names: Names): string {
  if (!place) return withheld;
  const name = place.siteId ? names.sites.get(place.siteId) : undefined;
  return name ?? coordinates(place.lat, place.lon);
}

function riskText(level: number | null | undefined): string {
  if (level === undefined) return withheld;
  if (level === null) return 'not assessed';
  return `${level} ${riskLevelNames[level - 1] ?? ''}`.trim();
}

const kmText = (km: number) => `${km.toFixed(1)} km`;

/** Lines of a table: each column as wide as its widest cell, the last one left ragged. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The list: one line per movement, in the order given (soonest departure first). */
export function renderList(movements: readonly Shown[], names: Names, timeZone: string): string[] {
  if (movements.length === 0) return ['No movements.'];
  return table(
    ['STATE', `DEPARTURE (${timeZone})`, 'ORIGIN → DESTINATION', 'RISK', 'PASSENGERS', 'ID'],
    movements.map((m) => [
      m.state ?? withheld,
      m.plannedDeparture ? localTime(m.plannedDeparture, timeZone) : withheld,
      `${placeText(m.origin, names)} → ${placeText(m.destination, names)}`,
      riskText(m.riskLevel),
      m.passengers ? String(m.passengers.length) : withheld,
      m.id,
    ]),
  );
}

/** What the assessment asks, each requirement beside the clause of the agreement it comes from. */
function renderAssessment(assessment: MovementAssessment): string[] {
  const { required } = assessment;
  const { clause, timeZone } = required;
  const byLevel = Object.entries(assessment.kmByLevel)
    .filter(([, km]) => km > 0)
    .map(([level, km]) => `level ${level} ${kmText(km)}`)
    .join(', ');
  const requirements: [string, string, string][] = [
    ['armed escort vehicles', String(required.armedEscortVehicles), `${clause}.armedEscortVehicles`],
    [
      'armoured passenger vehicle',
      required.armouredPassengerVehicle ? 'yes' : 'no',
      `${clause}.armouredPassengerVehicle`,
    ],
    [
      'allowed hours',
      required.allowedHours
        ? `${required.allowedHours.from}–${required.allowedHours.to} (${timeZone})`
        : 'any time',
      `${clause}.allowedHours`,
    ],
    ['approvals', required.approvals.join(' and ') || 'none', `${clause}.approvals`],
  ];
  if (required.forbidden)
    requirements.push([
      'forbidden',
      `unless exempted by ${required.exemptionApprovals.join(' and ')}`,
      `${clause}.forbidden`,
    ]);
  for (const [kind, parties] of Object.entries(required.providers))
    requirements.push([`${kind} provided by`, parties.join(', ') || 'nobody', `unitKinds.${kind}`]);
  const breaches = assessment.breaches.map((b) => `    ${b.rule} (${b.clause}): ${b.message}`);
  return [
    `Assessment (agreement v${assessment.agreementVersion}, as of ${localTime(assessment.asOf, timeZone)})`,
    `  risk level ${riskText(assessment.riskLevel)} over ${kmText(assessment.km)}${byLevel ? `: ${byLevel}` : ''}`,
    `  requirements (${clause}):`,
    ...table(
      ['    requirement', 'value', 'clause'],
      requirements.map(([a, b, c]) => [`    ${a}`, b, c]),
    ),
    breaches.length > 0 ? '  breaches:' : '  breaches: none',
    ...breaches,
  ];
}

function historyLine(entry: MovementHistoryEntry, names: Names, timeZone: string): string[] {
  const states = entry.from && entry.to ? `${entry.from} → ${entry.to}` : entry.to ? `→ ${entry.to}` : '';
  // No actor: the server acted, or the agreement withholds which of the party's users did.
  const actor = entry.actorId
    ? (names.users.get(entry.actorId) ?? entry.actorId)
    : entry.partyId
      ? 'a user'
      : 'the system';
  const party = entry.partyId ? ` (${entry.partyId})` : '';
  const version = entry.agreementVersion === null ? '' : `, agreement v${entry.agreementVersion}`;
  const details = entry.details && Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '';
  return [
    localTime(entry.at, timeZone),
    entry.kind,
    states,
    `by ${actor}${party}${version}${details ? `  ${details}` : ''}`,
  ];
}

/** One movement whole: the request, its assessment, its checkpoints and its timeline. */
export function renderMovement(
  movement: Shown,
  history: readonly MovementHistoryEntry[],
  names: Names,
  timeZone: string,
): string[] {
  const at = (instant: string | null | undefined) =>
    instant === undefined ? withheld : instant === null ? '—' : localTime(instant, timeZone);
  const list = (ids: readonly string[] | undefined, of: ReadonlyMap<string, string>) =>
    ids === undefined ? withheld : ids.length === 0 ? 'none' : ids.map((id) => of.get(id) ?? id).join(', ');
  const vehicles = movement.vehicles
    ? movement.vehicles.map((v) => (v.armoured ? `${v.label} (armoured)` : v.label)).join(', ')
    : withheld;
  const route = movement.route
    ? `${movement.route.coordinates.length} waypoints, corridor ${movement.corridorMeters ?? '?'} m`
    : withheld;
  const request: [string, string][] = [
    ['state', movement.state ?? withheld],
    ['party', movement.partyId],
    ['purpose', movement.purpose ?? withheld],
    ['origin', placeText(movement.origin, names)],
    ['destination', placeText(movement.destination, names)],
    ['route', route],
    [`departure (${timeZone})`, at(movement.plannedDeparture)],
    [`arrival (${timeZone})`, at(movement.plannedArrival)],
    [`passengers`, list(movement.passengers, names.persons)],
    ['vehicles', vehicles],
    [
      'escort units',
      list(
        movement.units?.map((u) => u.unitId),
        names.units,
      ),
    ],
    [
      'requested by',
      movement.requestedBy === undefined
        ? withheld
        : (names.users.get(movement.requestedBy) ?? movement.requestedBy),
    ],
  ];
  if (movement.departedAt) request.push(['departed', at(movement.departedAt)]);
  if (movement.arrivedAt) request.push(['arrived', at(movement.arrivedAt)]);
  if (movement.endedReason) request.push(['ended because', movement.endedReason]);
  if (movement.debrief) request.push(['debrief', movement.debrief]);
  if (movement.withheld.length > 0) request.push(['withheld from you', movement.withheld.join(', ')]);
  const width = Math.max(...request.map(([label]) => label.length));

  const checkpoints =
    movement.checkpoints === undefined
      ? ['  withheld']
      : movement.checkpoints.length === 0
        ? ['  none']
        : table(
            ['  #', 'name', 'position', 'planned', 'passed'],
            movement.checkpoints.map((c) => [
              `  ${c.position + 1}`,
              c.name,
              coordinates(c.lat, c.lon),
              localTime(c.plannedAt, timeZone),
              c.passedAt ? localTime(c.passedAt, timeZone) : '—',
            ]),
          );
  const assessment =
    movement.assessment === undefined
      ? ['Assessment: withheld']
      : movement.assessment === null
        ? ['Assessment: none yet (a movement is assessed when it is submitted)']
        : renderAssessment(movement.assessment);
  return [
    `Movement ${movement.id} (version ${movement.version ?? '?'})`,
    ...request.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    ...assessment,
    '',
    'Checkpoints',
    ...checkpoints,
    '',
    `Timeline (${timeZone})`,
    ...(history.length === 0
      ? ['  none']
      : table(
          ['  at', 'change', 'states', 'who'],
          history
            .map((h) => historyLine(h, names, timeZone))
            .map(([first, ...rest]) => [`  ${first}`, ...rest]),
        )),
  ];
}
