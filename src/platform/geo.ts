import { z } from 'zod';

/**
 * Geometry, pure and free of domain words: GeoJSON polygons (RFC 7946, read in the
 * longitude–latitude plane, as every containment test here reads them), whether a point is inside
 * one, whether one is a well-formed area, and how large it is. Zones and site perimeters share it.
 */

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A GeoJSON Polygon (RFC 7946): closed rings of at least four positions, longitude first. */
export const polygonInput = z
  .object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).min(4)).min(1) })
  .refine(
    (p) => p.coordinates.every((ring) => ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1]),
    {
      message: 'each ring ends where it starts',
    },
  );
export type Polygon = z.output<typeof polygonInput>;

/** A GeoJSON FeatureCollection (RFC 7946) for a map: features of one geometry, with their properties. */
export const featureCollectionSchema = (geometry: z.ZodType) =>
  z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry,
        properties: z.record(z.string(), z.unknown()),
      }),
    ),
  });

/** Whether a point lies inside a polygon's outer ring (ray casting; holes are outside). */
export function isInside(point: { lat: number; lon: number }, polygon: Polygon): boolean {
  const inRing = (ring: [number, number][]) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi)
        inside = !inside;
    }
    return inside;
  };
  const [outer, ...holes] = polygon.coordinates;
  return inRing(outer!) && !holes.some(inRing);
}

/** What is wrong with a polygon, and where: `ring` and `vertex` index its coordinates. */
export interface PolygonProblem {
  message: string;
  ring?: number;
  vertex?: number;
}

/** Where a problem lies, for a message: ` ring 0 position 3`, or nothing for the whole polygon. */
export function placeOf({ ring, vertex }: PolygonProblem): string {
  if (ring === undefined) return '';
  return vertex === undefined ? ` ring ${ring}` : ` ring ${ring} position ${vertex}`;
}

const earthRadiusKm = 6371.0088;
/** Below this the polygon is a line or a point, not an area (a 30 m square is 0.001 km²). */
export const minPolygonAreaKm2 = 0.001;

type Ring = readonly (readonly number[])[];

/**
 * The area of a ring on the sphere, in km² (the spherical-excess sum of d3-geo and turf), with no
 * sign: either winding is accepted, as RFC 7946 asks of parsers.
 */
export function ringAreaKm2(ring: Ring): number {
  const rad = Math.PI / 180;
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    sum += (lon2! - lon1!) * rad * (2 + Math.sin(lat1! * rad) + Math.sin(lat2! * rad));
  }
  return Math.abs((sum * earthRadiusKm * earthRadiusKm) / 2);
}

/** The area inside the outer ring and outside the holes, in km². */
export function polygonAreaKm2(polygon: Polygon): number {
  const [outer, ...holes] = polygon.coordinates;
  return Math.max(0, ringAreaKm2(outer!) - holes.reduce((sum, hole) => sum + ringAreaKm2(hole), 0));
}

/** How many positions the polygon's rings hold, closing positions included. */
export function vertexCount(polygon: Polygon): number {
  return polygon.coordinates.reduce((sum, ring) => sum + ring.length, 0);
}

/** The sign of the turn a → b → c: positive left, negative right, 0 collinear. */
function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}

/** Whether c, collinear with a–b, lies on the segment a–b. */
function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** Whether segments p1–p2 and q1–q2 share any point, ends included. */
export function segmentsTouch(
  p1x: number,
  p1y: number,
  p2x: number,
  p2y: number,
  q1x: number,
  q1y: number,
  q2x: number,
  q2y: number,
): boolean {
  const o1 = orientation(p1x, p1y, p2x, p2y, q1x, q1y);
  const o2 = orientation(p1x, p1y, p2x, p2y, q2x, q2y);
  const o3 = orientation(q1x, q1y, q2x, q2y, p1x, p1y);
  const o4 = orientation(q1x, q1y, q2x, q2y, p2x, p2y);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(p1x, p1y, p2x, p2y, q1x, q1y)) return true;
  if (o2 === 0 && onSegment(p1x, p1y, p2x, p2y, q2x, q2y)) return true;
  if (o3 === 0 && onSegment(q1x, q1y, q2x, q2y, p1x, p1y)) return true;
  if (o4 === 0 && onSegment(q1x, q1y, q2x, q2y, p2x, p2y)) return true;
  return false;
}

/** A ring without its repeated consecutive positions; still closed. */
function withoutRepeats(ring: Ring): { x: number; y: number; index: number }[] {
  const out: { x: number; y: number; index: number }[] = [];
  ring.forEach(([x, y], index) => {
    const last = out.at(-1);
    if (!last || last.x !== x || last.y !== y) out.push({ x: x!, y: y!, index });
  });
  return out;
}

