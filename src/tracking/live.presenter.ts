import type { PartyKind } from '../access/actor.js';
import type { SharedLocation } from '../agreement/location.js';
import { type AgreementInForce, type PolicyActor } from '../agreement/policy.js';
import { sharedLocation, sharingFor } from '../agreement/share.js';
import type { LiveEntry, LiveStatus, Subject } from './live-index.js';
import type { LivePicture } from './live.js';

/** A live subject as one viewer may see it. */
export interface PresentedSubject {
  subject: Subject;
  partyId: string;
  location: SharedLocation;
  fixAt: string;
  status: LiveStatus;
  intervalSeconds: number;
  /** Shown only with the exact location: the rest would narrow an area back to a point. */
  movementId: string | null;
  accuracyM: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  batteryPct: number | null;
  sos: boolean;
}

/** Who is looking, decided once per request or stream: the agreement and the parties' kinds. */
export interface LiveViewing {
  viewer: PolicyActor;
  agreement: AgreementInForce | null;
  partyKinds: ReadonlyMap<string, PartyKind>;
  /** The level at a point now, for the agreement's `riskLevelAtLeast` conditions (a red zone). */
  levelAt: (point: { lat: number; lon: number }) => number;
}

/**
 * The subject as the agreement lets the viewer see it, or null when it may not see it at all (the
 * agreement shares no such records, or no location). The location is exact or an area cell; being
 * on a movement, an SOS, or a red zone widens an area to exact where the agreement says so.
 */
export function presentLive(
  viewing: LiveViewing,
  picture: LivePicture,
  entry: LiveEntry,
  now: Date,
): PresentedSubject | null {
  const ownerKind = viewing.partyKinds.get(entry.partyId);
  if (!ownerKind) return null;
  const movementId = picture.movementOf(entry.subject);
  const context = {
    inMovement: movementId !== null,
    sos: picture.sosHolds(entry),
    riskLevel: viewing.levelAt(entry.fix),
  };
  const sharing = sharingFor(
    viewing.agreement,
    viewing.viewer,
    entry.subject.type,
    {
      id: entry.partyId,
      kind: ownerKind,
    },
    context,
  );
  if (!sharing) return null;
  const location = sharedLocation(sharing, entry.fix);
  if (!location) return null;
  const exact = location.precision === 'exact';
  return {
    subject: entry.subject,
    partyId: entry.partyId,
    location,
    fixAt: entry.fix.fixAt.toISOString(),
    status: picture.statusOf(entry, now),
    intervalSeconds: picture.intervalOf(entry) / 1000,
    movementId: exact ? movementId : null,
    accuracyM: exact ? entry.fix.accuracyM : null,
    speedKmh: exact ? entry.fix.speedKmh : null,
    headingDeg: exact ? entry.fix.headingDeg : null,
    batteryPct: exact ? entry.fix.batteryPct : null,
    sos: exact && context.sos,
  };
}
