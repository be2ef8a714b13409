import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/helpers/use-test-app.js';
import { beforeCommit, inTransaction, onCommit, RootQueryInTransactionError } from './transaction.js';

const database = useTestDatabase();

const partyRow = (id: string) => ({
  id,
  name: `Party ${id}`,
  kind: 'partner' as const,
  is_demo: 0,
  created_at: '2026-01-01',
});

async function partyIds(): Promise<string[]> {
  const rows = await database.db.selectFrom('parties').select('id').orderBy('id').execute();
  return rows.map((row) => row.id);
}

describe('inTransaction', () => {
  it('fails at once, naming the fix, when a root query runs inside the open transaction', async () => {
    const started = Date.now();
    const attempt = inTransaction(database.db, async (tx) => {
      await tx.insertInto('parties').values(partyRow('guard-1')).execute();
      // The mistake the guard exists for: the root handle instead of `tx`.
      await database.db.selectFrom('parties').selectAll().execute();
    });
    await expect(attempt).rejects.toBeInstanceOf(RootQueryInTransactionError);
    await expect(attempt).rejects.toThrow(/pass the transaction/);
    // Without the guard SQLite waits for ever; a generous bound that still tells the two apart.
    expect(Date.now() - started).toBeLessThan(2_000);
    // The failed transaction rolled back, and the root handle works again outside it.
    expect(await partyIds()).not.toContain('guard-1');
  });

  it('refuses a second root transaction opened inside the first', async () => {
    const attempt = inTransaction(database.db, () => database.db.transaction().execute(async () => 1));
    await expect(attempt).rejects.toBeInstanceOf(RootQueryInTransactionError);
  });

  it('joins the open transaction when called inside it, so the inner write rolls back with the outer', async () => {
    const attempt = inTransaction(database.db, async (outer) => {
      await outer.insertInto('parties').values(partyRow('join-1')).execute();
      await inTransaction(database.db, async (inner) => {
        expect(inner).toBe(outer);
        await inner.insertInto('parties').values(partyRow('join-2')).execute();
      });
      throw new Error('roll back');
    });
    await expect(attempt).rejects.toThrow('roll back');
    expect(await partyIds()).not.toContain('join-2');
  });

  it('runs after-commit hooks only once the transaction has committed, in order', async () => {
    const seen: string[] = [];
    await inTransaction(database.db, async (tx) => {
      await tx.insertInto('parties').values(partyRow('hook-1')).execute();
      onCommit(() => seen.push('first'));
      onCommit(() => seen.push('second'));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['first', 'second']);
    expect(await partyIds()).toContain('hook-1');
  });

  it('never runs the hooks of a transaction that rolls back', async () => {
    const seen: string[] = [];
    const attempt = inTransaction(database.db, async () => {
      onCommit(() => seen.push('hook'));
      throw new Error('refused');
    });
    await expect(attempt).rejects.toThrow('refused');
    expect(seen).toEqual([]);
  });

  it('lets root queries run again once the transaction has ended, even from work it started', async () => {
    let later: Promise<unknown> | undefined;
    await inTransaction(database.db, async () => {
      // Started inside, run after: the async context still names the transaction, now closed.
      later = new Promise((resolve) => setTimeout(resolve, 10)).then(() => partyIds());
    });
    await expect(later).resolves.toBeInstanceOf(Array);
  });

  it('refuses onCommit outside a transaction', () => {
    expect(() => onCommit(() => undefined)).toThrow(/outside a transaction/);
  });

  it('runs before-commit hooks inside the transaction once its work is done, joined writes included', async () => {
    const seen: string[] = [];
    await inTransaction(database.db, async (tx) => {
      beforeCommit(async () => {
        seen.push('before');
        // Still the open transaction: its rows, and hooks that run after the commit.
        await tx.insertInto('parties').values(partyRow('before-1')).execute();
        onCommit(() => seen.push('after'));
      });
      await inTransaction(database.db, async () => beforeCommit(async () => void seen.push('joined')));
      seen.push('work');
    });
    expect(seen).toEqual(['work', 'before', 'joined', 'after']);
    expect(await partyIds()).toContain('before-1');
  });

  it('rolls back when a before-commit hook fails, and runs none when the work fails', async () => {
    const failing = inTransaction(database.db, async (tx) => {
      await tx.insertInto('parties').values(partyRow('before-2')).execute();
      beforeCommit(async () => {
        throw new Error('hook refused');
      });
    });
    await expect(failing).rejects.toThrow('hook refused');
    const seen: string[] = [];
    const refused = inTransaction(database.db, async () => {
      beforeCommit(async () => void seen.push('before'));
      throw new Error('work refused');
    });
    await expect(refused).rejects.toThrow('work refused');
    expect(seen).toEqual([]);
    expect(await partyIds()).not.toContain('before-2');
    expect(() => beforeCommit(async () => undefined)).toThrow(/outside a transaction/);
  });
});
