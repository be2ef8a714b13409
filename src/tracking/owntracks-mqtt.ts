import { limits } from '../platform/http/limits.js';
import { readOwnTracks, type OwnTracksMessage } from './owntracks.js';

/**
 * OwnTracks in MQTT mode, the parts without a connection: the topics, and a message's payload.
 * The app publishes to `owntracks/<user>/<device>` (its `pubTopicBase`, `owntracks/%u/%d` unless
 * set) and transitions to `…/event`, and reads commands from `…/cmd`. JSMS has the enrolment
 * set the base to `owntracks/<partyId>/<deviceId>`. Pure: no I/O, no clock.
 */

/** What the bridge subscribes to: locations, lwt and status on the base topic; transitions on `/event`. */
export const owntracksSubscriptions = ['owntracks/+/+', 'owntracks/+/+/event'] as const;

/** Where a device reads its commands. */
export function commandTopic(partyId: string, deviceId: string): string {
  return `owntracks/${partyId}/${deviceId}/cmd`;
}

/** Why a payload was not read: each is a label of the dropped-message counter. */
export type PayloadRefusal = 'too_large' | 'unreadable';

export type OwnTracksPayload =
  | { kind: 'message'; message: OwnTracksMessage }
  /** Zero bytes: a retained message being cleared (the app clears its own, so may an operator). */
  | { kind: 'empty' }
  | { kind: 'refused'; reason: PayloadRefusal; why: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One MQTT payload: UTF-8 JSON of one OwnTracks message, at most as large as an HTTP report may
 * be. Anything else is refused with a reason, never thrown: the bridge acknowledges and counts it.
 */
export function readOwnTracksPayload(payload: Uint8Array): OwnTracksPayload {
  if (payload.byteLength === 0) return { kind: 'empty' };
  if (payload.byteLength > limits.ingestBodyBytes) {
    return { kind: 'refused', reason: 'too_large', why: `over ${limits.ingestBodyBytes} bytes` };
  }
  try {
    return { kind: 'message', message: readOwnTracks(JSON.parse(utf8.decode(payload))) };
  } catch (error) {
    return {
      kind: 'refused',
      reason: 'unreadable',
      why: error instanceof Error ? error.message : 'unreadable',
    };
  }
}
