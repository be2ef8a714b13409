import type { FastifySchemaCompiler, RouteOptions } from 'fastify';
import { z } from 'zod';
import { invalidInput, type RequestPart } from '../errors.js';

/**
 * Validates params, query and body with the route's zod schema; a failure is the one
 * `validation_failed` error, each field a path inside its part (`details.in`).
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: invalidInput(result.error.issues, (httpPart ?? 'body') as RequestPart) };
  };

const noParameters = z.strictObject({});

/**
 * Makes every API route refuse query parameters it does not declare (400 naming the parameter,
 * `in: 'querystring'`), so a misspelt filter is an error instead of a silently unfiltered list.
 * A route that declares no query gets an empty one. Other routes (the docs, health) are left alone.
 */
export function refuseUnknownQuery(route: RouteOptions): void {
  if (!route.url.startsWith('/api/v1/')) return;
  const schema = (route.schema ??= {});
  const query = schema.querystring as z.ZodType | undefined;
  if (query === undefined) schema.querystring = noParameters;
  else if (query instanceof z.ZodObject) schema.querystring = query.strict();
  else throw new Error(`${route.url}: a query schema is a z.object, so unknown parameters can be refused`);
}
