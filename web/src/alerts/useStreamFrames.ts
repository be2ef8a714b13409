import { useEffect, useRef } from 'react';
import { useSession } from '../auth/session.js';
import type { StreamFrame } from '../tracking/liveStream.js';
import { openStream, streamUrl } from '../tracking/streamSocket.js';

/**
 * The stream's frames for a screen without the live map (the roll-call board): resumed after a
 * drop from the last sequence seen, as the map's live layer is.
 */
export function useStreamFrames(enabled: boolean, onFrame: (frame: StreamFrame) => void) {
  const { refresh } = useSession();
  const seq = useRef(0);
  const listener = useRef(onFrame);
  listener.current = onFrame;
  useEffect(() => {
    if (!enabled) return;
    return openStream({
      url: streamUrl(window.location),
      onFrame: (frame) => {
        // Status frames carry the last sequence sent, not a new one.
        if (frame.type !== 'status') seq.current = Math.max(seq.current, frame.seq);
        listener.current(frame);
      },
      onSignedOut: () => void refresh(),
      lastSeq: () => seq.current,
    });
  }, [enabled, refresh]);
}
