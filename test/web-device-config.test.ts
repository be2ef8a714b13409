import { describe, expect, it } from 'vitest';
import {
  asciiSlug,
  ownTracksConfiguration,
  ownTracksLink,
  reporting,
  trackerId,
  traccarLink,
  type EnrolmentInput,
} from '../web/src/admin/device-config.js';

// The enrolment links, decoded here the way each app decodes them (OwnTracks Android: URL-decode
// the query value, then base64; Traccar Client: the link's query parameters), so a link that
// reads back right here is one the phone reads right.

const input = (extra: Partial<EnrolmentInput> = {}): EnrolmentInput => ({
  origin: 'https://jsms.example.org',
  // A real token's alphabet (base64url), with both of its non-alphanumeric characters.
  token: 'jsd_Ab-9_xYz0123456789-_abcdefghijklmnopqrstu',
  deviceName: 'Falcon-1 phone',
  subject: { type: 'unit', name: 'Falcon-1' },
  ...extra,
});

/** The configuration inside an `owntracks:///config?inline=` link, as Android reads it. */
function decodeOwnTracks(link: string): Record<string, unknown> {
  const url = new URL(link);
  expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('owntracks:///config');
  const raw = link.slice(link.indexOf('?') + 1);
  expect(raw.startsWith('inline=')).toBe(true);
  // Nothing left for a URL decoder to turn into a space or split on.
  expect(raw.slice('inline='.length)).toMatch(/^[A-Za-z0-9%]+$/);
  const base64 = decodeURIComponent(raw.slice('inline='.length).replace(/\+/g, ' '));
  expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as Record<string, unknown>;
}

describe('the OwnTracks link', () => {
  it('carries the configuration: HTTP mode to our endpoint with the token as the Basic password', () => {
    const config = decodeOwnTracks(ownTracksLink(input()));
    expect(config).toEqual(ownTracksConfiguration(input()));
    expect(config).toMatchObject({
      _type: 'configuration',
      mode: 3,
      url: 'https://jsms.example.org/ingest/owntracks',
      auth: true,
      usePassword: true,
      username: 'falcon-1-phone',
      password: input().token,
      deviceId: 'falcon-1-phone',
      tid: 'F1',
    });
    // `mode` first: the apps switch mode before importing the other keys into it.
    expect(Object.keys(config).slice(0, 2)).toEqual(['_type', 'mode']);
  });

  it('reports as a protected person in a high-threat area needs: move mode, GPS, often, and on command', () => {
    expect(decodeOwnTracks(ownTracksLink(input()))).toMatchObject({
      monitoring: 2,
      moveModeLocatorInterval: reporting.movingIntervalS,
      locatorInterval: reporting.intervalS,
      locatorDisplacement: reporting.displacementM,
      locatorPriority: 0,
      adapt: 0,
      downgrade: reporting.lowBatteryPct,
      extendedData: true,
      cmd: true,
      allowRemoteLocation: true,
      remoteConfiguration: false,
      autostartOnBoot: true,
    });
    // Numbers and booleans, never strings: Android imports by type and ignores a wrong one.
    const config = ownTracksConfiguration(input());
    for (const key of [
      'mode',
      'monitoring',
      'locatorInterval',
      'locatorDisplacement',
      'tid',
      'cmd',
    ] as const) {
      expect(typeof config[key], key).toBe(key === 'tid' ? 'string' : key === 'cmd' ? 'boolean' : 'number');
    }
  });

  it('keeps names in any script intact in the JSON, and the header values ASCII', () => {
    const config = decodeOwnTracks(
      ownTracksLink(input({ deviceName: 'فون ۱', subject: { type: 'person', name: '王 芳' } })),
    );
    expect(config.password).toBe(input().token);
    expect(config.deviceId).toBe('jsms-device');
    expect(config.username).toBe('jsms-device');
    expect(config.tid).toBe('JS');
    expect(decodeOwnTracks(ownTracksLink(input({ deviceName: 'José’s phone' }))).deviceId).toBe(
      'jose-s-phone',
    );
  });

  it('uses the origin alone, whatever path or slash the page had', () => {
    for (const origin of ['https://jsms.example.org/', 'https://jsms.example.org/admin/devices']) {
      expect(decodeOwnTracks(ownTracksLink(input({ origin }))).url).toBe(
        'https://jsms.example.org/ingest/owntracks',
      );
    }
    expect(decodeOwnTracks(ownTracksLink(input({ origin: 'http://127.0.0.1:8080' }))).url).toBe(
      'http://127.0.0.1:8080/ingest/owntracks',
    );
  });
});

describe('the Traccar Client link', () => {
  it('sets the OsmAnd endpoint, the token as identifier, and the tracking settings', () => {
    const link = traccarLink(input());
    expect(link.startsWith('org.traccar.client://config?')).toBe(true);
    const url = new URL(link);
    // Not the host Traccar Client keeps for its start/stop actions.
    expect(url.host).toBe('config');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      url: 'https://jsms.example.org/ingest/osmand',
      id: input().token,
      accuracy: 'highest',
      interval: String(reporting.movingIntervalS),
      distance: String(reporting.displacementM),
      angle: String(reporting.turnDeg),
      heartbeat: String(reporting.heartbeatS),
      buffer: 'true',
      stop_detection: 'false',
      wakelock: 'true',
    });
  });
});

describe('the names the apps are given', () => {
  it('tracker IDs are two ASCII letters or digits', () => {
    expect(trackerId('Falcon-1', 'x')).toBe('F1');
    expect(trackerId('Amina Khan', 'x')).toBe('AK');
    expect(trackerId('falcon', 'x')).toBe('FA');
    expect(trackerId('Zoë Ünal', 'x')).toBe('ZU');
    expect(trackerId('王芳', 'Escort 7')).toBe('E7');
    expect(trackerId('王芳', 'فون')).toBe('JS');
    expect(trackerId('X', 'Q')).toBe('JS');
  });

  it('device IDs are short lower-case ASCII', () => {
    expect(asciiSlug('  Falcon-1 / Phone #2 ')).toBe('falcon-1-phone-2');
    expect(asciiSlug('a'.repeat(40))).toHaveLength(32);
    expect(asciiSlug(`${'a'.repeat(31)} b`)).toBe('a'.repeat(31));
    expect(asciiSlug('王芳')).toBe('');
  });
});
