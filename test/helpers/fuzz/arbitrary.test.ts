import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalid, invalidText, textOk, valid, validText } from './arbitrary.js';
import { resolverFor, type Schema, validate } from './schema.js';

const document = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, Schema> };
};
const resolve = resolverFor(document.components.schemas);
const samples = (arbitrary: fc.Arbitrary<unknown>, numRuns = 100) =>
  fc.sample(arbitrary, { numRuns, seed: 7 });

const cases: [string, Schema][] = [
  ['bounded integer', { type: 'integer', minimum: 1, maximum: 500 }],
  ['safe-range integer', { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }],
  ['latitude', { type: 'number', minimum: -90, maximum: 90 }],
  ['short string', { type: 'string', minLength: 2, maxLength: 2 }],
  ['pattern', { type: 'string', pattern: '^[a-z][a-z0-9_]{1,39}$' }],
  ['date', { type: 'string', format: 'date' }],
  ['date-time', { type: 'string', format: 'date-time' }],
  ['uri', { type: 'string', format: 'uri' }],
  ['enum', { type: 'string', enum: ['camp', 'base'] }],
  ['nullable', { type: ['string', 'null'], maxLength: 3 }],
  ['anyOf with null', { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] }],
  [
    'object',
    {
      type: 'object',
      properties: { a: { type: 'string', minLength: 1 }, b: { type: 'boolean' } },
      required: ['a'],
      additionalProperties: false,
    },
  ],
  [
    'position pair',
    {
      type: 'array',
      prefixItems: [
        { type: 'number', minimum: -180, maximum: 180 },
        { type: 'number', minimum: -90, maximum: 90 },
      ],
      items: false,
      minItems: 2,
      maxItems: 2,
    },
  ],
  [
    'record',
    {
      type: 'object',
      propertyNames: { type: 'string', minLength: 1 },
      additionalProperties: { type: 'integer' },
    },
  ],
  ['$ref', { $ref: '#/components/schemas/Site' }],
];

describe('JSON Schema → arbitraries', () => {
  it.each(cases)('generates valid %s values only', (_label, schema) => {
    for (const value of samples(valid(schema, resolve))) expect(validate(value, schema, resolve)).toEqual([]);
  });

  it.each(cases)('generates invalid %s values only', (_label, schema) => {
    const arbitrary = invalid(schema, resolve);
    expect(arbitrary).not.toBeNull();
    for (const value of samples(arbitrary!)) expect(validate(value, schema, resolve)).not.toEqual([]);
  });

  it('breaks an object in one place: a missing required field, an unknown field, a bad value', () => {
    const schema = cases.find(([label]) => label === 'object')![1];
    const found = samples(invalid(schema, resolve)!, 300).map((value) => validate(value, schema, resolve));
    for (const errors of found) expect(errors).toHaveLength(1);
    const reasons = found.flat().join('\n');
    expect(reasons).toContain('lacks a');
    expect(reasons).toContain('has unknown unexpectedField');
    expect(reasons).toMatch(/\$\.a: (shorter|is)/);
  });

  it('writes query numbers in plain decimals, and breaks them as empty, hex and exponent text', () => {
    const schema: Schema = { type: 'number', minimum: -90, maximum: 90 };
    for (const text of samples(validText(schema, resolve))) expect(text).toMatch(/^-?\d+(\.\d+)?$/);
    const broken = samples(invalidText(schema, resolve)!, 300);
    expect(broken).toEqual(expect.arrayContaining(['', '0x1f', '1e3', '91']));
    for (const text of broken) expect(textOk(String(text), schema, resolve)).toBe(false);
  });

  it('reads no unconstrained value as breakable', () => {
    expect(invalid({}, resolve)).toBeNull();
    expect(invalidText({ type: 'string' }, resolve)).toBeNull();
  });

  it('covers every schema of the API document', () => {
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      for (const value of samples(valid(schema, resolve), 20)) {
        expect({ name, errors: validate(value, schema, resolve) }).toEqual({ name, errors: [] });
      }
    }
  });
});
