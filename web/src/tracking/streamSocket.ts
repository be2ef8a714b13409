import type { StreamFrame } from './liveStream.js';

/** The part of the browser's WebSocket the stream uses, so a test can hand in its own. */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number): void;
}

export type Connection = 'connecting' | 'open' | 'retrying';

export interface StreamOptions {
  /** Absolute `ws:`/`wss:` URL of the stream, without `since`. */
  url: string;
  onFrame: (frame: StreamFrame) => void;
  onConnection?: (connection: Connection) => void;
  /** The session ended (close code 4401): the app goes to sign-in. */
  onSignedOut: () => void;
  /** The last sequence applied, read at each reconnect: a resume asks for what came after it. */
  lastSeq: () => number;
  open?: (url: string) => SocketLike;
  /** Waits before the nth retry (1, 2, …); the default doubles from 1 s up to 30 s, with jitter. */
  delay?: (attempt: number) => number;
  schedule?: (run: () => void, ms: number) => unknown;
}

/** Close codes the server states (src/tracking/stream.ts, which the browser bundle does not import). */
export const closeCodes = { signedOut: 4401, rolesChanged: 4403, tooSlow: 4408 } as const;

/** Back-off: 1 s, 2 s, 4 s … up to 30 s, each shortened by up to a quarter so clients do not stampede. */
export function backOff(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - random() / 4));
}

/** The stream's URL on this page's origin: `wss:` under https. */
export function streamUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/stream`;
}

/**
 * Keeps a connection to the stream: reconnects after a drop with `since=` the last sequence seen,
 * so the server sends exactly what was missed; after 4403 (roles changed) starts fresh, as what
 * the viewer may see changed; after 4401 stops and reports the sign-out. Returns a stop function.
 */
export function openStream(options: StreamOptions): () => void {
  const open = options.open ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const delay = options.delay ?? backOff;
  const schedule = options.schedule ?? ((run, ms) => setTimeout(run, ms));
  let socket: SocketLike | undefined;
  let stopped = false;
  let attempt = 0;
  let fresh = true;

  const connect = () => {
    if (stopped) return;
    const since = fresh ? 0 : options.lastSeq();
    options.onConnection?.('connecting');
    const current = open(since > 0 ? `${options.url}?since=${since}` : options.url);
    socket = current;
    current.onopen = () => {
      attempt = 0;
      options.onConnection?.('open');
    };
    current.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let frame: unknown;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isFrame(frame)) options.onFrame(frame);
    };
    current.onerror = () => undefined;
    let ended = false;
    current.onclose = (event) => {
      // Each socket ends once: a second close event (some browsers send one after an error) is not a second drop.
      if (stopped || ended) return;
      ended = true;
      if (event.code === closeCodes.signedOut) {
        stopped = true;
        options.onSignedOut();
        return;
      }
      fresh = event.code === closeCodes.rolesChanged;
      attempt += 1;
      options.onConnection?.('retrying');
      schedule(connect, fresh ? 0 : delay(attempt));
    };
    fresh = false;
  };

  connect();
  return () => {
    stopped = true;
    socket?.close(1000);
  };
}

function isFrame(value: unknown): value is StreamFrame {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { seq?: unknown }).seq === 'number'
  );
}
