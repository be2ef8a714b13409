// JSON Schema → fast-check arbitraries: values that satisfy a schema, and values that break it in
// exactly one place. Two encodings: JSON (bodies) and text (query strings and path segments, where
// a number must be written in plain decimal digits).
import fc, { type Arbitrary } from 'fast-check';
import { type Resolver, type Schema, typesOf, validate } from './schema.js';

/** Longest generated string or array beyond a schema's minimum, so requests stay small. */
const spread = 24;
/** Whole-range bounds for numbers a schema leaves open. */
const safe = Number.MAX_SAFE_INTEGER;

const ok = (value: unknown, schema: Schema, resolve: Resolver) =>
  validate(value, schema, resolve).length === 0;

function integerIn(min: number, max: number): Arbitrary<number> {
  if (min >= -(2 ** 31) && max < 2 ** 31) return fc.integer({ min, max });
  const small = fc.integer({ min: Math.max(min, -1000), max: Math.min(max, 1000) });
  const whole = fc.bigInt({ min: BigInt(Math.ceil(min)), max: BigInt(Math.floor(max)) }).map(Number);
  const edges = fc.constantFrom(min, max);
  return min <= 1000 && max >= -1000
    ? fc.oneof(
        { weight: 4, arbitrary: small },
        { weight: 2, arbitrary: whole },
        { weight: 1, arbitrary: edges },
      )
    : fc.oneof(whole, edges);
}

function bounds(schema: Schema, integer: boolean): [number, number] {
  let min = schema.minimum ?? -safe;
  let max = schema.maximum ?? safe;
  if (schema.exclusiveMinimum !== undefined) min = schema.exclusiveMinimum + (integer ? 1 : 1e-6);
  if (schema.exclusiveMaximum !== undefined) max = schema.exclusiveMaximum - (integer ? 1 : 1e-6);
  return [integer ? Math.ceil(min) : min, integer ? Math.floor(max) : max];
}

function stringOf(minLength: number, maxLength: number): Arbitrary<string> {
  const max = Math.min(maxLength, minLength + spread);
  const units = [
    { weight: 6, arbitrary: fc.string({ minLength, maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength: max, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength: max, unit: 'binary' }) },
  ];
  if (maxLength <= 5000 && maxLength > max)
    units.push({ weight: 1, arbitrary: fc.string({ minLength: maxLength, maxLength }) });
  return fc.oneof(...units);
}

const dateIn = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });

function validString(schema: Schema): Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? minLength + spread;
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern, 'u'));
  switch (schema.format) {
    case 'date':
      return dateIn.map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return dateIn.map((d) => d.toISOString());
    case 'uuid':
      return fc.uuid();
    case 'uri':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
  }
  return stringOf(minLength, maxLength);
}

/** Values of one JSON type under the schema's other keywords. */
function validOfType(type: string, schema: Schema, resolve: Resolver, depth: number): Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integerIn(...bounds(schema, true));
    case 'number': {
      const [min, max] = bounds(schema, false);
      const whole = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      return fc.oneof(whole, integerIn(Math.ceil(min), Math.floor(max)));
    }
    case 'string':
      return validString(schema);
    case 'array': {
      const prefix = (schema.prefixItems ?? []).map((item) => valid(item, resolve, depth + 1));
      const minItems = Math.max(0, (schema.minItems ?? 0) - prefix.length);
      const maxItems = Math.min((schema.maxItems ?? Infinity) - prefix.length, minItems + 4);
      if (schema.items === false || maxItems <= 0) return fc.tuple(...prefix);
      const rest = fc.array(valid(schema.items ?? {}, resolve, depth + 1), {
        minLength: minItems,
        maxLength: maxItems,
      });
      return fc.tuple(fc.tuple(...prefix), rest).map(([head, tail]) => [...head, ...tail]);
    }
    case 'object':
      return validObject(schema, resolve, depth);
    default:
      throw new Error(`unknown type ${type}`);
  }
}

