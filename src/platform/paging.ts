import { type Expression, type SelectQueryBuilder, sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { validationFailed } from './errors.js';
import { integerParamOr } from './http/schemas.js';
import { forbiddenCharacter } from './text-rules.js';

/**
 * Every list pages the same way: `?limit=` (1 to 500, 100 by default) and `?after=` the `next` of
 * the previous page, an opaque cursor. A repository pages with `keysetPage`, in an order that is
 * unique (its last key is an id), so a page never repeats or skips a row while rows are added.
 */

export const defaultPageSize = 100;
export const maxPageSize = 500;

/** The longest cursor: a 200-character name in any script, JSON-escaped, with an id, in base64url. */
const maxCursorLength = 2000;

/** The query every list takes, extended with its own filters. */
export const pageQuery = z.object({
  limit: integerParamOr(defaultPageSize, { min: 1, max: maxPageSize }),
  after: z.string().max(maxCursorLength).optional().describe('the `next` of the previous page'),
});

/** The response of a list: a page of items and the cursor of the next page, null after the last. */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), next: z.string().nullable() });

/** What a repository's list takes from a page query. */
export interface PageRequest {
  limit: number;
  after?: string | undefined;
}

/** A page of rows, and the cursor of the next page: null on the last. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** The same page with each item mapped: a row to its record, a record to what the caller is shown. */
export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map((item) => map(item)), next: page.next };
}

type KeyValue = string | number;

/** The cursor of a row: its keys, in order, as base64url of a JSON array. */
export function encodeCursor(values: readonly KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const loneSurrogate = /\p{Cs}/u;

const notIssued = () =>
  validationFailed('after', 'The paging cursor is not one this server gave out', 'querystring');

/**
 * The keys of a cursor, checked against the kinds the list's keys have. Anything this server would
 * not have written (other text, other encodings of it, other kinds or counts of keys, a number out
 * of range, NUL or another character no stored text holds) is 400 naming `after`: a forged cursor
 * never reaches the database.
 */
export function decodeCursor(cursor: string, kinds: readonly ('string' | 'number')[]): KeyValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notIssued();
  }
  if (!Array.isArray(values) || values.length !== kinds.length) throw notIssued();
  values.forEach((value, i) => {
    const fits =
      kinds[i] === 'number'
        ? Number.isSafeInteger(value)
        : typeof value === 'string' &&
          value.length <= maxCursorLength &&
          !loneSurrogate.test(value) &&
          !forbiddenCharacter(value, 'text');
    if (!fits) throw notIssued();
  });
  // Only the exact text this server writes for these keys: no padding, no spaces, no other escapes.
  if (encodeCursor(values as KeyValue[]) !== cursor) throw notIssued();
  return values as KeyValue[];
}

/** One key of a list's order: its column, the kind of its values, and how to read it off a row. */
export interface PageKey<O> {
  column: string;
  kind: 'string' | 'number';
  of: (row: O) => KeyValue;
}

/**
 * `(a, b, …) > (x, y, …)` (or `<`, newest first): a row-value comparison, which SQLite and
 * PostgreSQL both serve as one range of an index on the keys. The equivalent `a > x or (a = x and
 * b > y)` makes SQLite scan and sort every row past the first page.
 */
function beyond(
  columns: readonly string[],
  values: readonly KeyValue[],
  direction: 'asc' | 'desc',
): Expression<SqlBool> {
  const past = direction === 'asc' ? sql.raw('>') : sql.raw('<');
  const row = (items: readonly unknown[]) => sql.join(items);
  return sql<SqlBool>`(${row(columns.map((c) => sql.ref(c)))}) ${past} (${row(values)})`;
}

/**
 * Runs a list query one page at a time, ordered by `keys` (the last one unique) in `direction`:
 * starts after `page.after`, fetches one row more than the page to know whether a next one exists,
 * and gives that next page's cursor.
 */
export async function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keys: readonly PageKey<O>[],
  direction: 'asc' | 'desc',
  page: PageRequest,
): Promise<Page<O>> {
  const columns = keys.map((k) => k.column);
  let paged = query;
  if (page.after !== undefined) {
    const after = decodeCursor(
      page.after,
      keys.map((k) => k.kind),
    );
    paged = paged.where(() => beyond(columns, after, direction));
  }
  for (const column of columns) paged = paged.orderBy(sql.ref(column), direction);
  const rows = await paged.limit(page.limit + 1).execute();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    next: rows.length > page.limit && last ? encodeCursor(keys.map((k) => k.of(last))) : null,
  };
}