/** Whether a point is inside a closed ring (ray casting). */
function insideRing(x: number, y: number, ring: { x: number; y: number }[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

interface Edge {
  ring: number;
  /** Index of the edge within its ring (after repeats are dropped), and the ring's edge count. */
  at: number;
  of: number;
  /** The vertex of the input where the edge starts. */
  vertex: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  minX: number;
  maxX: number;
}

/**
 * The first pair of edges that cross or touch, other than neighbours meeting at their shared
 * vertex. A sweep over edges sorted by their least longitude compares only edges whose
 * longitudes overlap, so a long ring costs about n log n, not n².
 */
function firstIntersection(rings: { x: number; y: number; index: number }[][]): [Edge, Edge] | null {
  const edges: Edge[] = [];
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++) {
      const a = ring[i]!;
      const b = ring[i + 1]!;
      edges.push({
        ring: r,
        at: i,
        of: ring.length - 1,
        vertex: a.index,
        ax: a.x,
        ay: a.y,
        bx: b.x,
        by: b.y,
        minX: Math.min(a.x, b.x),
        maxX: Math.max(a.x, b.x),
      });
    }
  });
  edges.sort((e, f) => e.minX - f.minX);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    for (let j = i + 1; j < edges.length && edges[j]!.minX <= e.maxX; j++) {
      const f = edges[j]!;
      if (Math.max(e.ay, e.by) < Math.min(f.ay, f.by) || Math.max(f.ay, f.by) < Math.min(e.ay, e.by))
        continue;
      const neighbours =
        e.ring === f.ring && (Math.abs(e.at - f.at) === 1 || Math.abs(e.at - f.at) === e.of - 1);
      if (neighbours) {
        // Neighbours share one vertex; they may not fold back over each other (a spike).
        const [shared, eOther, fOther] =
          e.bx === f.ax && e.by === f.ay
            ? [
                { x: e.bx, y: e.by },
                { x: e.ax, y: e.ay },
                { x: f.bx, y: f.by },
              ]
            : [
                { x: e.ax, y: e.ay },
                { x: e.bx, y: e.by },
                { x: f.ax, y: f.ay },
              ];
        const folds =
          orientation(shared.x, shared.y, eOther.x, eOther.y, fOther.x, fOther.y) === 0 &&
          (eOther.x - shared.x) * (fOther.x - shared.x) + (eOther.y - shared.y) * (fOther.y - shared.y) > 0;
        if (folds) return [e, f];
        continue;
      }
      if (segmentsTouch(e.ax, e.ay, e.bx, e.by, f.ax, f.ay, f.bx, f.by)) return [e, f];
    }
  }
  return null;
}

/**
 * What makes a polygon unfit to be an area, or null: positions out of range or not finite,
 * rings not closed, fewer than three distinct positions, no area, rings that cross or touch
 * themselves or each other, holes outside the outer ring or inside another hole, and a span of
 * 180° of longitude or more (an antimeridian crossing, which RFC 7946 asks to split).
 */
export function polygonProblem(polygon: Polygon): PolygonProblem | null {
  const rings = polygon.coordinates;
  if (rings.length === 0) return { message: 'A polygon has an outer ring' };
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const [r, ring] of rings.entries()) {
    for (const [v, position] of ring.entries()) {
      const [lon, lat] = position;
      if (position.length !== 2 || !Number.isFinite(lon) || !Number.isFinite(lat))
        return { message: 'A position is [longitude, latitude], two finite numbers', ring: r, vertex: v };
      if (lon! < -180 || lon! > 180)
        return { message: 'A longitude is between -180 and 180', ring: r, vertex: v };
      if (lat! < -90 || lat! > 90) return { message: 'A latitude is between -90 and 90', ring: r, vertex: v };
      minLon = Math.min(minLon, lon!);
      maxLon = Math.max(maxLon, lon!);
    }
    const first = ring[0];
    const last = ring.at(-1);
    if (!first || !last || first[0] !== last[0] || first[1] !== last[1])
      return { message: 'Each ring ends where it starts', ring: r };
  }
  if (maxLon - minLon >= 180)
    return { message: 'The polygon spans 180° of longitude or more; split it at the antimeridian' };
  const cleaned = rings.map(withoutRepeats);
  for (const [r, ring] of cleaned.entries())
    if (ring.length < 4) return { message: 'A ring has at least three distinct positions', ring: r };
  const crossing = firstIntersection(cleaned);
  if (crossing) {
    const [e, f] = crossing;
    const message =
      e.ring === f.ring
        ? `Ring ${e.ring} crosses or touches itself`
        : `Rings ${Math.min(e.ring, f.ring)} and ${Math.max(e.ring, f.ring)} cross or touch`;
    const at = e.vertex < f.vertex || e.ring !== f.ring ? e : f;
    return { message, ring: at.ring, vertex: at.vertex };
  }
  for (const [r, ring] of cleaned.entries()) {
    if (ringAreaKm2(ring.map((p) => [p.x, p.y])) < minPolygonAreaKm2)
      return { message: `A ring encloses no area (less than ${minPolygonAreaKm2} km²)`, ring: r };
  }
  // No ring crosses another, so one position tells on which side of a ring a whole hole lies.
  const [outer, ...holes] = cleaned;
  for (const [h, hole] of holes.entries()) {
    const { x, y } = hole[0]!;
    if (!insideRing(x, y, outer!)) return { message: 'A hole lies inside the outer ring', ring: h + 1 };
    for (const [k, other] of holes.entries()) {
      if (k !== h && insideRing(x, y, other))
        return { message: 'A hole lies inside the outer ring, not inside another hole', ring: h + 1 };
    }
  }
  return null;
}