function validObject(schema: Schema, resolve: Resolver, depth: number): Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  const model = Object.fromEntries(names.map((name) => [name, valid(properties[name]!, resolve, depth + 1)]));
  const requiredKeys = (schema.required ?? []).filter((name) => name in properties);
  const known = fc.record(model, { requiredKeys });
  const extra = schema.additionalProperties;
  if (names.length > 0 || extra === undefined || extra === false) return known;
  const keys = schema.propertyNames
    ? validString(resolve(schema.propertyNames))
    : fc.string({ maxLength: 12 });
  const values = extra === true ? fc.jsonValue({ maxDepth: 2 }) : valid(extra, resolve, depth + 1);
  return fc.dictionary(keys, values, { maxKeys: 4 });
}

/** Values that satisfy `schema`. */
export function valid(schema: Schema, resolve: Resolver, depth = 0): Arbitrary<unknown> {
  schema = resolve(schema);
  if (depth > 12) throw new Error('schema nests too deep to generate');
  let arbitrary: Arbitrary<unknown>;
  if (schema.anyOf || schema.oneOf) {
    arbitrary = fc.oneof(
      ...(schema.anyOf ?? schema.oneOf)!.map((branch) => valid(branch, resolve, depth + 1)),
    );
  } else if ('const' in schema) {
    arbitrary = fc.constant(schema.const);
  } else if (schema.enum) {
    arbitrary = fc.constantFrom(...schema.enum);
  } else {
    const types = typesOf(schema);
    if (types.length === 0) {
      arbitrary = schema.properties ? validObject(schema, resolve, depth) : fc.jsonValue({ maxDepth: 2 });
    } else {
      arbitrary = fc.oneof(...types.map((type) => validOfType(type, schema, resolve, depth)));
    }
  }
  // Keywords beside the ones that drive generation (a pattern with a length, oneOf overlaps) hold too.
  return arbitrary.filter((value) => ok(value, schema, resolve));
}

/** One sample value of each JSON type, for "wrong type" breaks. */
const typeSamples: unknown[] = ['text', 1.5, 7, true, null, [], {}, '', 0];

function invalidString(schema: Schema): Arbitrary<unknown>[] {
  const out: Arbitrary<unknown>[] = [];
  const minLength = schema.minLength ?? 0;
  if (minLength > 0) out.push(fc.string({ maxLength: minLength - 1 }));
  if (schema.maxLength !== undefined && schema.maxLength < 100_000)
    out.push(fc.string({ minLength: schema.maxLength + 1, maxLength: schema.maxLength + 8 }));
  if (schema.pattern !== undefined || schema.format !== undefined)
    out.push(
      fc.oneof(
        fc.string({ minLength, maxLength: minLength + spread }),
        fc.constantFrom('not a value', '!!', '2026-13-45', 'x'.repeat(Math.max(minLength, 1))),
      ),
    );
  return out;
}

function invalidNumber(schema: Schema, integer: boolean): Arbitrary<unknown>[] {
  const out: Arbitrary<unknown>[] = [];
  if (schema.minimum !== undefined && schema.minimum > -safe)
    out.push(fc.constantFrom(schema.minimum - 1, schema.minimum - 0.001, schema.minimum - 1e6));
  if (schema.maximum !== undefined && schema.maximum < safe)
    out.push(fc.constantFrom(schema.maximum + 1, schema.maximum + 0.001, schema.maximum + 1e6));
  if (integer) out.push(fc.constantFrom(0.5, 1.25, (schema.minimum ?? 0) + 0.5));
  return out;
}

