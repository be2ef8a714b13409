import type { Subject } from '../tracking/live-index.js';
import type { Answer, AnswerChannel, RollcallKind, WaveKind } from './rollcall.js';

export interface RollcallEvents {
  /** A roll-call asked everyone expected in its area; `expected` counts them. */
  'rollcall.started': {
    rollcallId: string;
    partyId: string | null;
    kind: RollcallKind;
    incidentId: string | null;
    expected: number;
  };
  /**
   * A subject answered. `answer` is what was tapped, as the person sees it; a duress answer is
   * published as tapped here and, in the same write, as `rollcall.duress`.
   */
  'rollcall.answered': {
    rollcallId: string;
    subject: Subject;
    partyId: string;
    answer: Answer;
    via: AnswerChannel;
    /** The staff user who answered on the subject's behalf, or null. */
    onBehalfBy: string | null;
  };
  /** The silent alarm: an answer given with the duress PIN (the lead turns it into an SOS alert). */
  'rollcall.duress': { rollcallId: string; subject: Subject; partyId: string; at: string };
  /** A fix taken inside the area after the question corroborated where the subject is. */
  'rollcall.corroborated': { rollcallId: string; subject: Subject; partyId: string; fixAt: string };
  /** A wave of escalation ran: whom it told (user ids) about which silent subjects. */
  'rollcall.escalated': {
    rollcallId: string;
    wave: number;
    kind: WaveKind;
    silent: Subject[];
    recipients: string[];
  };
  /** A roll-call closed, by a coordinator or at its expiry; `accounted` is the share that answered. */
  'rollcall.closed': { rollcallId: string; accounted: number; expected: number };
}
