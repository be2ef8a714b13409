// tsc copies no .sql files: put the migrations beside the compiled migrator.
import { cpSync } from 'node:fs';

cpSync('src/platform/db/migrations', 'dist/platform/db/migrations', { recursive: true });
