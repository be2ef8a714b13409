import { api, ApiError } from '../api/client.js';
import type { StreamFrame } from './liveStream.js';
import type { StreamOptions } from './streamSocket.js';

const everyMs = 3000;

/**
 * Interim source until `GET /api/v1/stream` is merged (issue 12, part 6): reads `GET /api/v1/live`
 * every few seconds and hands each answer on as a snapshot frame, so the screen is built on the
 * stream's frames from the start. TODO(#12): delete once the stream lands; useLive then opens it.
 */
export function pollSnapshots(options: Pick<StreamOptions, 'onFrame' | 'onConnection' | 'onSignedOut'>) {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    try {
      const { items } = await api.get('/api/v1/live');
      if (stopped) return;
      options.onConnection?.('open');
      options.onFrame({ type: 'snapshot', seq: 0, subjects: items } satisfies StreamFrame);
    } catch (error) {
      if (stopped) return;
      if (error instanceof ApiError && error.status === 401) return options.onSignedOut();
      options.onConnection?.('retrying');
    }
    if (!stopped) timer = setTimeout(() => void poll(), everyMs);
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
