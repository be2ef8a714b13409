import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * A query that Kysely builds and compiles once per database handle and then runs with new values:
 * it builds and compiles a query on every call otherwise, which takes three times as long as
 * SQLite takes to answer a point lookup. For the queries every request makes. `build` gets a
 * placeholder for each value and must pass each on, as a query parameter, exactly once.
 */
export function compileOnce<DB, Values extends unknown[], Row>(
  build: (db: Kysely<DB>, ...values: Values) => Compilable<Row>,
): (db: Kysely<DB>, ...values: Values) => Promise<Row[]> {
  const compiled = new WeakMap<object, { query: CompiledQuery<Row>; slots: number[]; inOrder: boolean }>();
  function compile(db: Kysely<DB>, count: number) {
    const placeholders = Array.from({ length: count }, (_, i) => `\u0000value ${i}\u0000`);
    const query = build(db, ...(placeholders as Values)).compile();
    // By a map, not a search per parameter: a multi-row insert has tens of thousands of them.
    const index = new Map(placeholders.map((p, i) => [p, i]));
    const slots = query.parameters.map((p) => (typeof p === 'string' ? (index.get(p) ?? -1) : -1));
    const uses = new Uint32Array(count);
    for (const slot of slots) if (slot >= 0) uses[slot]! += 1;
    const misused = uses.findIndex((n) => n !== 1);
    if (misused >= 0)
      throw new Error(
        `compileOnce: ${placeholders[misused]!.trim()} must be a parameter of ${query.sql} exactly once`,
      );
    // The values in the order given, as a multi-row insert's are: passed on as they are.
    const inOrder = slots.length === count && slots.every((slot, i) => slot === i);
    return { query, slots, inOrder };
  }
  return async (db, ...values) => {
    let entry = compiled.get(db);
    if (!entry) compiled.set(db, (entry = compile(db, values.length)));
    const { query, slots, inOrder } = entry;
    const parameters = inOrder
      ? values
      : query.parameters.map((p, i) => (slots[i]! >= 0 ? values[slots[i]!] : p));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
