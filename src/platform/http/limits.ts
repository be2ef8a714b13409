import http from 'node:http';
import type { FastifyServerFactory } from 'fastify';

/** Request size and shape limits, in one place. */
export const limits = {
  bodyBytes: 256 * 1024,
  /**
   * Position reports from phones are small, but OwnTracks also posts its whole region list
   * (`waypoints`) to the same place, and resends whatever is refused for weeks: room for a few
   * hundred regions. Past it, a body is a mistake or an attack.
   */
  ingestBodyBytes: 64 * 1024,
  jsonDepth: 32,
  keepAliveMs: 5_000,
  /** Node checks header and request timeouts only this often (30 s by default). */
  timeoutCheckMs: 500,
} as const;

/**
 * The deepest nesting of objects and arrays in a JSON text, found without parsing it, so a
 * deeply nested body is refused before the parser recurses through it.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) max = Math.max(max, ++depth);
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/** An HTTP server whose header and request timeouts fire when they should. */
export function serverFactoryWith(timeouts: {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}): FastifyServerFactory {
  return (handler) =>
    http.createServer(
      {
        headersTimeout: timeouts.headersTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveMs,
        connectionsCheckingInterval: limits.timeoutCheckMs,
      },
      handler,
    );
}
