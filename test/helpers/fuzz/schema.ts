// The slice of JSON Schema (2020-12, as OpenAPI 3.1 carries it) that docs/openapi.json uses, with
// `$ref` resolution into components.schemas and a validator for responses and generated values.

/** A JSON Schema as the API document writes it. */
export interface Schema {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: Schema | false;
  prefixItems?: Schema[];
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
  description?: string;
}

/** Resolves `#/components/schemas/Name` references against one document. */
export type Resolver = (schema: Schema) => Schema;

export function resolverFor(components: Record<string, Schema>): Resolver {
  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new Error(`unknown $ref ${schema.$ref}`);
    return resolve(target);
  };
  return resolve;
}

/** The types a schema allows; nullable (OpenAPI 3.0) adds null. Empty means any. */
export function typesOf(schema: Schema): string[] {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  return schema.nullable && types.length > 0 ? [...types, 'null'] : types;
}

const formats: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^@\s]+@[^@\s]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\S*$/i,
};

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

/** Code points, as JSON Schema counts a string's length. */
const lengthOf = (text: string) => [...text].length;

/** Where `value` breaks `schema`, as `path: reason` lines; empty when it conforms. */
export function validate(value: unknown, schema: Schema, resolve: Resolver, path = '$'): string[] {
  schema = resolve(schema);
  const errors: string[] = [];
  const fail = (reason: string) => errors.push(`${path}: ${reason}`);
  if (schema.anyOf || schema.oneOf) {
    const branches = (schema.anyOf ?? schema.oneOf)!;
    const matching = branches.filter((branch) => validate(value, branch, resolve, path).length === 0);
    if (matching.length === 0) fail(`matches none of ${branches.length} alternatives`);
    else if (schema.oneOf && matching.length > 1) fail('matches more than one of oneOf');
  }
  for (const part of schema.allOf ?? []) errors.push(...validate(value, part, resolve, path));
  const types = typesOf(schema);
  if (types.length > 0 && !types.some((type) => typeMatches(value, type))) {
    fail(`is ${JSON.stringify(value)?.slice(0, 60)}, not ${types.join('|')}`);
    return errors;
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value))
    fail(`is not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.some((item) => JSON.stringify(item) === JSON.stringify(value)))
    fail(`${JSON.stringify(value)?.slice(0, 60)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum)
      fail('at or below the bound');
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum)
      fail('at or above the bound');
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && lengthOf(value) < schema.minLength)
      fail(`shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && lengthOf(value) > schema.maxLength)
      fail(`longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      fail(`does not match ${schema.pattern}`);
    const format = schema.format ? formats[schema.format] : undefined;
    if (format && !format.test(value)) fail(`is not a ${schema.format}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      fail(`fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      fail(`more than ${schema.maxItems} items`);
    const prefix = schema.prefixItems ?? [];
    value.forEach((item, i) => {
      const itemSchema = i < prefix.length ? prefix[i] : schema.items;
      if (itemSchema === false) fail(`item ${i} is not allowed`);
      else if (itemSchema) errors.push(...validate(item, itemSchema, resolve, `${path}[${i}]`));
    });
  }
  if (
    typeMatches(value, 'object') &&
    (schema.properties ||
      schema.required ||
      schema.additionalProperties !== undefined ||
      schema.propertyNames)
  ) {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) fail(`lacks ${key}`);
    for (const [key, item] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) {
        errors.push(...validate(item, property, resolve, `${path}.${key}`));
        continue;
      }
      if (schema.propertyNames)
        errors.push(...validate(key, schema.propertyNames, resolve, `${path} key ${key}`));
      if (schema.additionalProperties === false) fail(`has unknown ${key}`);
      else if (typeof schema.additionalProperties === 'object')
        errors.push(...validate(item, schema.additionalProperties, resolve, `${path}.${key}`));
    }
  }
  return errors;
}
