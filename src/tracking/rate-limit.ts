/**
 * A token bucket per key: `burst` reports at once (an app sending its backlog after a week
 * offline), refilled at `perSecond`. Pure: the caller passes the time.
 */
export function tokenBuckets(settings: { burst: number; perSecond: number }) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes `count` tokens for `key` if it has them; false when it must wait. */
    take(key: string, count: number, nowMs: number): boolean {
      const bucket = buckets.get(key) ?? { tokens: settings.burst, at: nowMs };
      const refilled = Math.min(
        settings.burst,
        bucket.tokens + ((nowMs - bucket.at) / 1000) * settings.perSecond,
      );
      const ok = refilled >= count;
      buckets.set(key, { tokens: ok ? refilled - count : refilled, at: nowMs });
      return ok;
    },
  };
}
