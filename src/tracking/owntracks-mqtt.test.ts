import { describe, expect, it } from 'vitest';
import { limits } from '../platform/http/limits.js';
import { commandTopic, readOwnTracksPayload } from './owntracks-mqtt.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readOwnTracksPayload', () => {
  it('reads a location as the app publishes it', () => {
    const read = readOwnTracksPayload(bytes('{"_type":"location","lat":24.86,"lon":67.0,"tst":1765100000}'));
    expect(read).toMatchObject({ kind: 'message', message: { type: 'location', fix: { lat: 24.86 } } });
  });

  it('takes zero bytes for a retained message being cleared', () => {
    expect(readOwnTracksPayload(new Uint8Array())).toEqual({ kind: 'empty' });
  });

  it.each([
    ['not JSON', bytes('{"_type":'), 'unreadable'],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'unreadable'],
    ['a location without tst', bytes('{"_type":"location","lat":1,"lon":2}'), 'unreadable'],
    ['a JSON list', bytes('[]'), 'unreadable'],
    ['larger than an HTTP report may be', bytes(' '.repeat(limits.ingestBodyBytes + 1)), 'too_large'],
  ])('refuses %s, with a reason', (_what, payload, reason) => {
    expect(readOwnTracksPayload(payload)).toMatchObject({ kind: 'refused', reason });
  });
});

it('addresses commands to the device topic’s cmd level', () => {
  expect(commandTopic('cso', 'd1')).toBe('owntracks/cso/d1/cmd');
});
