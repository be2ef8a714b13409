import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import {
  type MovementAction,
  movementActions,
  type MovementState,
  movementStates,
  movementTransitions,
  nextState,
} from './movement.js';

/**
 * The whole table, written out: what each state allows and where it leads. Every other
 * state × action pair is refused.
 */
const allowed: Record<MovementState, Partial<Record<MovementAction, MovementState>>> = {
  draft: { submit: 'submitted', cancel: 'cancelled' },
  submitted: { approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
  approved: { reject: 'rejected', ready: 'ready', reassess: 'submitted', cancel: 'cancelled' },
  rejected: {},
  ready: {
    reject: 'rejected',
    unready: 'approved',
    reassess: 'submitted',
    depart: 'underway',
    cancel: 'cancelled',
  },
  underway: { arrive: 'arrived', abort: 'aborted' },
  arrived: {},
  aborted: {},
  cancelled: {},
};
const expected = (state: MovementState, action: MovementAction) => allowed[state][action] ?? null;

describe('the movement lifecycle', () => {
  it('covers every state and every action', () => {
    expect(Object.keys(allowed)).toEqual([...movementStates]);
    expect(movementActions).toEqual([
      'submit',
      'approve',
      'reject',
      'ready',
      'unready',
      'reassess',
      'depart',
      'arrive',
      'abort',
      'cancel',
    ]);
  });

  for (const state of movementStates) {
    for (const action of movementActions) {
      const to = expected(state, action);
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
    const cancellable = movementStates.filter((s) => expected(s, 'cancel') === 'cancelled');
    expect(cancellable).toEqual(['draft', 'submitted', 'approved', 'ready']);
  });
});
