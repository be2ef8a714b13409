import { describe, expect, it } from 'vitest';
import { myStatus, nextMovement, withQuestion, type Movement, type Question } from '../web/src/phone/mine.js';
import {
  secondsLeft,
  sosIdle,
  sosStep,
  undoSeconds,
  type SosAction,
  type SosState,
} from '../web/src/phone/sos.js';
import { firstAllowed } from '../web/src/app/can.js';

const run = (actions: SosAction[], from: SosState = sosIdle) => actions.reduce(sosStep, from);

describe('the SOS button’s steps', () => {
  it('asks, then counts down the undo window, then sends once', () => {
    const counting = run([{ type: 'press' }, { type: 'confirm', now: 1_000 }]);
    expect(counting).toEqual({ step: 'counting', sendAt: 1_000 + undoSeconds * 1000 });
    expect(secondsLeft(counting, 1_000)).toBe(undoSeconds);
    expect(secondsLeft(counting, 1_001)).toBe(undoSeconds);
    expect(secondsLeft(counting, 5_999)).toBe(1);
    // Before the window ends a tick changes nothing: nothing is sent.
    expect(sosStep(counting, { type: 'tick', now: 5_999 })).toBe(counting);
    const sending = sosStep(counting, { type: 'tick', now: 6_000 });
    expect(sending).toEqual({ step: 'sending' });
    // Later ticks do not start a second send.
    expect(sosStep(sending, { type: 'tick', now: 9_000 })).toBe(sending);
    expect(sosStep(sending, { type: 'sent', at: 'T', alreadyOpen: false })).toEqual({
      step: 'sent',
      at: 'T',
      alreadyOpen: false,
    });
  });

  it('undo in the window and cancel at the question both go back with nothing sent', () => {
    expect(run([{ type: 'press' }, { type: 'cancel' }])).toBe(sosIdle);
    const undone = run([{ type: 'press' }, { type: 'confirm', now: 0 }, { type: 'undo' }]);
    expect(undone).toBe(sosIdle);
    // A tick after the undo, even past the old deadline, does not send.
    expect(sosStep(undone, { type: 'tick', now: 60_000 })).toBe(sosIdle);
  });

  it('ignores what does not fit the step, and starts over after a send or a failure', () => {
    expect(sosStep(sosIdle, { type: 'confirm', now: 0 })).toBe(sosIdle);
    expect(sosStep(sosIdle, { type: 'undo' })).toBe(sosIdle);
    expect(sosStep(sosIdle, { type: 'sent', at: 'T', alreadyOpen: false })).toBe(sosIdle);
    const confirming = run([{ type: 'press' }]);
    expect(sosStep(confirming, { type: 'press' })).toBe(confirming);
    expect(sosStep(confirming, { type: 'undo' })).toBe(confirming);
    const failed = run([{ type: 'failed', error: 'x' }], { step: 'sending' });
    expect(failed).toEqual({ step: 'failed', error: 'x' });
    expect(sosStep(failed, { type: 'press' })).toEqual({ step: 'confirming' });
    expect(sosStep({ step: 'sent', at: 'T', alreadyOpen: true }, { type: 'press' })).toEqual({
      step: 'confirming',
    });
    expect(secondsLeft(sosIdle, 0)).toBe(0);
  });
});

const question = (over: Partial<Question>): Question => ({
  rollcallId: 'r1',
  question: 'Are you safe?',
  status: 'open',
  startedAt: '2026-11-28T08:00:00.000Z',
  closesAt: '2026-11-29T08:00:00.000Z',
  answer: null,
  answeredAt: null,
  ...over,
});

describe('the person’s status and questions', () => {
  it('puts an open SOS first, then an unanswered question, then need help, else accounted for', () => {
    const open = question({});
    const safe = question({ rollcallId: 'r2', answer: 'safe' });
    const help = question({ rollcallId: 'r3', answer: 'need_help' });
    expect(myStatus(true, [safe])).toBe('sos');
    expect(myStatus(false, [safe, open, help])).toBe('question');
    expect(myStatus(false, [safe, help])).toBe('needHelp');
    expect(myStatus(false, [safe])).toBe('accounted');
    expect(myStatus(false, [])).toBe('accounted');
    // A closed roll-call left unanswered no longer asks.
    expect(myStatus(false, [question({ status: 'closed' })])).toBe('accounted');
  });

  it('replaces a question by its roll-call, adds a new one newest first, drops a closed one', () => {
    const first = question({});
    const second = question({ rollcallId: 'r2', startedAt: '2026-11-28T09:00:00.000Z' });
    const list = withQuestion(withQuestion([], first), second);
    expect(list.map((q) => q.rollcallId)).toEqual(['r2', 'r1']);
    const answered = withQuestion(list, { ...first, answer: 'safe', answeredAt: 'T' });
    expect(answered).toHaveLength(2);
    expect(answered.find((q) => q.rollcallId === 'r1')?.answer).toBe('safe');
    expect(withQuestion(answered, { ...second, status: 'closed' }).map((q) => q.rollcallId)).toEqual(['r1']);
  });
});

const movement = (over: Partial<Movement>): Movement => ({
  id: 'm',
  partyId: 'cso',
  location: null,
  withheld: [],
  agreementVersion: 1,
  state: 'approved',
  plannedDeparture: '2026-11-28T10:00:00.000Z',
  plannedArrival: '2026-11-28T12:00:00.000Z',
  ...over,
});

describe('the person’s next movement', () => {
  const now = new Date('2026-11-28T09:00:00.000Z');
  it('is the one under way, else the earliest departure still ahead', () => {
    const later = movement({
      id: 'later',
      plannedDeparture: '2026-11-29T10:00:00.000Z',
      plannedArrival: '2026-11-29T12:00:00.000Z',
    });
    const sooner = movement({ id: 'sooner' });
    const past = movement({
      id: 'past',
      plannedDeparture: '2026-11-27T10:00:00.000Z',
      plannedArrival: '2026-11-27T12:00:00.000Z',
    });
    const done = movement({ id: 'done', state: 'arrived' });
    const draft = movement({ id: 'draft', state: 'draft' });
    expect(nextMovement([later, past, done, draft, sooner], now)?.id).toBe('sooner');
    expect(nextMovement([later, movement({ id: 'now', state: 'underway' })], now)?.id).toBe('now');
    expect(nextMovement([past, done, draft], now)).toBeUndefined();
  });
});

describe('the home of each role', () => {
  it('is the first screen the roles open: the phone view for a protected person, the map for staff', () => {
    const screens = [
      { path: '/', permission: 'risk.read' },
      { path: '/phone', permission: 'position.own' },
      { path: '/movements', permission: 'movement.read' },
    ] as const;
    expect(firstAllowed(screens, { roles: ['person'] })?.path).toBe('/phone');
    expect(firstAllowed(screens, { roles: ['coordinator'] })?.path).toBe('/');
    expect(firstAllowed(screens, { roles: [] })).toBeUndefined();
  });
});
