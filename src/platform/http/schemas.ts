import { z } from 'zod';

/** The one error body of every route. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

/** The error responses every authenticated route may give: the app declares them for each route. */
export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
} as const;

// Query strings and path segments arrive as text. `z.coerce.number()` would read '' as 0 and accept
// '0x10' or '1e3'; these accept only plain decimal forms and say so in the message.
const decimalText = /^-?\d+(\.\d+)?$/;
const integerText = /^-?\d+$/;

interface Bounds {
  min?: number;
  max?: number;
}

function bounded(schema: z.ZodNumber, { min, max }: Bounds): z.ZodNumber {
  let out = schema;
  if (min !== undefined) out = out.min(min);
  if (max !== undefined) out = out.max(max);
  return out;
}

// Text that is not a plain number stays text, so the number schema refuses it with this message.
const asNumber = (pattern: RegExp) => (value: unknown) =>
  typeof value === 'string' && pattern.test(value) ? Number(value) : value;

const decimal = (bounds: Bounds) =>
  bounded(z.number({ error: 'must be a decimal number such as 33.6 or -4' }), bounds);
/** The largest integer column PostgreSQL stores; beyond it a lookup is an error there, not a miss. */
const largestStoredInteger = 2_147_483_647;

const integer = (bounds: Bounds) =>
  bounded(z.number({ error: 'must be a whole number written in digits' }).int(), {
    ...bounds,
    max: Math.min(bounds.max ?? largestStoredInteger, largestStoredInteger),
  });

/** A number given as text in a query string or path: plain decimal digits, optionally signed. */
export function decimalParam(bounds: Bounds = {}) {
  return z.preprocess(asNumber(decimalText), decimal(bounds));
}

/** A whole number given as text in a query string or path. */
export function integerParam(bounds: Bounds = {}) {
  return z.preprocess(asNumber(integerText), integer(bounds));
}

/** A whole number that may be left out; the default sits inside, so the API document shows it. */
export function integerParamOr(fallback: number, bounds: Bounds = {}) {
  return z.preprocess(asNumber(integerText), integer(bounds).default(fallback));
}

/**
 * A file posted as itself (`text/csv`): its bytes, as the content-type parser hands them on, for the
 * importer to decode once. The API document shows it as a binary string.
 */
export const fileBody = (description: string) =>
  z
    .custom<Buffer>((value) => Buffer.isBuffer(value) && value.length > 0, 'is not a non-empty file')
    .meta({ type: 'string', format: 'binary', description });

export const idParams = z.object({ id: z.string().min(1).max(100) });

/** A yes-or-no query parameter, written `true` or `false`; false when left out. */
export const flagParam = () =>
  z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true');
