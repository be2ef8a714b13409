import type { components, paths } from '../api/schema.js';
import { can } from '../app/can.js';

/** Who looks: the signed-in user's party and roles (a plain shape, so the rules test without the app). */
interface Viewer {
  partyId: string;
  partyKind: 'host' | 'partner';
  roles: readonly string[];
}

export type Movement = components['schemas']['Movement'];
export type MovementState = NonNullable<Movement['state']>;
export type Assessment = components['schemas']['MovementAssessment'];
export type HistoryEntry = components['schemas']['MovementHistoryEntry'];
/** A request as `POST /api/v1/movements` and `POST /api/v1/movements/assess` take it. */
export type MovementRequest = NonNullable<
  paths['/api/v1/movements']['post']['requestBody']
>['content']['application/json'];

// Each state, as a record over the API's type so the compiler finds one missing; in board order.
const stateSet: Record<MovementState, true> = {
  draft: true,
  submitted: true,
  approved: true,
  ready: true,
  underway: true,
  rejected: true,
  arrived: true,
  aborted: true,
  cancelled: true,
};
export const movementStates = Object.keys(stateSet) as MovementState[];
/** The board's columns: the states a movement is still going through. */
export const openStates: MovementState[] = ['draft', 'submitted', 'approved', 'ready', 'underway'];
/** Over: shown folded under the columns. */
export const closedStates: MovementState[] = ['rejected', 'arrived', 'aborted', 'cancelled'];

export const movementsPath = (sub = '', query: Record<string, string | undefined> = {}) => {
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  return `/movements${sub ? '/' + sub : ''}${search ? '?' + search : ''}`;
};

/** The board's filters, as kept in the address. */
export interface Filters {
  q?: string;
  state?: string;
  minLevel?: string;
  side?: string;
  from?: string;
  to?: string;
}
export const filterNames = ['q', 'state', 'minLevel', 'side', 'from', 'to'] as const;
export const filtersOf = (query: URLSearchParams): Filters =>
  Object.fromEntries(filterNames.flatMap((name) => (query.get(name) ? [[name, query.get(name)!]] : [])));

/** Whether a movement passes the board's filters that the API does not apply itself. */
export function passes(movement: Movement, filters: Filters, me: Viewer): boolean {
  if (filters.q && !(movement.purpose ?? '').toLowerCase().includes(filters.q.toLowerCase())) return false;
  if (filters.minLevel && (movement.riskLevel ?? 0) < Number(filters.minLevel)) return false;
  if (filters.side === 'ours' && movement.partyId !== me.partyId) return false;
  if (filters.side === 'theirs' && movement.partyId === me.partyId) return false;
  const departure = movement.plannedDeparture?.slice(0, 10);
  if (filters.from && departure && departure < filters.from) return false;
  if (filters.to && departure && departure > filters.to) return false;
  return true;
}

/**
 * The actions the viewer's roles allow on a movement in its state: the request's own party's for
 * the request; the execution for those who execute, of the movement's own party or the host (who
 * escorts). The server still decides each call (the agreement may refuse a departure, naming the
 * clause).
 */
export type MovementActionName = 'submit' | 'cancel' | 'depart' | 'arrive' | 'abort' | 'debrief';

export function actionsFor(movement: Movement, me: Viewer): MovementActionName[] {
  const ours = movement.partyId === me.partyId;
  const requests = ours && can(me, 'movement.request');
  const executes = (ours || me.partyKind === 'host') && can(me, 'movement.execute');
  const state = movement.state;
  const actions: MovementActionName[] = [];
  if (requests && state === 'draft') actions.push('submit');
  if (executes && state === 'ready') actions.push('depart');
  if (executes && state === 'underway') actions.push('arrive', 'abort');
  if (executes && (state === 'arrived' || state === 'aborted') && movement.debrief == null)
    actions.push('debrief');
  if (requests && state && ['draft', 'submitted', 'approved', 'ready'].includes(state))
    actions.push('cancel');
  return actions;
}

/** The actions that need a reason or a note typed first. */
export const actionsWithText: Partial<Record<MovementActionName, 'reason' | 'note'>> = {
  cancel: 'reason',
  abort: 'reason',
  debrief: 'note',
};

export interface LatLon {
  lat: number;
  lon: number;
}

/** Five decimals: about a metre. */
export const rounded = (value: number) => Math.round(value * 1e5) / 1e5;

/** The waypoints typed one per line as "lat, lon"; the 1-based lines that are not. */
export function parseWaypoints(text: string): { points: LatLon[]; badLines: number[] } {
  const points: LatLon[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const match = /^\s*(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line);
    const lat = Number(match?.[1]);
    const lon = Number(match?.[2]);
    if (!match || Math.abs(lat) > 90 || Math.abs(lon) > 180) badLines.push(i + 1);
    else points.push({ lat, lon });
  });
  return { points, badLines };
}

export const waypointsText = (points: LatLon[]) => points.map((p) => `${p.lat}, ${p.lon}`).join('\n');
