import { describe, expect, it } from 'vitest';
import { cliActor } from '../access/actor.js';
import { ManualClock } from '../platform/clock.js';
import { keysDirOf, loadConfig } from '../platform/config.js';
import { buildServices, type Services } from '../services.js';
import { useTestDatabase } from '../../test/helpers/use-test-app.js';
import { demoMovements, highRiskMovement, karachiTime } from './movements.js';
import { seedDemo } from './seed.js';

const now = new Date('2026-12-07T20:30:00Z');

// The demo as `jsms serve --demo` seeds it, on the test's own database, at a fixed time.
describe('the demo movements', () => {
  const database = useTestDatabase({ migrate: true });

  async function seeded(): Promise<Services> {
    const config = loadConfig(
      {},
      { dataDir: database.dataDir, databaseUrl: database.databaseUrl, demo: true },
    );
    const services = buildServices({ db: database.db, clock: new ManualClock(now.toISOString()), config });
    await seedDemo(services, { dataDir: database.dataDir, keysDir: keysDirOf(config), now });
    return services;
  }

  it('requests along real roads by both coordinators: drafts, submitted, cancelled, and one through the Dasu zone', async () => {
    const services = await seeded();
    try {
      const viewing = await services.visibility.viewing(cliActor());
      const { items } = await services.movements.list(viewing, { limit: 100 });
      const all = [...demoMovements.drafts, ...demoMovements.submitted, ...demoMovements.cancelled];
      expect(items).toHaveLength(all.length);
      const byPurpose = new Map(items.map((m) => [m.purpose, m]));
      for (const [state, definitions] of [
        ['draft', demoMovements.drafts],
        ['submitted', demoMovements.submitted],
        ['cancelled', demoMovements.cancelled],
      ] as const)
        for (const definition of definitions)
          expect(byPurpose.get(definition.purpose)).toMatchObject({
            state,
            partyId: definition.party,
            plannedDeparture: karachiTime(now, definition.day, definition.departs),
            passengers: expect.arrayContaining([expect.any(String)]) as unknown,
          });
      // Planned from the seed's day in Karachi (already 8 December there), never before it.
      expect(karachiTime(now, 2, '07:00')).toBe('2026-12-10T07:00:00+05:00');
      // No person travels on two of them.
      const passengers = items.flatMap((m) => m.passengers);
      expect(new Set(passengers).size).toBe(passengers.length);

      // The partner's request through the level-5 zone waits for both coordinators' approval.
      const highRisk = byPurpose.get(highRiskMovement.purpose)!;
      expect(highRisk).toMatchObject({ state: 'submitted', partyId: 'cso', riskLevel: 5 });
      expect(highRisk.assessment).toMatchObject({
        required: { clause: 'protection[level=5]', approvals: ['host', 'partner'] },
        breaches: [],
      });
      expect(highRisk.assessment!.kmByLevel['5']).toBeGreaterThan(20);
      // The others stay at the level the empty risk picture gives: no incidents in the demo.
      expect(items.filter((m) => m.riskLevel !== null && m.riskLevel > 1)).toEqual([highRisk]);

      const cancelled = items.find((m) => m.state === 'cancelled')!;
      expect(cancelled.endedReason).toMatch(/meeting moved/);
      const history = await services.movements.history(viewing, cancelled.id, { limit: 10 });
      expect(history.items.map((h) => h.kind)).toEqual(['create', 'submit', 'cancel']);
      // Each step was taken by the party's coordinator, a user, not by the seed as the system.
      const coordinator = await services.users.getByUsername(cliActor(), 'cso-coordinator');
      expect(new Set(history.items.map((h) => h.actorId))).toEqual(new Set([coordinator.id]));

      const zones = await services.risk.listZones(cliActor());
      expect(zones).toMatchObject([{ level: 5, status: 'active', partyId: 'ssd' }]);
    } finally {
      await services.close();
    }
  }, 120_000);
});
