import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTypes, apiTypesFile } from '../scripts/api-types.js';
import { openapiDocument } from './helpers/openapi.js';

describe('the checked-in OpenAPI document', () => {
  it('matches what the routes describe (run `npm run openapi` after changing a route)', async () => {
    const served = await openapiDocument();
    const checkedIn = readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8').trimEnd();
    expect(JSON.parse(checkedIn)).toEqual(JSON.parse(served));
  });

  it('gives the web app its API types (run `npm run openapi` after changing a route)', async () => {
    const checkedIn = readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8');
    const types = readFileSync(new URL(`../${apiTypesFile}`, import.meta.url), 'utf8');
    expect(types).toBe(await apiTypes(checkedIn.trimEnd()));
  });

  it('is OpenAPI 3.1 and documents every API route with a response schema', async () => {
    const doc = JSON.parse(await openapiDocument()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/users/{id}');
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).not.toHaveLength(0);
      }
    }
  });

  it('declares the statuses routes send and the media types they take and give', async () => {
    type Operation = {
      responses: Record<string, { content?: Record<string, unknown> }>;
      requestBody?: { content: Record<string, unknown> };
    };
    const doc = JSON.parse(await openapiDocument()) as { paths: Record<string, Record<string, Operation>> };
    const op = (path: string, method: string) => doc.paths[path]![method]!;
    for (const [path, method] of [
      ['/api/v1/users', 'post'],
      ['/api/v1/agreements/{version}/sign', 'post'],
      ['/api/v1/persons/{id}', 'patch'],
    ] as const) {
      expect(Object.keys(op(path, method).responses), `${method} ${path}`).toEqual(
        expect.arrayContaining(['400', '409', '413', '415', '500', '503']),
      );
    }
    expect(Object.keys(op('/api/v1/persons/import', 'post').requestBody!.content)).toEqual(['text/csv']);
    expect(Object.keys(op('/api/v1/incidents/import', 'post').requestBody!.content)).toContain('text/csv');
    const report = op('/api/v1/reports/period/{format}', 'get');
    expect(Object.keys(report.responses['200']!.content!)).toEqual(['text/plain', 'text/csv', 'text/html']);
    expect(Object.keys(report.responses['400']!.content!)).toEqual(['application/json']);
  });

  // Issue 7, finding 13, as the fuzzer (test/fuzz.test.ts) found them: statuses and bodies the
  // routes send or accept that the document did not say.
  it('declares the 409 of signing and withdrawing, and the optional body of a password reset', async () => {
    const doc = JSON.parse(await openapiDocument()) as {
      paths: Record<string, Record<string, { responses: object; requestBody?: { required?: boolean } }>>;
    };
    for (const action of ['sign', 'withdraw'])
      expect(Object.keys(doc.paths[`/api/v1/agreements/{version}/${action}`]!.post!.responses)).toContain(
        '409',
      );
    const reset = doc.paths['/api/v1/users/{id}/reset-password']!.post!;
    expect(reset.requestBody?.required).toBe(false);
    expect(JSON.stringify(doc)).not.toContain('x-body-optional');
  });
});
