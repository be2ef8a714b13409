import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { movementActions, movementStates, movementTransitions, nextState } from './movement.js';

/** The whole table, written out: every state × every action → the state it leads to, or refused. */
const expected: Record<string, Record<string, string | null>> = {
  draft: {
    submit: 'submitted',
    approve: null,
    reject: null,
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: null,
    abort: null,
    cancel: 'cancelled',
  },
  submitted: {
    submit: null,
    approve: 'approved',
    reject: 'rejected',
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: null,
    abort: null,
    cancel: 'cancelled',
  },
  approved: {
    submit: null,
    approve: null,
    reject: 'rejected',
    ready: 'ready',
    unready: null,
    reassess: 'submitted',
    depart: null,
    arrive: null,
    abort: null,
    cancel: 'cancelled',
  },
  rejected: {
    submit: null,
    approve: null,
    reject: null,
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: null,
    abort: null,
    cancel: null,
  },
  ready: {
    submit: null,
    approve: null,
    reject: 'rejected',
    ready: null,
    unready: 'approved',
    reassess: 'submitted',
    depart: 'underway',
    arrive: null,
    abort: null,
    cancel: 'cancelled',
  },
  underway: {
    submit: null,
    approve: null,
    reject: null,
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: 'arrived',
    abort: 'aborted',
    cancel: null,
  },
  arrived: {
    submit: null,
    approve: null,
    reject: null,
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: null,
    abort: null,
    cancel: null,
  },
  aborted: {
    submit: null,
    approve: null,
    reject: null,
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: null,
    abort: null,
    cancel: null,
  },
  cancelled: {
    submit: null,
    approve: null,
    reject: null,
    ready: null,
    unready: null,
    reassess: null,
    depart: null,
    arrive: null,
    abort: null,
    cancel: null,
  },
};

describe('the movement lifecycle', () => {
  it('covers every state and every action', () => {
    expect(Object.keys(expected)).toEqual([...movementStates]);
    for (const state of movementStates) expect(Object.keys(expected[state]!)).toEqual(movementActions);
  });

  for (const state of movementStates) {
    for (const action of movementActions) {
      const to = expected[state]![action];
      if (to) {
        it(`${state} --${action}--> ${to}`, () => expect(nextState(state, action)).toBe(to));
      } else {
        it(`${state} --${action}--> refused, naming both states`, () => {
          const target = movementTransitions[action].to;
          let error: unknown;
          try {
            nextState(state, action);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('invalid_transition');
          expect((error as AppError).details).toEqual({ from: state, to: target });
          expect((error as AppError).message).toBe(`The movement is ${state}, so it cannot be ${target}`);
        });
      }
    }
  }

  it('lets a movement be cancelled from every state before it is under way, and none after', () => {
    const cancellable = movementStates.filter((s) => expected[s]!.cancel === 'cancelled');
    expect(cancellable).toEqual(['draft', 'submitted', 'approved', 'ready']);
  });
});
