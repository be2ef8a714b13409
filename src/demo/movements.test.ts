import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor, userActor } from '../access/actor.js';
import { ManualClock } from '../platform/clock.js';
import { keysDirOf, loadConfig } from '../platform/config.js';
import { buildServices, type Services } from '../services.js';
import { movementStates } from '../movements/movement.js';
import { presentOne, type Viewing } from '../registry/registry.presenter.js';
import type { Movement } from '../movements/movement.record.js';
import { useTestDatabase } from '../../test/helpers/use-test-app.js';
import {
  airportZone,
  demoMovements,
  highRiskMovement,
  karachiTime,
  laterMovements,
  laterNotes,
  plannedTime,
} from './movements.js';
import { demoCommandedUnits } from './scenario.js';
import { seedDemo } from './seed.js';

const now = new Date('2026-12-07T20:30:00Z');

// The demo as `jsms serve --demo` seeds it, on the test's own database, at a fixed time: 01:30 in
// Karachi, outside every level's allowed hours but level 1's and 2's.
describe('the demo movements', () => {
  const database = useTestDatabase({ migrate: true });
  let services: Services;
  /** Every demo movement as an operator of no party sees it, by purpose. */
  let byPurpose: Map<string, Movement>;
  let items: Movement[];
  const userId = async (username: string) => (await services.users.getByUsername(cliActor(), username)).id;
  /** A demo user as the seed acts as them. */
  const actorOf = async (username: string) => {
    const user = await services.users.getByUsername(cliActor(), username);
    const partyKind = user.partyId === 'ssd' ? 'host' : 'partner';
    return userActor({ ...user, partyKind }, 'token', 'test', true);
  };
  const historyOf = async (id: string) =>
    (await services.movements.history(await services.visibility.viewing(cliActor()), id, { limit: 50 }))
      .items;

  beforeAll(async () => {
    const config = loadConfig(
      {},
      { dataDir: database.dataDir, databaseUrl: database.databaseUrl, demo: true },
    );
    services = buildServices({ db: database.db, clock: new ManualClock(now.toISOString()), config });
    await seedDemo(services, { dataDir: database.dataDir, keysDir: keysDirOf(config), now });
    const viewing = await services.visibility.viewing(cliActor());
    items = (await services.movements.list(viewing, { limit: 100 })).items;
    byPurpose = new Map(items.map((m) => [m.purpose, m]));
  }, 120_000);
  afterAll(async () => services?.close());

  it('requests along real roads by both coordinators: drafts, submitted, cancelled, and one through the Dasu zone', async () => {
    const all = [
      ...demoMovements.drafts,
      ...demoMovements.submitted,
      ...demoMovements.cancelled,
      ...Object.values(laterMovements),
    ];
    expect(items).toHaveLength(all.length);
    for (const [state, definitions] of [
      ['draft', demoMovements.drafts],
      ['submitted', demoMovements.submitted],
      ['cancelled', demoMovements.cancelled],
    ] as const)
      for (const definition of definitions)
        expect(byPurpose.get(definition.purpose)).toMatchObject({
          state,
          partyId: definition.party,
          plannedDeparture: plannedTime(now, definition.day, definition.departs),
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
    // Only the roads through the two zones rise above the level of the empty risk picture (no
    // incidents in the demo): past Karachi airport at level 4, the Karakoram Highway at level 5.
    const levels = Object.fromEntries(items.map((m) => [m.purpose, m.riskLevel]));
    expect(levels).toEqual(
      Object.fromEntries(
        items.map((m) => {
          if (m.state === 'draft') return [m.purpose, null];
          if (m.route.coordinates.some(([lon, lat]) => lat > 34.9 && lon > 72.8)) return [m.purpose, 5];
          const viaAirport = m.checkpoints.some((c) => ['Star Gate', 'Drigh Road'].includes(c.name));
          return [m.purpose, viaAirport ? 4 : 1];
        }),
      ),
    );

    const cancelled = items.find((m) => m.state === 'cancelled')!;
    expect(cancelled.endedReason).toMatch(/meeting moved/);
    const history = await historyOf(cancelled.id);
    expect(history.map((h) => h.kind)).toEqual(['create', 'submit', 'cancel']);
    // Each step was taken by the party's coordinator, a user, not by the seed as the system.
    expect(new Set(history.map((h) => h.actorId))).toEqual(new Set([await userId('cso-coordinator')]));

    const zones = await services.risk.listZones(cliActor());
    expect(zones).toHaveLength(2);
    expect(zones).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 5, status: 'active', partyId: 'ssd' }),
        expect.objectContaining({ level: 4, status: 'active', partyId: 'ssd', reason: airportZone.reason }),
      ]),
    );
  });

  it('holds a movement in every state, each taken there by the demo users the agreement names', async () => {
    expect(new Set(items.map((m) => m.state))).toEqual(new Set(movementStates));
    const [hostCoordinator, partnerCoordinator, partnerAdmin, hostCommander] = await Promise.all(
      ['ssd-coordinator', 'cso-coordinator', 'cso-admin', 'ssd-commander'].map(userId),
    );
    const of = (definition: { purpose: string }) => byPurpose.get(definition.purpose)!;

    // Approved past the airport at level 4: requested by the partner's admin, so both
    // coordinators could approve, and both did; no escort yet.
    const approved = of(laterMovements.approved);
    expect(approved).toMatchObject({ state: 'approved', riskLevel: 4, requestedBy: partnerAdmin, units: [] });
    expect(approved.assessment!.required).toMatchObject({
      clause: 'protection[level=4]',
      approvals: ['host', 'partner'],
    });
    // Decided in the same instant of the seed's clock: by party, not by time.
    const decisions = approved.approvals.map((a) => [a.partyKind, a.decision, a.decidedBy, a.breakGlass]);
    expect(decisions.sort()).toEqual([
      ['host', 'approved', hostCoordinator, false],
      ['partner', 'approved', partnerCoordinator, false],
    ]);

    // Ready: the same, with the host's Falcon-1 assigned and accepted by its own commander.
    const ready = of(laterMovements.ready);
    expect(ready).toMatchObject({
      state: 'ready',
      riskLevel: 4,
      units: [{ callSign: demoCommandedUnits.ssd, partyId: 'ssd', kind: 'armed_escort', status: 'accepted' }],
    });
    const readySteps = (await historyOf(ready.id)).map((h) => [h.kind, h.actorId, h.to]);
    expect(readySteps).toEqual([
      ['create', partnerAdmin, 'draft'],
      ['submit', partnerAdmin, 'submitted'],
      ['approval', hostCoordinator, 'submitted'],
      ['approve', partnerCoordinator, 'approved'],
      ['escort_assign', hostCoordinator, 'approved'],
      ['escort_accept', hostCommander, 'ready'],
    ]);
    // It is on its commander's task list, accepted.
    const viewing = await services.visibility.viewing(await actorOf('ssd-commander'));
    const tasks = await services.escorts.tasks(viewing, { limit: 10 });
    expect(tasks.items.map((t) => [t.movement.id, t.status])).toEqual([[ready.id, 'accepted']]);

    // On the road since before the seed, departed at the seed's time (level 1: any hour), its
    // first checkpoint passed and the next still ahead.
    const underway = of(laterMovements.underway);
    expect(underway).toMatchObject({ state: 'underway', riskLevel: 1, departedAt: now.toISOString() });
    expect(underway.plannedDeparture).toBe(plannedTime(now, 'seed', '-1:00'));
    expect(underway.plannedDeparture).toBe('2026-12-08T00:30:00+05:00');
    expect(underway.checkpoints.map((c) => [c.name, c.passedAt, c.passedBy])).toEqual([
      ['Hasan Abdal', now.toISOString(), partnerCoordinator],
      ['Golra Mor', null, null],
    ]);
    const departure = (await historyOf(underway.id)).find((h) => h.kind === 'depart')!;
    expect(departure).toMatchObject({
      actorId: partnerCoordinator,
      details: { clause: 'protection[level=1]' },
    });

    expect(of(laterMovements.arrived)).toMatchObject({
      state: 'arrived',
      arrivedAt: now.toISOString(),
      debrief: laterNotes.debrief,
    });
    expect(of(laterMovements.aborted)).toMatchObject({
      state: 'aborted',
      departedAt: now.toISOString(),
      endedReason: laterNotes.abort,
    });

    // The host asked; the partner, whose approval level 1 needs, vetoed it with a reason.
    const rejected = of(laterMovements.rejected);
    expect(rejected).toMatchObject({ state: 'rejected', partyId: 'ssd', endedReason: laterNotes.veto });
    expect(rejected.approvals).toMatchObject([
      { partyKind: 'partner', decision: 'rejected', reason: laterNotes.veto, decidedBy: partnerCoordinator },
    ]);
  });

  it('holds one approved under break-glass by the host, flagged for the partner, whose review is pending', async () => {
    const flagged = byPurpose.get(laterMovements.breakGlass.purpose)!;
    expect(flagged).toMatchObject({ state: 'approved', riskLevel: 5, partyId: 'cso' });
    expect(flagged.approvals).toMatchObject([
      { partyKind: 'host', breakGlass: true, reason: laterNotes.breakGlass, review: { reviewedAt: null } },
    ]);
    const dueAt = new Date(now.getTime() + 24 * 3_600_000).toISOString();
    for (const username of ['cso-coordinator', 'ssd-coordinator']) {
      const actor = await actorOf(username);
      const queue = await services.movementApprovals.breakGlassQueue(
        await services.visibility.viewing(actor),
        {
          limit: 50,
        },
      );
      expect(queue.items).toMatchObject([{ movementId: flagged.id, review: 'pending', dueAt }]);
    }
    // Only the other party may clear the flag: the partner's coordinator is offered the review.
    const [partner, host] = await Promise.all(
      ['cso-coordinator', 'ssd-coordinator'].map(async (u) => services.visibility.viewing(await actorOf(u))),
    );
    const actionsOf = (viewing: Viewing) =>
      (presentOne(viewing, 'movement', flagged) as { actions?: string[] }).actions;
    expect(actionsOf(partner!)).toContain('review');
    expect(actionsOf(host!)).not.toContain('review');
  });
});
