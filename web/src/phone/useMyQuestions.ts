import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { openStream, streamUrl, type Connection } from '../tracking/streamSocket.js';
import { type Question, withQuestion } from './mine.js';

/** The stream's frame that carries a person their own roll-call question (src/alerts/rollcall.frames.ts). */
interface QuestionFrame {
  type: 'rollcall';
  seq: number;
  question: Question;
}

const isQuestionFrame = (frame: { type: string }): frame is QuestionFrame =>
  frame.type === 'rollcall' && 'question' in frame;

/**
 * The open roll-calls that ask the signed-in person, live: read once, then each question the
 * stream brings (a new one appears without a reload); read again whenever the stream reconnects,
 * so a question asked during a drop is not missed.
 */
export function useMyQuestions() {
  const { refresh } = useSession();
  const [questions, setQuestions] = useState<Question[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [connection, setConnection] = useState<Connection>('connecting');
  const seq = useRef(0);

  const load = useCallback(async () => {
    try {
      const { items } = await api.get('/api/v1/rollcalls/mine');
      setQuestions(() => items.reduce(withQuestion, [] as Question[]));
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    return openStream({
      url: streamUrl(window.location),
      onFrame: (frame) => {
        seq.current = Math.max(seq.current, frame.seq);
        if (isQuestionFrame(frame)) setQuestions((current) => withQuestion(current ?? [], frame.question));
      },
      onConnection: (next) => {
        setConnection(next);
        if (next === 'open') void load();
      },
      onSignedOut: () => void refresh(),
      lastSeq: () => seq.current,
    });
  }, [load, refresh]);

  /** Puts the server's answer to one of them in place. */
  const update = useCallback((question: Question) => {
    setQuestions((current) => withQuestion(current ?? [], question));
  }, []);

  return { questions, error, connection, update, reload: load };
}
