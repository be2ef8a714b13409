import type { components } from '../api/schema.js';

export type RollcallSummary = components['schemas']['RollcallSummary'];
export type RollcallBoard = components['schemas']['RollcallBoard'];
export type BoardSubject = RollcallBoard['subjects'][number];
export type CurvePoint = RollcallBoard['curve'][number];

/** A `rollcall` frame to staff: the roll-call's summary after each change. */
export interface RollcallFrame {
  type: 'rollcall';
  seq: number;
  event: string;
  rollcall: RollcallSummary;
}

export const isRollcallFrame = (frame: { type: string }): frame is RollcallFrame =>
  frame.type === 'rollcall' && typeof (frame as { rollcall?: unknown }).rollcall === 'object';

/** The list with a summary from the stream in its place, or first when it is new. */
export function mergeSummary(list: readonly RollcallSummary[], summary: RollcallSummary): RollcallSummary[] {
  if (!list.some((r) => r.id === summary.id)) return [summary, ...list];
  return list.map((r) => (r.id === summary.id ? summary : r));
}

/** A circle as the polygon the API takes: `steps` points on it, the ring closed. */
export function circlePolygon(center: { lat: number; lon: number }, radiusM: number, steps = 32) {
  const dLat = radiusM / 111_320;
  const dLon = radiusM / (111_320 * Math.cos((center.lat * Math.PI) / 180));
  const ring: [number, number][] = [];
  for (let i = 0; i < steps; i++) {
    const a = (2 * Math.PI * i) / steps;
    ring.push([round(center.lon + dLon * Math.cos(a)), round(center.lat + dLat * Math.sin(a))]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon' as const, coordinates: [ring] };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The accounted-for curve as an SVG path in a `width` × `height` box: a step up at each answer,
 * from the start to `endMs` (now, or the last answer).
 */
export function curvePath(
  curve: readonly CurvePoint[],
  endMs: number,
  width: number,
  height: number,
): string {
  const span = Math.max(endMs, curve.at(-1)?.afterMs ?? 0, 1);
  const x = (ms: number) => round2((ms / span) * width);
  const y = (share: number) => round2(height - share * height);
  let path = `M0 ${y(0)}`;
  let last = 0;
  for (const point of curve) {
    path += ` H${x(point.afterMs)} V${y(point.share)}`;
    last = point.share;
  }
  return `${path} H${width} V${y(last)}`;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** A duration in whole minutes and seconds ("4 min 05 s"), in numbers the locale writes. */
export function durationParts(ms: number): { minutes: number; seconds: number } {
  const total = Math.round(ms / 1000);
  return { minutes: Math.floor(total / 60), seconds: total % 60 };
}
