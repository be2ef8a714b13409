import { z } from 'zod';
import type { PartyKind } from '../access/actor.js';
import { unitKinds, type UnitKind } from '../agreement/agreement.schema.js';
import type { AgreementInForce, PolicyActor, PolicyContext } from '../agreement/policy.js';
import { sharingFor } from '../agreement/share.js';
import { escortStatuses, type EscortStatus } from './escort.js';

/** A unit of a movement's escort, as the movement record carries it. */
export interface MovementEscort {
  unitId: string;
  partyId: string;
  partyKind: PartyKind;
  callSign: string;
  kind: UnitKind;
  status: EscortStatus;
  vehicles: number;
  armouredVehicles: number;
}

/** A unit of the escort in a response: its call sign and kind only where the unit's sharing shows them. */
export const presentedEscort = z.object({
  unitId: z.string(),
  partyId: z.string(),
  status: z.enum(escortStatuses).describe('assigned until its commander accepts; accepted units count'),
  callSign: z.string().optional(),
  kind: z.enum(unitKinds).optional(),
});
export type PresentedEscort = z.output<typeof presentedEscort>;

/**
 * The escort as `viewer` sees it within a movement it may see: every unit's id, party and task
 * status, and its call sign and kind as the agreement's `unit` sharing shows them (the movement's
 * `units` field must not show what the unit's own record withholds).
 */
export function presentEscorts(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  context: PolicyContext,
  units: readonly MovementEscort[],
): PresentedEscort[] {
  return units.map((unit) => {
    const sharing = sharingFor(
      agreement,
      viewer,
      'unit',
      { id: unit.partyId, kind: unit.partyKind },
      context,
    );
    return {
      unitId: unit.unitId,
      partyId: unit.partyId,
      status: unit.status,
      ...(sharing?.shows('callSign') ? { callSign: unit.callSign } : {}),
      ...(sharing?.shows('kind') ? { kind: unit.kind } : {}),
    };
  });
}
