/**
 * The links that configure a phone's tracking app for one device token: scanned as a QR code or
 * opened on the phone, they set the server, the credentials and how often to report.
 *
 * Sources for the keys and values (read in December 2026):
 * - OwnTracks: the booklet's `tech/json.md` (`_type=configuration`) and `features/remoteconfig.md`
 *   (URL config); owntracks/android `preferences/Preferences.kt`, `DefaultsProvider.kt`,
 *   `ui/preferences/load/LoadViewModel.kt`, `net/http/HttpMessageProcessorEndpoint.kt`; owntracks/ios
 *   `Settings.m` (`fromDictionary`) and `OwnTracksAppDelegate.m` (`processURIConfig`).
 * - Traccar Client 9.5.3 and later (the Flutter app, traccar/traccar-client): `lib/main.dart`
 *   (`_handleUri`), `lib/configuration_service.dart` and `lib/preferences.dart`; the scheme is
 *   registered in its AndroidManifest.xml and Info.plist.
 */

/** Where the server takes each app's reports (the ingest routes, on the API's own origin). */
export const ingestPaths = { owntracks: '/ingest/owntracks', osmand: '/ingest/osmand' } as const;

/**
 * How often a phone reports, for a protected person in a high-threat area: often enough that a
 * departure or a stop is seen within a minute, not so often that the phone is flat by evening.
 */
export const reporting = {
  /** Seconds between fixes while moving. */
  movingIntervalS: 30,
  /** Seconds between reports at most, even standing still. */
  intervalS: 60,
  /** Metres moved that make a report. */
  displacementM: 50,
  /** Seconds between reports when Traccar Client has found the phone stationary. */
  heartbeatS: 300,
  /** Degrees of turn that make a report (a junction taken off the planned route). */
  turnDeg: 30,
  /** Battery percent below which OwnTracks on iOS eases off to save the phone. */
  lowBatteryPct: 15,
} as const;

export interface EnrolmentInput {
  /** The server's origin as the phone reaches it, e.g. `https://jsms.example.org`. */
  origin: string;
  /** The device token, shown once. */
  token: string;
  deviceName: string;
  /** Who the device reports for. */
  subject: { type: 'person' | 'unit'; name: string };
}

/** OwnTracks' configuration message, as both apps import it (values are numbers, not strings). */
export type OwnTracksConfiguration = { _type: 'configuration' } & Record<string, string | number | boolean>;

/** OwnTracks' endpoint protocol values: 0 MQTT, 3 HTTP. */
const ownTracksHttpMode = 3;
/** OwnTracks' monitoring values: -1 quiet, 0 manual, 1 significant changes, 2 move. */
const ownTracksMoveMonitoring = 2;
/** OwnTracks Android's locator priorities: 0 high accuracy (GPS) … 3 no power. */
const ownTracksGpsPriority = 0;

/** The configuration OwnTracks (Android and iOS) imports from the link. */
export function ownTracksConfiguration(input: EnrolmentInput): OwnTracksConfiguration {
  const deviceId = asciiSlug(input.deviceName) || 'jsms-device';
  return {
    _type: 'configuration',
    // First, because the apps switch mode before importing the rest into it. HTTP: no broker needed.
    mode: ownTracksHttpMode,
    url: endpoint(input.origin, ingestPaths.owntracks),
    // iOS sends Basic credentials only with `auth`, and the password only with `usePassword` too.
    auth: true,
    usePassword: true,
    // Android sends Basic credentials only when both are non-empty; the server reads the password,
    // and the user name (ASCII, as Android also sends it as the X-Limit-U header) names the device.
    username: deviceId,
    password: input.token,
    // Sent as the X-Limit-D header and in the topic: ASCII, as Android's HTTP client refuses others.
    deviceId,
    // The two characters the app shows for its own position.
    tid: trackerId(input.subject.name, input.deviceName),
    // Move mode: continuous fixes, not iOS's significant changes (500 m and 5 minutes at best).
    monitoring: ownTracksMoveMonitoring,
    // Android in move mode: a GPS fix every 30 s (its default of 10 s empties a phone within a day).
    moveModeLocatorInterval: reporting.movingIntervalS,
    // iOS in move mode, and Android if switched to significant: at least a report a minute…
    locatorInterval: reporting.intervalS,
    // …and one every 50 m moved.
    locatorDisplacement: reporting.displacementM,
    // Android: GPS in every mode, so a position is good to metres, not a cell tower's kilometre.
    locatorPriority: ownTracksGpsPriority,
    // iOS: never fall back to significant changes for standing still; a person held still must report.
    adapt: 0,
    // iOS: below 15 % battery fall back to significant changes, so the phone lasts.
    downgrade: reporting.lowBatteryPct,
    // Battery, charging and connection with every report (the older name `pubExtendedData` is read by Android only).
    extendedData: true,
    // Obey commands in the server's reply (`reportLocation` when a fix is wanted now)…
    cmd: true,
    // …which iOS also needs allowed on its own.
    allowRemoteLocation: true,
    // A reply cannot re-point the phone at another server: only a new code from this screen can.
    remoteConfiguration: false,
    // Android: start reporting again after the phone restarts, without anyone opening the app.
    autostartOnBoot: true,
  };
}

