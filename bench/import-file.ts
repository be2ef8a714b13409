// The incident import end to end on a large generated file (issue 9, part 10): read and validated
// in the worker, deduplicated, stored with one audit entry, on a fresh database; then audit verify
// traces every record to that entry. Run alone:
// `npx tsx bench/import-file.ts [rows]` (default 1,000,000; BENCH_DATABASE_URL for PostgreSQL).
import type { SystemActor } from '../src/access/actor.js';
import { createTestApp } from '../test/helpers/app.js';
import { incidentFile, withStall } from './imports.js';

const analyst: SystemActor = { type: 'system', id: 'bench', partyId: 'ssd' };
const rows = Number(process.argv[2] ?? 1_000_000);

if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
const t = await createTestApp({ logLevel: 'silent' });
try {
  // About 216 bytes a row; the generator stops once the file reaches the size.
  const file = incidentFile(rows * 216);
  // The first call starts the worker thread; its start-up is once per process.
  await t.services.importIncidents(analyst, incidentFile(1024), { format: 'jsms', dryRun: true });
  const cpu = process.cpuUsage();
  const imported = await withStall(() =>
    // The command line's path (`jsms import incidents`): bulk statements on SQLite.
    t.services.importIncidents(analyst, file, { format: 'jsms', bulk: true }),
  );
  const used = process.cpuUsage(cpu);
  const { added } = imported.value;
  console.log(
    `${t.database.dialect}: ${added.toLocaleString('en')} incidents (${(file.length / 2 ** 20).toFixed(0)} MiB) in ` +
      `${Math.round(imported.ms).toLocaleString('en')} ms: ${Math.round(added / (imported.ms / 1000)).toLocaleString('en')} rows/s; ` +
      `main thread and worker CPU ${Math.round((used.user + used.system) / 1000).toLocaleString('en')} ms; ` +
      `longest event-loop stall ${Math.round(imported.stallMs).toLocaleString('en')} ms`,
  );
  // Not timed: that the import's one audit entry still accounts for every record it stored.
  const began = performance.now();
  const verified = await t.services.audit.verify({});
  if (!verified.ok || verified.records < added)
    throw new Error(`audit verify: ${JSON.stringify(verified.problems.slice(0, 3))}`);
  console.log(
    `audit verify: ${verified.records.toLocaleString('en')} records traced to their entries in ` +
      `${Math.round(performance.now() - began).toLocaleString('en')} ms`,
  );
} finally {
  await t.close();
}
