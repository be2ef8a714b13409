// The operations of docs/openapi.json as request generators: valid requests satisfy every
// parameter's and the body's schema; invalid ones break exactly one of them.
import fc, { type Arbitrary } from 'fast-check';
import { invalid, invalidText, valid, validText } from './arbitrary.js';
import { type Resolver, resolverFor, type Schema, validate } from './schema.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface Response {
  content?: Record<string, { schema?: Schema }>;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** As the document writes it: `/api/v1/persons/{id}`. */
  path: string;
  parameters: Parameter[];
  body?: { required: boolean; contentType: string; schema: Schema };
  responses: Record<string, Response>;
}

export interface FuzzRequest {
  method: string;
  url: string;
  payload?: string;
  headers?: Record<string, string>;
  /** For an invalid request, what was broken. */
  broken?: string;
}

/** Real values for a path parameter, so that handlers run deep; empty when there are none. */
export type RealValues = (operation: Operation, parameter: string) => string[];

export function operationsOf(document: ApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const content = operation.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        ...(contentType
          ? {
              body: {
                required: operation.requestBody?.required ?? false,
                contentType,
                schema: content[contentType]!.schema,
              },
            }
          : {}),
        responses: operation.responses,
      });
    }
  }
  return out;
}

type Parts = { path: Record<string, string>; query: Record<string, string>; body?: unknown };

function urlOf(operation: Operation, parts: Parts): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(parts.path[name]!),
  );
  const query = Object.entries(parts.query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

function requestOf(operation: Operation, parts: Parts, broken?: string): FuzzRequest {
  const request: FuzzRequest = { method: operation.method, url: urlOf(operation, parts) };
  if ('body' in parts && operation.body) {
    request.payload = JSON.stringify(parts.body);
    request.headers = { 'content-type': operation.body.contentType };
  }
  if (broken) request.broken = broken;
  return request;
}

/**
 * Whether text can travel as one path segment: `.` and `..` are dot segments, which every URL
 * parser (a browser's, light-my-request's) removes, percent-encoded or not, so no client sends them.
 */
const sendable = (text: string) => text !== '.' && text !== '..';

/** Generators for one operation's valid and invalid requests. */
export function requestsFor(operation: Operation, resolve: Resolver, realValues: RealValues) {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');

  const validPath = (p: Parameter): Arbitrary<string> => {
    const real = realValues(operation, p.name);
    const random = validText(p.schema, resolve).filter(sendable);
    return real.length > 0 ? fc.oneof(fc.constantFrom(...real), random) : random;
  };
  const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, validPath(p)])));
  const queryArb = fc.record(
    Object.fromEntries(queryParams.map((p) => [p.name, validText(p.schema, resolve)])),
    { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) },
  ) as Arbitrary<Record<string, string>>;
  const body = operation.body;
  const bodyArb: Arbitrary<{ body?: unknown }> = body
    ? body.required
      ? valid(body.schema, resolve).map((value) => ({ body: value }))
      : fc
          .option(valid(body.schema, resolve), { nil: undefined })
          .map((value) => (value === undefined ? {} : { body: value }))
    : fc.constant({});
  const whole = fc
    .tuple(pathArb, queryArb, bodyArb)
    .map(([path, query, rest]): Parts => ({ path, query, ...rest }));

  const validRequest = whole.map((parts) => requestOf(operation, parts));

  // Each way to break the request in one place, applied to an otherwise valid one.
  const breaks: Arbitrary<FuzzRequest>[] = [];
  /** The request with one path or query parameter set to text its schema refuses. */
  const breakParam = (part: 'path' | 'query', name: string, bad: Arbitrary<string>) =>
    fc
      .tuple(whole, bad)
      .map(([parts, text]) =>
        requestOf(
          operation,
          { ...parts, [part]: { ...parts[part], [name]: text } },
          `${part} ${name}=${text}`,
        ),
      );
  for (const p of pathParams) {
    const bad = invalidText(p.schema, resolve)?.filter((text) => text !== '' && sendable(text));
    if (bad) breaks.push(breakParam('path', p.name, bad));
  }
  for (const p of queryParams) {
    const bad = invalidText(p.schema, resolve);
    if (bad) breaks.push(breakParam('query', p.name, bad));
    if (p.required)
      breaks.push(
        whole.map((parts) => {
          const query = { ...parts.query };
          delete query[p.name];
          return requestOf(operation, { ...parts, query }, `query ${p.name} missing`);
        }),
      );
  }
  if (body) {
    const bad = invalid(body.schema, resolve);
    if (bad)
      breaks.push(
        fc
          .tuple(whole, bad)
          .map(([parts, value]) =>
            requestOf(
              operation,
              { ...parts, body: value },
              `body: ${validate(value, body.schema, resolve).join('; ').slice(0, 200)}`,
            ),
          ),
      );
    if (body.required)
      breaks.push(
        whole.map((parts) => {
          const rest: Parts = { path: parts.path, query: parts.query };
          return requestOf(operation, rest, 'body missing');
        }),
      );
  }
  const invalidRequest = breaks.length > 0 ? fc.oneof(...breaks) : null;
  return { validRequest, invalidRequest };
}

export { resolverFor };
