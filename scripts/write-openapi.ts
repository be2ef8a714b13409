// Writes docs/openapi.json from the routes, and the web app's types from it; test/openapi.test.ts
// fails when they drift.
import { writeFileSync } from 'node:fs';
import { openapiDocument } from '../test/helpers/openapi.js';
import { apiTypes, apiTypesFile } from './api-types.js';

const document = await openapiDocument();
writeFileSync('docs/openapi.json', document + '\n');
writeFileSync(apiTypesFile, await apiTypes(document));
process.stdout.write(`wrote docs/openapi.json and ${apiTypesFile}\n`);
