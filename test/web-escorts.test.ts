import { describe, expect, it } from 'vitest';
import { escortStatuses } from '../src/movements/escort.js';
import { assessedStates, movementStates } from '../src/movements/movement.js';
import { unitStatuses } from '../src/registry/registry.js';
import {
  assignable,
  availabilityOf,
  declinedUnits,
  mayAssign,
  requirementLines,
  taskAnswers,
  type Candidate,
} from '../web/src/movements/escort.js';
import type { HistoryEntry } from '../web/src/movements/movement.js';

// The escort screens' pure rules: when assignment is offered, each unit's availability, the
// requirement against the server's shortfall, the declines read from the history, and the
// commander's answers (the server still decides each call).

const candidate = (extra: Partial<Candidate> = {}): Candidate => ({
  unitId: 'u1',
  callSign: 'Falcon-1',
  kind: 'armed_escort',
  vehicles: 3,
  armouredVehicles: 1,
  status: 'available',
  refusal: null,
  bookings: [],
  ...extra,
});
const booking = { movementId: 'm2', status: 'assigned' as const, startsAt: 'a', endsAt: 'b' };
const refusal = { clause: 'unitKinds.close_protection', agreementVersion: 1, message: 'host only' };

describe('escort assignment offered', () => {
  it('to those who may assign, in exactly the states the server assigns in', () => {
    for (const state of movementStates) {
      expect(mayAssign({ state }, { roles: ['coordinator'] }), state).toBe(assessedStates.includes(state));
      expect(mayAssign({ state }, { roles: ['admin'] }), state).toBe(assessedStates.includes(state));
      expect(mayAssign({ state }, { roles: ['commander', 'analyst', 'observer'] }), state).toBe(false);
    }
  });
});

describe("a unit's availability", () => {
  it('puts the agreement first, then a booking, then the duty status', () => {
    expect(availabilityOf(candidate())).toBe('free');
    expect(availabilityOf(candidate({ status: 'deployed' }))).toBe('free');
    expect(availabilityOf(candidate({ status: 'off_duty' }))).toBe('offDuty');
    expect(availabilityOf(candidate({ status: 'off_duty', bookings: [booking] }))).toBe('booked');
    expect(availabilityOf(candidate({ bookings: [booking], refusal }))).toBe('refused');
  });

  it('offers Assign only where the server would book the unit', () => {
    expect(assignable('free')).toBe(true);
    expect(assignable('offDuty')).toBe(true);
    expect(assignable('booked')).toBe(false);
    expect(assignable('refused')).toBe(false);
    // Every duty status the registry has reads as some availability.
    for (const status of unitStatuses) expect(availabilityOf(candidate({ status }))).toMatch(/free|offDuty/);
  });
});

describe('the requirement against the accepted escort', () => {
  const required = { armedEscortVehicles: 2, armouredPassengerVehicle: true };
  const armed = {
    rule: 'armedEscortVehicles' as const,
    clause: 'protection[level=5].armedEscortVehicles',
    agreementVersion: 1,
    message: 'needs 2, the assigned units give 0',
    required: 2,
    assigned: 0,
  };
  const armoured = {
    rule: 'armouredPassengerVehicle' as const,
    clause: 'protection[level=5].armouredPassengerVehicle',
    agreementVersion: 1,
    message: 'needs an armoured passenger vehicle',
  };

  it('spells out what is short, as the server measured it', () => {
    expect(requirementLines(required, [armed, armoured])).toEqual([
      { rule: 'armedEscortVehicles', required: 2, met: false, given: 0 },
      { rule: 'armouredPassengerVehicle', met: false },
    ]);
    expect(requirementLines(required, [{ ...armed, assigned: 1 }])).toEqual([
      { rule: 'armedEscortVehicles', required: 2, met: false, given: 1 },
      { rule: 'armouredPassengerVehicle', met: true },
    ]);
  });

  it('marks every line met when nothing is short, and leaves out what is not required', () => {
    expect(requirementLines(required, [])).toEqual([
      { rule: 'armedEscortVehicles', required: 2, met: true },
      { rule: 'armouredPassengerVehicle', met: true },
    ]);
    expect(requirementLines({ armedEscortVehicles: 0, armouredPassengerVehicle: false }, [])).toEqual([]);
  });

  it('names a unit the agreement refuses', () => {
    const provider = {
      rule: 'unitProvider' as const,
      clause: 'x',
      agreementVersion: 1,
      message: 'no',
      unitId: 'u9',
    };
    expect(requirementLines(required, [provider]).at(-1)).toEqual({
      rule: 'unitProvider',
      unitId: 'u9',
      message: 'no',
    });
  });
});

describe('declines read from the history', () => {
  let seq = 0;
  const entry = (kind: string, details: Record<string, unknown> | null): HistoryEntry => ({
    seq: ++seq,
    at: `2026-12-07T10:0${seq}:00Z`,
    kind,
    from: null,
    to: null,
    actorId: null,
    partyId: 'ssd',
    agreementVersion: 1,
    details,
  });

  it("lists a unit whose last escort event is its commander's decline, with the reason", () => {
    const history = [
      entry('submit', null),
      entry('escort_assign', { unitId: 'u1', callSign: 'Falcon-1', status: 'assigned' }),
      entry('escort_decline', {
        unitId: 'u1',
        callSign: 'Falcon-1',
        status: 'declined',
        reason: 'Vehicle down',
      }),
      entry('escort_assign', { unitId: 'u2', callSign: 'Falcon-2', status: 'assigned' }),
      entry('escort_decline', { unitId: 'u2', callSign: 'Falcon-2', status: 'declined', reason: 'Leave' }),
      entry('escort_assign', { unitId: 'u2', callSign: 'Falcon-2', status: 'assigned' }),
    ];
    expect(declinedUnits(history)).toEqual([
      { unitId: 'u1', callSign: 'Falcon-1', reason: 'Vehicle down', at: history[2]!.at },
    ]);
  });

  it('shows a decline whose details the agreement withholds without them', () => {
    const withheld = entry('escort_decline', { unitId: 'u3' });
    expect(declinedUnits([withheld])).toEqual([
      { unitId: 'u3', callSign: undefined, reason: undefined, at: withheld.at },
    ]);
    expect(declinedUnits([entry('escort_decline', null)])).toEqual([]);
  });
});

describe("the commander's answers", () => {
  it('accepts a task awaiting them, declines one even once accepted, and only before departure', () => {
    for (const state of movementStates)
      for (const status of escortStatuses) {
        const answers = taskAnswers({ status, movement: { state } });
        const open = assessedStates.includes(state);
        expect(answers, `${state} ${status}`).toEqual(
          !open
            ? []
            : status === 'assigned'
              ? ['accept', 'decline']
              : status === 'accepted'
                ? ['decline']
                : [],
        );
      }
  });
});
