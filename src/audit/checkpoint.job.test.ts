import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { auditCount } from '../../test/helpers/routes.js';

// 20 minutes: the hourly jobs beside it (the event log's purge) are not yet due within these tests.
const t = useTestApp({ config: { checkpointMinutes: 20 } });

async function checkpointSizes(): Promise<number[]> {
  const rows = await t.db.selectFrom('audit_checkpoints').select('tree_size').orderBy('tree_size').execute();
  return rows.map((row) => Number(row.tree_size));
}

describe('the audit checkpoint job', () => {
  it('is registered by the services and runs on the scheduler every checkpointMinutes', async () => {
    const entries = await auditCount(t);
    await t.services.scheduler.start({ pollMs: 3_600_000 });
    expect(await checkpointSizes()).toEqual([]);

    t.clock.advance(19 * 60_000);
    expect(await t.services.scheduler.runDue()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.services.scheduler.runDue()).toBe(1);
    expect(await checkpointSizes()).toEqual([entries]);

    // The next one is due 20 minutes after this run, not before.
    expect(await t.services.scheduler.runDue()).toBe(0);
    t.clock.advance(20 * 60_000);
    expect(await t.services.scheduler.runDue()).toBe(1);
    const sizes = await checkpointSizes();
    expect(sizes).toHaveLength(2);
    // The first checkpoint is itself an audited write, so the second covers it.
    expect(sizes[1]).toBeGreaterThan(entries);
  });
});

describe('a scheduled job in the app', () => {
  it("reports a failing job in the app's log, naming its kind", async () => {
    t.services.scheduler.handle('test.fails', async () => {
      throw new Error('the disk is full');
    });
    await t.services.scheduler.schedule(t.db, { kind: 'test.fails', dueAt: t.clock.now() });
    expect(await t.services.scheduler.runDue()).toBe(1);
    const line = t.logs
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((l) => l.job === 'test.fails');
    expect(line).toMatchObject({
      msg: 'scheduled job failed',
      attempt: 1,
      err: { message: 'the disk is full' },
    });
  });
});
