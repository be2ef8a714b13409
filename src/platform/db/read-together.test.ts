import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { raiseDataVersion, readDataVersions } from './data-version.js';
import { readTogether } from './read-together.js';
import { inTransaction, RootQueryInTransactionError } from './transaction.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.destroy();
});

/** The persons' data version through a shared read, counting the queries it makes. */
function sharedVersion() {
  const started: number[] = [];
  const read = readTogether(async () => {
    started.push(Date.now());
    return readDataVersions(database.db, ['persons']);
  });
  return { read, started };
}

const raise = () => inTransaction(database.db, (tx) => raiseDataVersion(tx, 'persons'));

describe('readTogether', () => {
  it('answers the calls of one turn of the event loop with one query', async () => {
    const { read, started } = sharedVersion();
    const answers = await Promise.all(Array.from({ length: 20 }, () => read()));
    expect(started).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('gives a call made once the shared read has begun a read of its own, which sees later writes', async () => {
    const { read, started } = sharedVersion();
    const first = read();
    while (started.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // Committed after the first read was asked for, before the second was.
    await raise();
    const second = read();
    const [, after] = await Promise.all([first, second]);
    expect(started).toHaveLength(2);
    expect(after).toBe(await readDataVersions(database.db, ['persons']));
  });

  it('is refused at once inside a transaction, as any query on the root handle is', async () => {
    const { read } = sharedVersion();
    const outside = read();
    const attempt = inTransaction(database.db, async () => {
      await read();
    });
    await expect(attempt).rejects.toBeInstanceOf(RootQueryInTransactionError);
    await expect(outside).resolves.toMatch(/^persons:\d+$/);
  });
});