/** Values that break `schema` in exactly one place; null when nothing can (an unconstrained value). */
export function invalid(schema: Schema, resolve: Resolver, depth = 0): Arbitrary<unknown> | null {
  schema = resolve(schema);
  if (depth > 12) return null;
  const out: Arbitrary<unknown>[] = [];
  const types = typesOf(schema);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    for (const branch of branches) {
      const broken = invalid(branch, resolve, depth + 1);
      if (broken) out.push(broken);
    }
  }
  const constrained = branches || types.length > 0 || 'const' in schema || schema.enum;
  if (constrained) out.push(fc.constantFrom(...typeSamples));
  if ('const' in schema || schema.enum) {
    const first = 'const' in schema ? schema.const : schema.enum![0];
    if (typeof first === 'string')
      out.push(
        fc.oneof(fc.constant(`${first}_x`), fc.constant(first.toUpperCase()), fc.string({ maxLength: 8 })),
      );
    else if (typeof first === 'number') out.push(fc.constantFrom(first + 1, first - 1, first + 0.5));
  } else {
    for (const type of types) {
      if (type === 'string') out.push(...invalidString(schema));
      if (type === 'number' || type === 'integer') out.push(...invalidNumber(schema, type === 'integer'));
      if (type === 'array') out.push(...invalidArray(schema, resolve, depth));
      if (type === 'object') out.push(...invalidObject(schema, resolve, depth));
    }
    if (types.length === 0 && schema.properties) out.push(...invalidObject(schema, resolve, depth));
  }
  if (out.length === 0) return null;
  return fc.oneof(...out).filter((value) => !ok(value, schema, resolve));
}

function invalidArray(schema: Schema, resolve: Resolver, depth: number): Arbitrary<unknown>[] {
  const out: Arbitrary<unknown>[] = [];
  const whole = validOfType('array', schema, resolve, depth) as Arbitrary<unknown[]>;
  const prefix = schema.prefixItems ?? [];
  if ((schema.minItems ?? 0) > 0) out.push(whole.map((items) => items.slice(0, (schema.minItems ?? 1) - 1)));
  if (schema.maxItems !== undefined && schema.maxItems < 200) {
    const item = schema.items === false ? (prefix[0] ?? {}) : (schema.items ?? prefix[0] ?? {});
    const more = fc.array(valid(item, resolve, depth + 1), { minLength: 1, maxLength: 3 });
    out.push(
      fc.tuple(whole, more).map(([items, extra]) => [...items, ...extra].slice(0, schema.maxItems! + 3)),
    );
  }
  // One element broken: a prefix position or any position of the items.
  const positions: [number, Schema][] = prefix.map((item, i) => [i, item]);
  if (schema.items) positions.push([prefix.length, schema.items]);
  for (const [index, itemSchema] of positions) {
    const broken = invalid(itemSchema, resolve, depth + 1);
    if (!broken) continue;
    out.push(
      fc.tuple(whole, broken).map(([items, bad]) => {
        const copy = [...items];
        while (copy.length < index) copy.push(null);
        copy[index < prefix.length ? index : Math.min(index, copy.length)] = bad;
        return copy;
      }),
    );
  }
  return out;
}

function invalidObject(schema: Schema, resolve: Resolver, depth: number): Arbitrary<unknown>[] {
  const out: Arbitrary<unknown>[] = [];
  const whole = validObject(schema, resolve, depth);
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    out.push(
      whole.map((record) => {
        const copy = { ...record };
        delete copy[name];
        return copy;
      }),
    );
  }
  if (schema.additionalProperties === false)
    out.push(whole.map((record) => ({ ...record, unexpectedField: 'x' })));
  for (const [name, property] of Object.entries(properties)) {
    const broken = invalid(property, resolve, depth + 1);
    if (broken) out.push(fc.tuple(whole, broken).map(([record, bad]) => ({ ...record, [name]: bad })));
  }
  if (typeof schema.additionalProperties === 'object' && Object.keys(properties).length === 0) {
    const broken = invalid(schema.additionalProperties, resolve, depth + 1);
    if (broken) out.push(fc.tuple(whole, broken).map(([record, bad]) => ({ ...record, someKey: bad })));
    if (schema.propertyNames) {
      const badKey = invalid(schema.propertyNames, resolve, depth + 1);
      const value = valid(schema.additionalProperties, resolve, depth + 1);
      if (badKey)
        out.push(
          fc
            .tuple(
              whole,
              badKey.filter((key) => typeof key === 'string'),
              value,
            )
            .map(([record, key, v]) => ({ ...record, [key as string]: v })),
        );
    }
  }
  return out;
}

// ---- text: query strings and path segments ----

/** Text without lone surrogates, which a URL cannot carry. */
const wellFormed = (text: string) => !/\p{Surrogate}/u.test(text);

const integerText = /^-?\d+$/;
const decimalText = /^-?\d+(\.\d+)?$/;

