import { describe, expect, it } from 'vitest';
import { actorOf, exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { movementPayload, setMovementState } from '../../test/helpers/movement.js';
import { createPerson, expectAudited, rowById } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import type { MovementInput } from './movement.js';

const t = useTestApp({
  each: true,
  setup: async (app) => {
    // Two days before the fixture's departure (1 December 2026, 09:00 in Islamabad).
    app.clock.advance(Date.parse('2026-11-29T08:00:00Z') - app.clock.now().getTime());
    await putAgreementInForce(app);
  },
});

const coordinator = () => actorOf(t, 'cso:coordinator');
const movementRow = rowById(t, 'movements');

/** A partner movement on the fixture's route (Islamabad to Rawalpindi), submitted. */
async function submitted() {
  const person = await createPerson(t, 'cso');
  const draft = await t.services.movements.create(coordinator(), movementPayload([person]) as MovementInput);
  return t.services.movements.submit(coordinator(), draft.id);
}

/** A small square across the route's middle (33.65 N, 73.075 E). */
const acrossRoute: { type: 'Polygon'; coordinates: [number, number][][] } = {
  type: 'Polygon',
  coordinates: [
    [
      [73.065, 33.64],
      [73.085, 33.64],
      [73.085, 33.66],
      [73.065, 33.66],
      [73.065, 33.64],
    ],
  ],
};

/** A zone at `level` across the route, signed off by the partner where it must be. */
async function zoneAcrossRoute(level: number) {
  const zone = await t.services.risk.createZone(actorOf(t, 'ssd:analyst'), {
    polygon: acrossRoute,
    level,
    reason: 'Threat report',
  });
  if (zone.status === 'pending') await t.services.risk.approveZone(actorOf(t, 'cso:coordinator'), zone.id);
}

/** A deadly attack at a point, yesterday. */
const attack = (lat: number, lon: number) =>
  t.services.incidents.create(actorOf(t, 'ssd:analyst'), {
    date: '2026-11-28',
    datePrecision: 'day',
    lat,
    lon,
    type: 'ied',
    killed: { best: 20 },
    wounded: { best: 30 },
    status: 'confirmed',
    sources: [],
  });

/** Waits until the risk grid holds every change and the re-assessments they caused are written. */
async function settled() {
  await t.services.risk.ready();
  await t.services.reassessment.settled();
}

function assessedEvents() {
  const seen: { movementId: string; riskLevel: number; raised: boolean }[] = [];
  t.services.events.on('movement.assessed', ({ payload }) => {
    seen.push(payload);
  });
  return seen;
}

const approvals = (id: string) =>
  t.db
    .selectFrom('movement_approvals')
    .select(['party_kind', 'superseded'])
    .where('movement_id', '=', id)
    .execute();

const historyOf = (id: string) =>
  t.db.selectFrom('movement_history').selectAll().where('movement_id', '=', id).orderBy('seq').execute();

describe('assessing a movement through the service at each level of the example agreement', () => {
  it.each([
    [1, 0, false, ['partner']],
    [2, 0, false, ['partner']],
    [3, 1, false, ['host']],
    [4, 1, true, ['host', 'partner']],
    [5, 2, true, ['host', 'partner']],
    [6, 3, true, ['host', 'partner']],
  ])(
    'level %i (a zone across the route): %i escort vehicles, armoured %s, approved by %o',
    async (level, escorts, armoured, by) => {
      if (level > 1) await zoneAcrossRoute(level);
      await settled();
      const movement = await submitted();
      expect(movement.state).toBe('submitted');
      expect(movement.riskLevel).toBe(level);
      expect(movement.assessment).toMatchObject({
        riskLevel: level,
        agreementVersion: 1,
        required: {
          clause: `protection[level=${level}]`,
          armedEscortVehicles: escorts,
          armouredPassengerVehicle: armoured,
          approvals: by,
          forbidden: level === 6,
        },
      });
      // Level 6 is forbidden without the exemption: a breach naming the clause.
      const forbidden = movement.assessment!.breaches.filter((b) => b.rule === 'forbidden');
      expect(forbidden.length > 0).toBe(level === 6);
    },
  );
});

describe('re-assessment through the events', () => {
  it('sends an approved movement back to submitted after an incident on its route: approvals superseded, history, audit, event', async () => {
    const movement = await submitted();
    expect(movement.riskLevel).toBe(1);
    await setMovementState(t, movement.id, 'approved', ['partner']);
    const events = assessedEvents();
    await attack(33.65, 73.075);
    await settled();
    const after = await t.services.movements.get(
      await t.services.visibility.viewing(coordinator()),
      movement.id,
    );
    expect(after.state).toBe('submitted');
    expect(after.riskLevel).toBeGreaterThan(1);
    expect(await approvals(movement.id)).toEqual([{ party_kind: 'partner', superseded: 1 }]);
    expect(events).toEqual([{ movementId: movement.id, riskLevel: after.riskLevel, raised: true }]);
    const last = (await historyOf(movement.id)).at(-1)!;
    expect(last).toMatchObject({
      kind: 'reassess',
      from_state: 'approved',
      to_state: 'submitted',
      actor_id: 'movement-reassessment',
      agreement_version: 1,
    });
    expect(JSON.parse(last.details!)).toMatchObject({
      cause: 'incidents',
      raised: true,
      approvalsSuperseded: true,
    });
    await expectAudited(t, 'movement.reassessed', movement.id, {
      by: 'movement-reassessment',
      actorType: 'system',
      party: 'cso',
      fields: ['assessed_at', 'assessment', 'risk_level', 'state'],
    });
  });

  it('reads a movement changed elsewhere again (another instance, no event here) before writing its re-assessment', async () => {
    const movement = await submitted();
    await t.services.reassessment.ready();
    // Another instance's change: the row moves on a version and this instance hears nothing of it.
    await t.db
      .updateTable('movements')
      .set({ purpose: 'Changed elsewhere', version: movement.version + 1 })
      .where('id', '=', movement.id)
      .execute();
    const events = assessedEvents();
    await attack(33.65, 73.075);
    await settled();
    const row = await t.db
      .selectFrom('movements')
      .selectAll()
      .where('id', '=', movement.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      purpose: 'Changed elsewhere',
      version: movement.version + 2,
      state: 'submitted',
    });
    expect(row.risk_level).toBeGreaterThan(1);
    expect(events).toEqual([{ movementId: movement.id, riskLevel: row.risk_level, raised: true }]);
    expect((await historyOf(movement.id)).at(-1)).toMatchObject({
      kind: 'assess',
      actor_id: 'movement-reassessment',
    });
  });

  it('changes nothing for an incident far from the route', async () => {
    const movement = await submitted();
    await setMovementState(t, movement.id, 'approved', ['partner']);
    const before = await historyOf(movement.id);
    const events = assessedEvents();
    // Quetta, 700 km away.
    await attack(30.19, 67.0);
    await settled();
    const row = await movementRow(movement.id);
    expect(row).toMatchObject({ state: 'approved', risk_level: 1 });
    expect(await approvals(movement.id)).toEqual([{ party_kind: 'partner', superseded: 0 }]);
    expect(await historyOf(movement.id)).toEqual(before);
    expect(events).toEqual([]);
  });

  it('re-assesses every open movement when a new agreement version comes into force', async () => {
    const movement = await submitted();
    await setMovementState(t, movement.id, 'ready', ['partner']);
    const events = assessedEvents();
    // Version 2 asks an armed escort vehicle at levels 1 and 2.
    const stricter = exampleAgreement.replace(/armedEscortVehicles: 0/g, 'armedEscortVehicles: 1');
    expect(stricter).not.toBe(exampleAgreement);
    expect(await putAgreementInForce(t, stricter)).toBe(2);
    await settled();
    const row = await movementRow(movement.id);
    expect(row.state).toBe('submitted');
    expect(JSON.parse(row.assessment!)).toMatchObject({
      agreementVersion: 2,
      required: { armedEscortVehicles: 1 },
    });
    expect(await approvals(movement.id)).toEqual([{ party_kind: 'partner', superseded: 1 }]);
    expect(events).toEqual([{ movementId: movement.id, riskLevel: 1, raised: true }]);
    expect((await historyOf(movement.id)).at(-1)).toMatchObject({
      kind: 'reassess',
      from_state: 'ready',
      to_state: 'submitted',
      agreement_version: 2,
    });
  });

  it('keeps a changed route on the same path: a PATCH through the zone raises it and sends it back', async () => {
    await zoneAcrossRoute(4);
    await settled();
    const person = await createPerson(t, 'cso');
    // A route east of the zone, then changed to run through it.
    const east = movementPayload([person], {
      origin: { lat: 33.7, lon: 73.12 },
      destination: { lat: 33.6, lon: 73.17 },
      route: {
        type: 'LineString',
        coordinates: [
          [73.12, 33.7],
          [73.17, 33.6],
        ],
      },
      checkpoints: [{ name: 'East', lat: 33.65, lon: 73.145, plannedAt: '2026-12-01T04:30:00Z' }],
    }) as MovementInput;
    const draft = await t.services.movements.create(coordinator(), east);
    const first = await t.services.movements.submit(coordinator(), draft.id);
    expect(first.riskLevel).toBe(1);
    await setMovementState(t, draft.id, 'approved', ['partner']);
    const through = movementPayload([person]) as MovementInput;
    const changed = await t.services.movements.update(coordinator(), draft.id, {
      origin: through.origin,
      destination: through.destination,
      route: through.route,
      checkpoints: through.checkpoints,
    });
    expect(changed).toMatchObject({ state: 'submitted', riskLevel: 4 });
    expect(await approvals(draft.id)).toEqual([{ party_kind: 'partner', superseded: 1 }]);
    // Kept in the index with its new route: the zone withdrawn, it is assessed again.
    const events = assessedEvents();
    const zones = await t.services.risk.listZones(actorOf(t, 'ssd:analyst'));
    await t.services.risk.withdrawZone(actorOf(t, 'ssd:analyst'), zones[0]!.id);
    await settled();
    expect(events).toEqual([{ movementId: draft.id, riskLevel: 1, raised: false }]);
  });

  // An expiry needs no event: the corridor is read at the departure, with the zones in force then.
  it('counts a zone only while it is in force at the departure', async () => {
    await t.services.risk.createZone(actorOf(t, 'ssd:analyst'), {
      polygon: acrossRoute,
      level: 4,
      reason: 'Threat report',
      expiresAt: '2026-11-30T20:00:00Z',
    });
    await settled();
    expect((await submitted()).riskLevel).toBe(1);
  });
});
