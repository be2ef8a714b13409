/**
 * JSON Canonicalization Scheme (RFC 8785): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript's JSON.stringify writes them (which is what the
 * RFC specifies). Hashes and signatures are taken over this form so any party can recompute them.
 * A string with a lone surrogate is not Unicode and has no canonical form: section 3.2.2.2 requires
 * an error rather than an escape another implementation might read differently.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return canonicalString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for ' + value);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${canonicalString(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
}

// With the u flag a surrogate pair is one code point, so this matches only unpaired halves.
const loneSurrogate = /\p{Surrogate}/u;

function canonicalString(text: string): string {
  if (loneSurrogate.test(text)) throw new TypeError('canonical JSON cannot encode a lone surrogate');
  return JSON.stringify(text);
}

/**
 * Whether two JSON values have the same canonical form (key order aside, `undefined` members
 * left out), compared in place: writing both out costs far more on large values.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    // The same item (often, where both were built from one walk) needs no call.
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let members = 0;
  for (const key of Object.keys(x)) {
    const value = x[key];
    if (value === undefined) continue;
    if (!Object.hasOwn(y, key) || (value !== y[key] && !sameJson(value, y[key]))) return false;
    members++;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) members--;
  return members === 0;
}
