/**
 * One position report as a device protocol gives it, normalised to one set of units, before it is
 * tied to the device's subject. OwnTracks, Traccar Client and OsmAnd each map onto this.
 */
export interface Fix {
  /** WGS 84 degrees. */
  lat: number;
  lon: number;
  /** When the device took the fix (not when it arrived): it identifies the fix with the device. */
  fixAt: Date;
  /** Horizontal accuracy radius, metres. */
  accuracyM: number | null;
  altitudeM: number | null;
  speedKmh: number | null;
  /** Course over ground, degrees clockwise from north, 0–360. */
  headingDeg: number | null;
  /** 0–100. */
  batteryPct: number | null;
  charging: boolean | null;
  /** The device raised an alarm (OsmAnd `alarm=sos`). */
  sos: boolean;
  /** Anything else the device sent, kept as given (OwnTracks `conn`, `bs`, `inregions`; OsmAnd `hdop`…). */
  attributes: Record<string, FixAttribute>;
}

export type FixAttribute = string | number | boolean | null | readonly string[];

/** A fix that says where and when and nothing else; `more` adds what a report does say. */
export function bareFix(point: { lat: number; lon: number }, at: Date, more: Partial<Fix> = {}): Fix {
  return {
    lat: point.lat,
    lon: point.lon,
    fixAt: at,
    accuracyM: null,
    altitudeM: null,
    speedKmh: null,
    headingDeg: null,
    batteryPct: null,
    charging: null,
    sos: false,
    attributes: {},
    ...more,
  };
}
