import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, pure: HMAC-SHA256 with the endpoint's secret over `<timestamp>.<body>`, sent
 * as `X-JSMS-Signature: t=<unix seconds>,v1=<hex>`. A receiver recomputes it over the raw body and
 * refuses a timestamp far from its own clock, so a captured request cannot be replayed later.
 */

export const signatureHeader = 'x-jsms-signature';

/** The header's value for a body sent at `at`. */
export function signatureOf(secret: string, at: Date, body: string): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** Whether a header signs `body` with `secret` at most `toleranceS` seconds from `now`. */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  now: Date,
  toleranceS = 300,
): boolean {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isSafeInteger(t) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Only http(s) endpoints, without credentials in the URL (they would sit in the delivery log). */
export function isWebhookUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:'].includes(parsed.protocol) && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
