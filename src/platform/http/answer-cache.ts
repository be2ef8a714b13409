/**
 * Serialised answers kept in memory, each under a key and the stamp it was made under, and served
 * again only to a request with the same key that read the same stamp. The caller's key holds
 * everything the answer depends on but the stored rows (who asks, as far as the rules that shape
 * the answer can tell them apart, and what they ask); the stamp holds the versions of the rows and
 * rules, read before the rows are. The least recently served answer goes first past `maxBytes`.
 */
export function answerCache(options: { maxBytes: number }) {
  const kept = new Map<string, { stamp: string; body: Buffer }>();
  let bytes = 0;

  function forget(key: string): void {
    const known = kept.get(key);
    if (!known) return;
    kept.delete(key);
    bytes -= known.body.length;
  }

  return {
    /** The answer kept for `key` under `stamp`, or the one `make` serialises, kept for the next. */
    async answer(key: string, stamp: string, make: () => Promise<string>): Promise<Buffer> {
      const known = kept.get(key);
      if (known?.stamp === stamp) {
        // Served again: to the back of the line, so the least recently served goes first.
        kept.delete(key);
        kept.set(key, known);
        return known.body;
      }
      const body = Buffer.from(await make());
      forget(key);
      if (body.length > options.maxBytes) return body;
      kept.set(key, { stamp, body });
      bytes += body.length;
      while (bytes > options.maxBytes) forget(kept.keys().next().value!);
      return body;
    },
  };
}
