import { useEffect, useReducer, useRef, useState } from 'react';
import { useSession } from '../auth/session.js';
import { applyFrame, emptyLive, type LiveState, type StreamFrame } from './liveStream.js';
import { openStream, streamUrl, type Connection } from './streamSocket.js';

export interface Live extends LiveState {
  connection: Connection;
  /** The first snapshot has arrived: until then the layer has nothing to say, not "nobody". */
  loaded: boolean;
}

/**
 * The live people and units the viewer may see, from the stream: its snapshot first, then each
 * change as it happens; resumed after a drop without missing or repeating a frame.
 */
export function useLive(enabled = true, listener?: (frame: StreamFrame) => void): Live {
  const { refresh } = useSession();
  const [state, dispatch] = useReducer(applyFrame, emptyLive);
  const [connection, setConnection] = useState<Connection>('connecting');
  const seq = useRef(0);
  seq.current = state.seq;
  // Other frames on the same socket (alerts, roll-calls) go to the screen's listener as well.
  const heard = useRef(listener);
  heard.current = listener;

  useEffect(() => {
    if (!enabled) return;
    return openStream({
      url: streamUrl(window.location),
      onFrame: (frame) => {
        dispatch(frame);
        heard.current?.(frame);
      },
      onConnection: setConnection,
      // The session ended: asking who is signed in finds nobody, and the app shows the sign-in.
      onSignedOut: () => void refresh(),
      lastSeq: () => seq.current,
    });
  }, [enabled, refresh]);

  return { ...state, connection, loaded: state !== emptyLive };
}
