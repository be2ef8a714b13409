import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openapiDocument } from './helpers/openapi.js';

describe('the checked-in OpenAPI document', () => {
  it('matches what the routes describe (run `npm run openapi` after changing a route)', async () => {
    const served = await openapiDocument();
    const checkedIn = readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8').trimEnd();
    expect(JSON.parse(checkedIn)).toEqual(JSON.parse(served));
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
});
