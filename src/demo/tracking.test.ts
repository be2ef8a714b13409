import { beforeAll, describe, expect, it } from 'vitest';
import { haversineKm } from '../risk/risk.js';
import { ManualClock } from '../platform/clock.js';
import { keysDirOf, loadConfig } from '../platform/config.js';
import { buildServices, type Services } from '../services.js';
import { useTestDatabase } from '../../test/helpers/use-test-app.js';
import { seedDemo } from './seed.js';
import { moveDemoSubjects } from './tracking.js';

const now = new Date('2026-12-07T06:30:00Z');

describe('the demo’s phones and trackers', () => {
  const database = useTestDatabase({ migrate: true });
  let services: Services;
  const clock = new ManualClock(now.toISOString());

  beforeAll(async () => {
    const config = loadConfig(
      {},
      { dataDir: database.dataDir, databaseUrl: database.databaseUrl, demo: true },
    );
    services = buildServices({ db: database.db, clock, config });
    await seedDemo(services, { dataDir: database.dataDir, keysDir: keysDirOf(config), now });
    // As `jsms serve --demo` does: the live picture read from what the seed stored.
    await services.live.start();
  });

  const crew = () =>
    [...services.live.picture.index].filter(
      (entry) => services.live.picture.movementOf(entry.subject) !== null,
    );

  it('places persons at their sites, units at their bases, and the crew of the movement under way on its route', async () => {
    const entries = [...services.live.picture.index];
    expect(entries.filter((e) => e.subject.type === 'person').length).toBeGreaterThanOrEqual(10);
    expect(entries.filter((e) => e.subject.type === 'unit').length).toBeGreaterThanOrEqual(2);
    expect(crew().length).toBeGreaterThanOrEqual(1);
    for (const entry of entries) {
      expect(entry.fix.fixAt.toISOString()).toBe(now.toISOString());
      expect(services.live.picture.statusOf(entry, now)).toBe('live');
    }
    // An hour of history: thirteen fixes each, five minutes apart.
    const [first] = entries;
    const track = await services.positions.track(
      first!.subject,
      new Date(now.getTime() - 2 * 3_600_000),
      now,
      100,
    );
    expect(track).toHaveLength(13);
  });

  it('moves the crew along the route with the clock, the others about where they were, and no phone of its own', async () => {
    const [rider] = crew();
    const before = rider!.fix;
    const others = [...services.live.picture.index].filter(
      (e) => !services.live.picture.movementOf(e.subject),
    );
    const still = others[0]!.fix;
    // A phone someone enrolled: not one of the demo's devices, so it stays where it reported.
    const enrolled = others[1]!;
    const demoDevices = new Set(
      [...services.live.picture.index].map((e) => e.deviceId).filter((id) => id !== enrolled.deviceId),
    );
    clock.advance(20 * 60_000);
    await moveDemoSubjects(services, clock.now(), 1, demoDevices);
    const after = services.live.picture.index.get(rider!.subject)!.fix;
    expect(after.fixAt.getTime()).toBe(clock.now().getTime());
    expect(haversineKm(before, after)).toBeGreaterThan(3);
    const moved = services.live.picture.index.get(others[0]!.subject)!.fix;
    expect(haversineKm(still, moved)).toBeLessThan(0.5);
    expect(services.live.picture.index.get(enrolled.subject)!.fix).toEqual(enrolled.fix);
  });
});
