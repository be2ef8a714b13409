// Writes docs/openapi.json from the routes; test/openapi.test.ts fails when the two drift.
import { writeFileSync } from 'node:fs';
import { openapiDocument } from '../test/helpers/openapi.js';

writeFileSync('docs/openapi.json', (await openapiDocument()) + '\n');
process.stdout.write('wrote docs/openapi.json\n');
