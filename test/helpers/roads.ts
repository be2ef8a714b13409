import type { LatLon } from '../../src/risk/cell-walk.js';
import { haversineKm } from '../../src/risk/risk.js';

/**
 * Pakistani roads on which foreign nationals travel under escort, as waypoint lists through the
 * towns on them (approximate, to a few hundred metres): for movement tests and benchmarks.
 */
export const roads = {
  /** The Karakoram Highway (N-35), Havelian to the Khunjerab Pass, through Besham and Dasu. */
  karakoram: [
    [34.05, 73.16], // Havelian
    [34.15, 73.21], // Abbottabad
    [34.33, 73.2], // Mansehra
    [34.47, 73.27], // Shinkiari
    [34.68, 73.02], // Batagram
    [34.86, 72.92], // Thakot
    [34.93, 72.87], // Besham
    [35.1, 73.0], // Pattan
    [35.29, 73.29], // Dasu
    [35.53, 73.57], // Shatial
    [35.42, 74.1], // Chilas
    [35.49, 74.59], // Raikot Bridge
    [35.72, 74.61], // Jaglot
    [35.93, 74.37], // Dainyor, by Gilgit
    [36.08, 74.28], // Nomal
    [36.25, 74.32], // Chalt
    [36.3, 74.62], // Aliabad, Hunza
    [36.39, 74.86], // Gulmit
    [36.69, 74.82], // Sost
    [36.85, 75.43], // Khunjerab Pass
  ],
  /** The Karachi–Hyderabad motorway (M-9), Sohrab Goth to Hyderabad. */
  karachiHyderabad: [
    [24.95, 67.08], // Sohrab Goth, Karachi
    [25.02, 67.3], // Gadap
    [25.12, 67.58], // Thano Bula Khan turn-off
    [25.18, 67.87], // Nooriabad
    [25.3, 68.15], // Jamshoro turn-off
    [25.39, 68.37], // Hyderabad
  ],
  /** Quetta to Gwadar: N-25 to Surab, N-85 through Panjgur to Hoshab, M-8 through Turbat. */
  quettaGwadar: [
    [30.18, 66.99], // Quetta
    [29.8, 66.84], // Mastung
    [29.03, 66.59], // Kalat
    [28.49, 66.26], // Surab
    [27.91, 65.87], // Besima
    [27.4, 65.13], // Nag
    [26.97, 64.1], // Panjgur
    [26.02, 63.9], // Hoshab
    [26.0, 63.05], // Turbat
    [25.13, 62.32], // Gwadar
  ],
} satisfies Record<string, [number, number][]>;

export type Road = keyof typeof roads;

/** A road's waypoints, with a point at least every `stepKm` between them, as a road is drawn. */
export function roadRoute(road: Road, stepKm = 2): LatLon[] {
  const towns = roads[road].map(([lat, lon]) => ({ lat, lon }));
  const out: LatLon[] = [towns[0]!];
  for (let i = 1; i < towns.length; i++) {
    const a = towns[i - 1]!;
    const b = towns[i]!;
    const steps = Math.max(1, Math.ceil(haversineKm(a, b) / stepKm));
    for (let s = 1; s <= steps; s++)
      out.push({ lat: a.lat + ((b.lat - a.lat) * s) / steps, lon: a.lon + ((b.lon - a.lon) * s) / steps });
  }
  return out;
}
