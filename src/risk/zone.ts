import type { PartyKind, Role } from '../access/actor.js';

import type { AppError } from '../platform/errors.js';
import { fieldRefused } from '../platform/errors.js';
import {
  type Polygon,
  placeOf,
  polygonAreaKm2,
  polygonProblem,
  type PolygonProblem,
  vertexCount,
} from '../platform/geo.js';

/**
 * The rules of analysts' risk zones, pure: what a zone may be, and when it needs the other
 * party's sign-off before it counts.
 */

export interface ZoneLimits {
  /** Positions over all rings: a district boundary simplified for the map has a few hundred. */
  maxVertices: number;
  /** Pakistan is about 882,000 km²; a zone larger than the country is not a zone. */
  maxAreaKm2: number;
  /** A zone that raises the level over more than this needs the other party's sign-off. */
  signOffAreaKm2: number;
}

export const defaultZoneLimits: ZoneLimits = {
  maxVertices: 2000,
  maxAreaKm2: 1_000_000,
  signOffAreaKm2: 10_000,
};

/** Why a zone waits for the other party: it forbids movement, it lowers the level, or it is wide. */
export const signOffReasons = ['extreme', 'lowers', 'wide'] as const;
export type SignOffReason = (typeof signOffReasons)[number];

export type ZoneProblem =
  | ({ kind: 'invalid' } & PolygonProblem)
  | { kind: 'too_large'; message: string; limit: number; value: number };

/** What is wrong with a zone's polygon, or null; well-formedness first, then the limits. */
export function zoneProblem(polygon: Polygon, limits: ZoneLimits = defaultZoneLimits): ZoneProblem | null {
  const vertices = vertexCount(polygon);
  if (vertices > limits.maxVertices)
    return {
      kind: 'too_large',
      message: `A zone has at most ${limits.maxVertices} positions, not ${vertices}; simplify its boundary`,
      limit: limits.maxVertices,
      value: vertices,
    };
  const invalid = polygonProblem(polygon);
  if (invalid) return { kind: 'invalid', ...invalid };
  const area = polygonAreaKm2(polygon);
  if (area > limits.maxAreaKm2)
    return {
      kind: 'too_large',
      message: `A zone covers at most ${limits.maxAreaKm2.toLocaleString('en')} km²; this one covers ${Math.round(area).toLocaleString('en')} km²`,
      limit: limits.maxAreaKm2,
      value: Math.round(area),
    };
  return null;
}

/**
 * Whether a new zone needs the other party's sign-off, and why: any level-6 zone (the agreement
 * forbids movement there), one that lowers the grid's level anywhere inside it, and one that
 * raises it somewhere over more than the set area. Null: it counts at once.
 */
export function signOffReason(
  zone: { level: number; areaKm2: number; computed: { min: number; max: number } },
  limits: ZoneLimits = defaultZoneLimits,
): SignOffReason | null {
  if (zone.level === 6) return 'extreme';
  if (zone.level < zone.computed.max) return 'lowers';
  if (zone.areaKm2 > limits.signOffAreaKm2 && zone.level > zone.computed.min) return 'wide';
  return null;
}

/** The roles of the other party that sign off a zone. */
export const signOffRoles: readonly Role[] = ['admin', 'coordinator'];

/** Why a sign-off is refused to this approver, or null when they may give it. */
export function signOffRefusal(
  approver: { partyId: string | null; partyKind: PartyKind | null; roles: readonly Role[] },
  recorder: { partyId: string; partyKind: PartyKind },
): string | null {
  if (!approver.partyId || !approver.partyKind) return 'A zone is signed off by a user of a party';
  if (approver.partyId === recorder.partyId) return "A zone needs the other party's sign-off, not its own";
  // The host signs off a partner's zone; a partner the host's. One partner does not sign for another.
  if (approver.partyKind === recorder.partyKind)
    return `A ${recorder.partyKind}'s zone is signed off by the ${recorder.partyKind === 'host' ? 'partner' : 'host'}`;
  if (!approver.roles.some((r) => signOffRoles.includes(r)))
    return "A zone is signed off by the other party's coordinator or admin";
  return null;
}

/** A zone's polygon refused by the rules, as the one error body: the field is `polygon`. */
export function zoneRefusal(polygon: Polygon): AppError | null {
  const problem = zoneProblem(polygon, defaultZoneLimits);
  if (!problem) return null;
  if (problem.kind === 'too_large')
    return fieldRefused('zone_too_large', 'polygon', `polygon: ${problem.message}`, {
      limit: problem.limit,
      value: problem.value,
    });
  const { message, ring, vertex } = problem;
  return fieldRefused('invalid_polygon', 'polygon', `polygon${placeOf(problem)}: ${message}`, {
    ring,
    vertex,
  });
}