/** `owntracks:///config?inline=…`: the configuration as base64 of its UTF-8 JSON, percent-encoded. */
export function ownTracksLink(input: EnrolmentInput): string {
  const json = JSON.stringify(ownTracksConfiguration(input));
  // Percent-encoded because Android URL-decodes the value, which would turn base64's `+` into a space.
  return `owntracks:///config?inline=${encodeURIComponent(base64OfUtf8(json))}`;
}

/** What Traccar Client is told: the server URL and device identifier, and how to track. */
export function traccarSettings(input: EnrolmentInput): Record<string, string> {
  return {
    // The OsmAnd ingest on the API's own port, so no second port needs opening.
    url: endpoint(input.origin, ingestPaths.osmand),
    // The app sends it as the device identifier: the token is the identity.
    id: input.token,
    // GPS always on; also the level at which `interval` and `angle` apply on both platforms.
    accuracy: 'highest',
    interval: String(reporting.movingIntervalS),
    distance: String(reporting.displacementM),
    angle: String(reporting.turnDeg),
    // Reports while stationary, so a silent phone is told apart from a still one.
    heartbeat: String(reporting.heartbeatS),
    // Keep fixes taken without a connection and send them later (the server stores each once).
    buffer: 'true',
    // Keep the location service on when still: the first fix of a departure must not wait for motion detection.
    stop_detection: 'false',
    // Android: keep the processor awake so reports are not held back by power saving.
    wakelock: 'true',
  };
}

/**
 * `org.traccar.client://config?url=…&id=…`: Traccar Client 9.5.3 and later apply a link with its
 * scheme (opened, or scanned in the app's own scanner), taking the server from `url`.
 */
export function traccarLink(input: EnrolmentInput): string {
  return `org.traccar.client://config?${new URLSearchParams(traccarSettings(input)).toString()}`;
}

/** An absolute endpoint URL on the server's origin (any path or trailing slash on it dropped). */
function endpoint(origin: string, path: string): string {
  return new URL(path, new URL(origin).origin).href;
}

/** Lower-case ASCII letters, digits and hyphens from a name, at most 32: what headers and topics carry. */
export function asciiSlug(name: string): string {
  return withoutAccents(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
}

/**
 * OwnTracks' tracker ID: two ASCII letters or digits, the initials of the subject's first and last
 * words ("Falcon-1" → "F1"), else the first two of one word, else the device name's, else "JS".
 */
export function trackerId(subjectName: string, deviceName: string): string {
  for (const name of [subjectName, deviceName]) {
    const words = withoutAccents(name)
      .toUpperCase()
      .split(/[^A-Z0-9]+/)
      .filter(Boolean);
    const [first, last] = [words[0], words[words.length - 1]];
    if (!first || !last) continue;
    const initials = words.length > 1 ? first[0]! + last[0]! : first.slice(0, 2);
    if (initials.length === 2) return initials;
  }
  return 'JS';
}

/** Latin letters without their accents ("Ünal" → "Unal"), so they survive the ASCII filters. */
function withoutAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Base64 of the UTF-8 bytes of a text (`btoa` alone takes only Latin-1). */
function base64OfUtf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
