// The import benchmarks (finding 4 of issue 7): a person file of 109,000 rows and a 16 MiB incident
// file, each against its baseline, the same parse done on the event loop as the code first did;
// the event loop's longest stall meanwhile; and the rate at which a person import stores rows.
import type { SystemActor } from '../src/access/actor.js';
import { parseIncidentFile } from '../src/incidents/import/parse.js';
import { readPersonCsv } from '../src/registry/person.csv.js';
import { createTestApp, type TestApp } from '../test/helpers/app.js';

const system: SystemActor = { type: 'system', id: 'bench', partyId: null };
const analyst: SystemActor = { type: 'system', id: 'bench', partyId: 'ssd' };

/** Runs `work` while a 5 ms timer ticks; the longest gap between ticks is the loop's longest stall. */
export async function withStall<T>(
  work: () => Promise<T> | T,
): Promise<{ value: T; ms: number; stallMs: number }> {
  let last = performance.now();
  let stall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 5);
  const began = performance.now();
  const value = await work();
  const ms = performance.now() - began;
  stall = Math.max(stall, performance.now() - last);
  clearInterval(ticker);
  return { value, ms, stallMs: stall };
}

function personFile(count: number, offset: number): string {
  const lines = ['name,nationality,passport_number,employer,phone,blood_group,site,status'];
  for (let i = offset; i < offset + count; i++) {
    lines.push(
      `Person ${i},CN,E${String(i).padStart(8, '0')},Demo Hydro,+92 300 ${1_000_000 + i},O+,,in_country`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Template rows until the file reaches `bytes`. */
export function incidentFile(bytes: number): Buffer {
  const lines = [
    'date,province,district,place,lat,lon,type,perpetrator,target,killed_best,wounded_best,status,description,source_key',
  ];
  let size = lines[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const line = `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},Balochistan,Kech,"Place ${i}, near the highway",${(26 + (i % 300) / 100).toFixed(2)},${(63 + (i % 200) / 100).toFixed(2)},ied,BLA,security_forces,${i % 7},${i % 11},reported,"Generated row ${i} of the import benchmark: a roadside device on the road between two towns",bench:${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;

export async function benchImports(t: TestApp, backend: string, personRows: number, storedRows: number) {
  const rows: { backend: string; measure: string; value: string }[] = [];

  const persons = personFile(personRows, 0);
  const inline = await withStall(() => readPersonCsv(persons, [], 'cso'));
  // The first call starts the worker thread; its start-up is once per process.
  await t.services.importPersons(system, personFile(1, 0), { partyId: 'cso', dryRun: true });
  const dry = await withStall(() =>
    t.services.importPersons(system, persons, { partyId: 'cso', dryRun: true }),
  );
  if (dry.value.imported !== personRows) throw new Error('person dry run did not accept every row');
  rows.push({
    backend,
    measure: `person import dry run, ${personRows.toLocaleString('en')} rows (${(persons.length / 2 ** 20).toFixed(1)} MiB): time; longest event-loop stall`,
    value: `${ms(dry.ms)}, ${(dry.ms / inline.ms).toFixed(1)}× the parse on the loop; stall ${ms(dry.stallMs)} against ${ms(inline.stallMs)} for the parse on the loop`,
  });

  const stored = await withStall(() =>
    t.services.importPersons(system, personFile(storedRows, personRows), { partyId: 'cso' }),
  );
  if (stored.value.imported !== storedRows) throw new Error('person import did not store every row');
  rows.push({
    backend,
    measure: `person import stored, ${storedRows.toLocaleString('en')} rows in one transaction, an audit entry each`,
    value: `${Math.round(storedRows / (stored.ms / 1000)).toLocaleString('en')} rows/s; longest event-loop stall ${ms(stored.stallMs)}`,
  });

  const file = incidentFile(16 * 2 ** 20);
  const parsedInline = await withStall(() => parseIncidentFile(file, 'jsms'));
  const incidents = await withStall(() =>
    t.services.importIncidents(analyst, file, { format: 'jsms', dryRun: true }),
  );
  if (incidents.value.added !== parsedInline.value.rows.length)
    throw new Error('incident dry run did not accept every row');
  rows.push({
    backend,
    measure: `incident import dry run, 16 MiB (${incidents.value.rows.toLocaleString('en')} rows): time; longest event-loop stall`,
    value: `${ms(incidents.ms)}, ${(incidents.ms / parsedInline.ms).toFixed(1)}× the parse on the loop; stall ${ms(incidents.stallMs)} against ${ms(parsedInline.stallMs)} for the parse on the loop`,
  });

  rows.push(await benchIncidentFileImport(backend, file, parsedInline.value.rows.length, parsedInline.ms));
  return rows;
}

/**
 * The whole import of a file: read in the worker, validated, deduplicated and stored with one
 * audit entry, on a database of its own so that the report benchmarks' rows stay theirs.
 */
export async function benchIncidentFileImport(
  backend: string,
  file: Buffer,
  parsedRows: number,
  parseMs: number,
) {
  const fresh = await createTestApp({ logLevel: 'silent' });
  try {
    // The first call starts the worker thread; its start-up is once per process.
    await fresh.services.importIncidents(analyst, incidentFile(1024), { format: 'jsms', dryRun: true });
    const imported = await withStall(() => fresh.services.importIncidents(analyst, file, { format: 'jsms' }));
    if (imported.value.added !== parsedRows) throw new Error('incident import did not store every row');
    return {
      backend,
      measure: `incident import stored, 16 MiB (${parsedRows.toLocaleString('en')} rows): read, validated, deduplicated, stored with one audit entry`,
      value: `${Math.round(parsedRows / (imported.ms / 1000)).toLocaleString('en')} rows/s, ${(imported.ms / parseMs).toFixed(1)}× the parse alone on the loop (${Math.round(parsedRows / (parseMs / 1000)).toLocaleString('en')} rows/s); longest event-loop stall ${ms(imported.stallMs)}`,
    };
  } finally {
    await fresh.close();
  }
}
