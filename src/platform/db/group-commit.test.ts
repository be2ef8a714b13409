import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.js';

describe('groupCommit', () => {
  it('writes items submitted together as one batch, and later ones in the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const submit = groupCommit(
      async (items: number[]) => {
        batches.push(items);
        // The first batch waits, so that what arrives meanwhile queues for the next.
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((i) => i * 10);
      },
      { maxBatch: 100 },
    );
    const first = [submit(1), submit(2)];
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [submit(3), submit(4), submit(5)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('after a batch, waits one turn so that what arrives in it joins the next batch', async () => {
    const batches: number[][] = [];
    const submit = groupCommit(
      async (items: number[]) => {
        batches.push(items);
        // A request already past its hooks submits during the write; others come in the next turn.
        if (batches.length === 1) {
          later.push(submit(3));
          setImmediate(() => later.push(submit(4), submit(5)));
        }
        return items;
      },
      { maxBatch: 100 },
    );
    const later: Promise<number>[] = [];
    await Promise.all([submit(1), submit(2)]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await Promise.all(later)).toEqual([3, 4, 5]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('never takes more than maxBatch items in one write', async () => {
    const sizes: number[] = [];
    const submit = groupCommit(
      async (items: number[]) => {
        sizes.push(items.length);
        return items;
      },
      { maxBatch: 3 },
    );
    await Promise.all(Array.from({ length: 8 }, (_, i) => submit(i)));
    expect(sizes).toEqual([3, 3, 2]);
  });

  it('rejects every caller of a failed batch, and goes on with the next', async () => {
    let calls = 0;
    const submit = groupCommit(
      async (items: string[]) => {
        calls += 1;
        if (calls === 1) throw new Error('disk full');
        return items;
      },
      { maxBatch: 10 },
    );
    const failed = await Promise.allSettled([submit('a'), submit('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await submit('c')).toBe('c');
  });
});
