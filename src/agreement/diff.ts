/** One difference between two documents: a path and the values on each side. */
export interface Change {
  path: string;
  from: unknown;
  to: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The structured diff of two JSON values: every leaf that was added, removed or changed, with its
 * path (`protection[3].armedEscortVehicles`). Arrays of scalars compare whole, as one leaf.
 */
export function diffDocuments(a: unknown, b: unknown, path = ''): Change[] {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => diffDocuments(a[key], b[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(a) && Array.isArray(b) && [...a, ...b].some((x) => typeof x === 'object' && x !== null)) {
    const length = Math.max(a.length, b.length);
    return Array.from({ length }, (_, i) => diffDocuments(a[i], b[i], `${path}[${i}]`)).flat();
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  return [{ path, from: a ?? null, to: b ?? null }];
}
