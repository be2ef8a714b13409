import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { system } from '../../../test/helpers/app.js';
import { useTestApp } from '../../../test/helpers/use-test-app.js';
import { readDataVersions } from './data-version.js';

const t = useTestApp();
const src = path.resolve(import.meta.dirname, '../..');

/** Every TypeScript source file under src/, tests aside, relative to src/. */
function sources(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path.relative(src, file)] : [];
  });
}

const person = (name: string, siteId?: string) => ({
  partyId: 'cso',
  name,
  nationality: 'CN',
  status: 'in_country' as const,
  ...(siteId ? { siteId } : {}),
});

describe('data versions', () => {
  it('move with a committed write, and not with one rolled back', async () => {
    const stamp = () => readDataVersions(t.db, ['parties', 'persons']);
    const before = await stamp();
    // The second person names no site of the party: the first's insert is rolled back with it.
    await expect(
      t.services.persons.createMany(system, [person('Li Na'), person('Wang Wei', 'no-such-site')]),
    ).rejects.toThrow(/no-such-site/);
    expect(await stamp()).toBe(before);
    await t.services.persons.createMany(system, [person('Li Na')]);
    expect(await stamp()).not.toBe(before);
  });

  it('are raised by every write to their tables: the writes are only where they raise them', () => {
    const versioned =
      /\b(insertInto|updateTable|deleteFrom)\(\s*(['"`](parties|persons|sites|units)['"`]|[^'"`\s])/;
    const rawWrite = /\b(insert\s+into|update|delete\s+from)\s+"?(parties|persons|sites|units)\b/i;
    const writers = sources().filter((file) => {
      const text = readFileSync(path.join(src, file), 'utf8');
      return versioned.test(text) || rawWrite.test(text);
    });
    // owned.repository.ts writes persons, sites and units (by a table parameter), party.repository.ts
    // parties; incident.repository.ts's batch insert takes a table parameter too, typed to the
    // incident tables only.
    expect(writers.sort()).toEqual([
      'access/party.repository.ts',
      'incidents/incident.repository.ts',
      'registry/owned.repository.ts',
    ]);
  });
});