/** Whether `text`, as a query or path value, satisfies `schema` the way the server reads it. */
export function textOk(text: string, schema: Schema, resolve: Resolver): boolean {
  schema = resolve(schema);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.some((branch) => textOk(text, branch, resolve));
  if ('const' in schema) return String(schema.const) === text;
  if (schema.enum) return schema.enum.some((item) => String(item) === text);
  const types = typesOf(schema);
  if (types.length === 0) return true;
  return types.some((type) => {
    if (type === 'integer') return integerText.test(text) && ok(Number(text), schema, resolve);
    if (type === 'number') return decimalText.test(text) && ok(Number(text), { ...schema, type }, resolve);
    if (type === 'boolean') return text === 'true' || text === 'false';
    if (type === 'string') return ok(text, { ...schema, type }, resolve);
    return false;
  });
}

/** A plain decimal numeral for `value`: never an exponent form. */
function decimal(value: number): string {
  const fixed = value.toFixed(6).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** Text values that satisfy `schema`. */
export function validText(schema: Schema, resolve: Resolver): Arbitrary<string> {
  schema = resolve(schema);
  // A repeatable query parameter (`?state=a&state=b`): each occurrence is one item's text.
  if (typesOf(schema).includes('array') && schema.items && typeof schema.items === 'object')
    return validText(schema.items, resolve);
  const branches = schema.anyOf ?? schema.oneOf;
  let arbitrary: Arbitrary<string>;
  if (branches) arbitrary = fc.oneof(...branches.map((branch) => validText(branch, resolve)));
  else if ('const' in schema) arbitrary = fc.constant(String(schema.const));
  else if (schema.enum) arbitrary = fc.constantFrom(...schema.enum.map(String));
  else {
    const types = typesOf(schema).filter((type) => type !== 'null');
    if (types.length === 0) arbitrary = fc.string({ maxLength: spread });
    else
      arbitrary = fc.oneof(
        ...types.map((type): Arbitrary<string> => {
          if (type === 'integer') return integerIn(...bounds(schema, true)).map(String);
          if (type === 'number') {
            const [min, max] = bounds(schema, false);
            return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map(decimal);
          }
          if (type === 'boolean') return fc.constantFrom('true', 'false');
          return validString(schema);
        }),
      );
  }
  // Text travels in a URL: lone surrogates cannot be encoded there.
  return arbitrary.filter((text) => wellFormed(text) && textOk(text, schema, resolve));
}

/** Text values that break `schema`: empty, hex and exponent numbers, out of range, off pattern. */
export function invalidText(schema: Schema, resolve: Resolver): Arbitrary<string> | null {
  schema = resolve(schema);
  const out: Arbitrary<string>[] = [];
  const branches = schema.anyOf ?? schema.oneOf;
  for (const branch of branches ?? []) {
    const broken = invalidText(branch, resolve);
    if (broken) out.push(broken);
  }
  const types = typesOf(schema);
  if ('const' in schema || schema.enum) {
    const first = String('const' in schema ? schema.const : schema.enum![0]);
    out.push(fc.constantFrom(`${first}_x`, first.toUpperCase(), '', 'yes', '0x1'));
  } else {
    for (const type of types) {
      if (type === 'integer' || type === 'number') {
        out.push(
          fc.constantFrom(
            '',
            '0x1f',
            '0x10',
            '1e3',
            '1E2',
            'abc',
            ' 1',
            '1 ',
            'NaN',
            'Infinity',
            '--1',
            '1,5',
          ),
        );
        const numeric = invalidNumber(schema, type === 'integer') as Arbitrary<number>[];
        out.push(...numeric.map((arbitrary) => arbitrary.map(decimal)));
      }
      if (type === 'boolean') out.push(fc.constantFrom('', 'yes', '1', 'TRUE'));
      if (type === 'string') out.push(...(invalidString(schema) as Arbitrary<string>[]));
    }
  }
  if (out.length === 0) return null;
  return fc
    .oneof(...out)
    .filter((text) => typeof text === 'string' && wellFormed(text) && !textOk(text, schema, resolve));
}
