import { describe, expect, it } from 'vitest';
import type { DeviceActor } from '../access/actor.js';
import { createDevice } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { bareFix, type Fix } from './fix.js';

const t = useTestApp({ each: true });

const fix = (tst: number, lat = 33.6844): Fix =>
  bareFix({ lat, lon: 73.0479 }, new Date(tst * 1000), { accuracyM: 10 });

async function deviceActor(): Promise<DeviceActor> {
  const device = await createDevice(t, 'cso');
  const actor = await t.services.sessions.authenticate(device.token);
  if (actor.type !== 'device') throw new Error('not a device');
  return actor;
}

describe('position service: group commit and resends', () => {
  it('in one batch, stores a fix sent twice once and tells each report what it stored', async () => {
    const device = await deviceActor();
    const other = await deviceActor();
    await t.services.positions.record(device, [fix(1_765_000_000)]);
    const events: string[] = [];
    t.services.events.on('position.recorded', ({ payload }) => {
      events.push(`${payload.deviceId} ${payload.fixAt} ${payload.lat}`);
    });
    // Submitted in one turn, so written as one batch: a resend of a stored fix, the same new fix
    // in two reports (the first one stores it), and another device's fix at the same instant.
    const results = await Promise.all([
      t.services.positions.record(device, [fix(1_765_000_000), fix(1_765_000_060)]),
      t.services.positions.record(device, [fix(1_765_000_060, 34)]),
      t.services.positions.record(other, [fix(1_765_000_060)]),
    ]);
    expect(results).toEqual([
      { stored: 1, duplicates: 1 },
      { stored: 0, duplicates: 1 },
      { stored: 1, duplicates: 0 },
    ]);
    const rows = await t.db
      .selectFrom('positions')
      .select(['device_id', 'fix_at', 'lat'])
      .orderBy('device_id')
      .orderBy('fix_at')
      .execute();
    expect(rows).toEqual(
      [
        { device_id: device.id, fix_at: '2025-12-06T05:46:40.000Z', lat: 33.6844 },
        { device_id: device.id, fix_at: '2025-12-06T05:47:40.000Z', lat: 33.6844 },
        { device_id: other.id, fix_at: '2025-12-06T05:47:40.000Z', lat: 33.6844 },
      ].sort((a, b) => a.device_id.localeCompare(b.device_id)),
    );
    expect(events.sort()).toEqual(
      [
        `${device.id} 2025-12-06T05:47:40.000Z 33.6844`,
        `${other.id} 2025-12-06T05:47:40.000Z 33.6844`,
      ].sort(),
    );
  });

  it('tells a report of only new fixes that it stored them all', async () => {
    const device = await deviceActor();
    const fixes = Array.from({ length: 5 }, (_, i) => fix(1_765_000_000 + i));
    expect(await t.services.positions.record(device, fixes)).toEqual({ stored: 5, duplicates: 0 });
    expect(await t.services.positions.record(device, fixes)).toEqual({ stored: 0, duplicates: 5 });
  });
});
