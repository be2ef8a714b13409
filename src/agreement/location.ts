/** A point as stored: WGS 84 degrees. */
export interface Point {
  lat: number;
  lon: number;
}

/** Side of an `area` cell in degrees: 0.2° is about 22 km north–south, 20 km east–west at 25° N. */
export const areaCellDegrees = 0.2;

/** A location as shown to a viewer: exact, the centre of a coarse cell, or nothing. */
export type SharedLocation =
  | { precision: 'exact'; lat: number; lon: number }
  | { precision: 'area'; lat: number; lon: number; cellKm: number };

/**
 * The centre of the fixed grid cell that holds the point. Fixed cells (not a random offset) mean
 * repeated fixes cannot be averaged back to the true position.
 */
export function coarsen(point: Point): SharedLocation {
  const snap = (value: number) =>
    Math.round((Math.floor(value / areaCellDegrees) + 0.5) * areaCellDegrees * 1e6) / 1e6;
  return { precision: 'area', lat: snap(point.lat), lon: snap(point.lon), cellKm: 20 };
}

export function exactly(point: Point): SharedLocation {
  return { precision: 'exact', lat: point.lat, lon: point.lon };
}
