import type { AgreementService } from '../agreement/agreement.service.js';
import type { Db } from '../database.js';
import type { PageRequest } from '../platform/paging.js';
import type { Viewing } from '../registry/registry.presenter.js';
import type { unitStatuses } from '../registry/registry.js';
import type { UnitService } from '../registry/unit.service.js';
import {
  bookingWindow,
  escortGiven,
  type EscortShortfall,
  type EscortStatus,
  type EscortUnit,
} from './escort.js';
import { acceptedShortfall, asEscortUnit, providersOf, unitRefusalOf } from './escort.providers.js';
import * as escorts from './escort.repository.js';
import type { EscortOf } from './movement.execution.js';
import type { Movement } from './movement.record.js';
import { loadMovement } from './movement.transition.js';

/**
 * What escort assignment reads: a movement's shortfall and the units that could join it, a
 * commander's tasks, and what a departure counts of the escort. No writes: those are
 * movement.escorts.ts's.
 */

/** A commander's task: a booking of their unit, with the movement it escorts. */
export interface EscortTask {
  id: string;
  unitId: string;
  status: EscortStatus;
  startsAt: string;
  endsAt: string;
  assignedAt: string;
  respondedAt: string | null;
  movement: Movement;
}

/** A unit the caller's party may assign, with what the agreement says of it and what holds it then. */
export interface EscortCandidate {
  unitId: string;
  callSign: string;
  kind: EscortUnit['kind'];
  vehicles: number;
  armouredVehicles: number;
  /** Its duty status in the registry: the service books a unit whatever it is, so the coordinator sees it. */
  status: (typeof unitStatuses)[number];
  /** The agreement's refusal of the unit for this movement's risk level; null when allowed. */
  refusal: Pick<EscortShortfall, 'clause' | 'agreementVersion' | 'message'> | null;
  /** Its bookings for other movements that overlap this one's window: empty when it is free. */
  bookings: { movementId: string; status: EscortStatus; startsAt: string; endsAt: string }[];
}

/** The reading half of escort assignment, for movementEscorts to serve with its writes. */
export function escortReads(deps: {
  db: Db;
  agreements: AgreementService;
  units: UnitService;
  visibleMovement: (viewing: Viewing, id: string) => Promise<Movement>;
}) {
  const { db, agreements, units, visibleMovement } = deps;
  return {
    /** The escort's shortfall and the units of the actor's party that could join it, with their bookings then. */
    async assignment(viewing: Viewing, id: string) {
      const movement = await visibleMovement(viewing, id);
      const agreement = await agreements.inForce();
      const shortfall = acceptedShortfall(agreement, movement, movement.units);
      const partyId = viewing.viewer.partyId;
      const page = await units.list(viewing, { limit: 500 });
      const own = page.items.filter((u) => u.partyId === partyId);
      const window = bookingWindow(movement.plannedDeparture, movement.plannedArrival);
      const held = await escorts.listUnitBookings(
        db,
        own.map((u) => u.id),
        window,
        { exceptMovementId: movement.id },
      );
      const candidates: EscortCandidate[] = own.map((unit) => {
        const refusal = agreement && unitRefusalOf(unit, movement.riskLevel, agreement);
        return {
          unitId: unit.id,
          callSign: unit.callSign,
          kind: unit.kind,
          vehicles: unit.vehicles,
          armouredVehicles: unit.armouredVehicles,
          status: unit.status,
          refusal: refusal
            ? { clause: refusal.clause, agreementVersion: refusal.agreementVersion, message: refusal.message }
            : null,
          bookings: held
            .filter((b) => b.unit_id === unit.id)
            .map((b) => ({
              movementId: b.movement_id,
              status: b.status,
              startsAt: new Date(b.starts_ms).toISOString(),
              endsAt: new Date(b.ends_ms).toISOString(),
            })),
        };
      });
      return { movement, shortfall, candidates };
    },

    /** A page of the tasks of the unit the viewer commands, soonest first, each with its movement. */
    async tasks(viewing: Viewing, page: PageRequest) {
      const unitIds = viewing.commands ? [viewing.commands] : [];
      const found = await escorts.listUnitTasks(db, { ...page, unitIds });
      const items: EscortTask[] = [];
      for (const booking of found.items) {
        const movement = await loadMovement(db, booking.movement_id);
        if (!movement) continue;
        items.push({
          id: booking.id,
          unitId: booking.unit_id,
          status: booking.status,
          startsAt: new Date(booking.starts_ms).toISOString(),
          endsAt: new Date(booking.ends_ms).toISOString(),
          assignedAt: booking.assigned_at,
          respondedAt: booking.responded_at,
          movement,
        });
      }
      return { items, next: found.next };
    },

    /** What a departure counts: the accepted units the agreement allows, and the movement's own armoured vehicles. */
    escortOf: (async (movement) => {
      const agreement = await agreements.inForce();
      const accepted = movement.units.filter((u) => u.status === 'accepted');
      if (!agreement)
        return {
          armedEscortVehicles: 0,
          armouredPassengerVehicle: movement.vehicles.some((v) => v.armoured),
        };
      const given = escortGiven(
        movement.riskLevel ?? 1,
        accepted.map(asEscortUnit),
        movement.vehicles,
        providersOf(agreement, accepted),
      );
      return {
        armedEscortVehicles: given.armedEscortVehicles,
        armouredPassengerVehicle: given.armouredPassengerVehicle,
      };
    }) satisfies EscortOf,
  };
}
