/**
 * Registry records and their rows: a record's field is its column's name in camelCase, so a new
 * field is named once in the row type and once in the input schema, never in a map kept by hand.
 */

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** Columns stored as 0 or 1 that a record holds as booleans. */
type FlagColumn = 'active' | 'is_demo';
const isFlag = (column: string): column is FlagColumn => column === 'active' || column === 'is_demo';

/** The record of a row type: each column under its camelCase name, flags as booleans. */
export type RecordOf<Row> = {
  [C in keyof Row & string as CamelCase<C>]: C extends FlagColumn ? boolean : Row[C];
};

/** The column a record field lives in: `armouredVehicles` → `armoured_vehicles`. */
export const columnOf = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const fieldOf = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A row as its record; `decode` reads the columns not stored as they are held (JSON, numerics). */
export function recordOf<Row extends object>(
  row: Row,
  decode: { [C in keyof Row]?: (value: Row[C]) => unknown } = {},
): RecordOf<Row> {
  const record: Record<string, unknown> = {};
  const decoders = decode as Record<string, ((value: unknown) => unknown) | undefined>;
  for (const [column, value] of Object.entries(row)) {
    const decoder = decoders[column];
    record[fieldOf(column)] = decoder ? decoder(value) : isFlag(column) ? value === 1 : value;
  }
  return record as RecordOf<Row>;
}

/** The input's fields among `fields` that it gives a value (null included). */
export function givenFields<F extends string>(fields: readonly F[], input: Partial<Record<F, unknown>>): F[] {
  return fields.filter((field) => input[field] !== undefined);
}

/**
 * The columns `fields` of the input set, under their columns' names; `encode` stores the fields
 * not stored as they are held. A field the input does not give is left out.
 */
export function columnsOf<F extends string, Row>(
  fields: readonly F[],
  input: Partial<Record<F, unknown>>,
  encode: Partial<Record<F, (value: never) => unknown>> = {},
): Partial<Row> {
  const row: Record<string, unknown> = {};
  for (const field of givenFields(fields, input)) {
    const encoder = encode[field] as ((value: unknown) => unknown) | undefined;
    row[columnOf(field)] = encoder ? encoder(input[field]) : input[field];
  }
  return row as Partial<Row>;
}

/** A stored record with an update's given fields in place: what a rule across fields checks. */
export function withChanges<T extends object>(record: T, changes: Partial<T>): T {
  const merged: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const [field, value] of Object.entries(changes)) if (value !== undefined) merged[field] = value;
  return merged as T;
}

/** The columns of a new record: every field's, null where the input gives none. */
export function newColumnsOf<F extends string, Row>(
  fields: readonly F[],
  input: Partial<Record<F, unknown>>,
  encode: Partial<Record<F, (value: never) => unknown>> = {},
): Partial<Row> {
  const full = Object.fromEntries(fields.map((field) => [field, input[field] ?? null]));
  return columnsOf<F, Row>(fields, full as Partial<Record<F, unknown>>, encode);
}
