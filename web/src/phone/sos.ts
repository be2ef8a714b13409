/**
 * The SOS button's steps: a press asks for confirmation; a confirmation starts a short undo
 * window during which nothing is sent; when it runs out the alarm is sent, once. Pure: the
 * screen hands in `now` (milliseconds) and ticks it while the window is open.
 */
export type SosState =
  | { step: 'idle' }
  | { step: 'confirming' }
  | { step: 'counting'; sendAt: number }
  | { step: 'sending' }
  | { step: 'sent'; at: string; alreadyOpen: boolean }
  | { step: 'failed'; error: unknown };

export type SosAction =
  | { type: 'press' }
  | { type: 'cancel' }
  | { type: 'confirm'; now: number }
  | { type: 'undo' }
  | { type: 'tick'; now: number }
  | { type: 'sent'; at: string; alreadyOpen: boolean }
  | { type: 'failed'; error: unknown };

/** Seconds the person has to take a confirmed SOS back before it goes out. */
export const undoSeconds = 5;

export const sosIdle: SosState = { step: 'idle' };

/** The state after one action; an action that does not fit the current step changes nothing. */
export function sosStep(state: SosState, action: SosAction): SosState {
  switch (action.type) {
    case 'press':
      // Pressing again after a send or a failure starts over: a second SOS is the server's to merge.
      return state.step === 'idle' || state.step === 'sent' || state.step === 'failed'
        ? { step: 'confirming' }
        : state;
    case 'cancel':
      return state.step === 'confirming' ? sosIdle : state;
    case 'confirm':
      return state.step === 'confirming'
        ? { step: 'counting', sendAt: action.now + undoSeconds * 1000 }
        : state;
    case 'undo':
      return state.step === 'counting' ? sosIdle : state;
    case 'tick':
      return state.step === 'counting' && action.now >= state.sendAt ? { step: 'sending' } : state;
    case 'sent':
      return state.step === 'sending'
        ? { step: 'sent', at: action.at, alreadyOpen: action.alreadyOpen }
        : state;
    case 'failed':
      return state.step === 'sending' ? { step: 'failed', error: action.error } : state;
  }
}

/** Whole seconds left to undo (rounded up, so the count shows 5 … 1, never 0 while open). */
export function secondsLeft(state: SosState, now: number): number {
  if (state.step !== 'counting') return 0;
  return Math.max(0, Math.ceil((state.sendAt - now) / 1000));
}
