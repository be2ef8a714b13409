import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { ownedRecordCases } from '../../test/helpers/owned-records.js';
import { boxRing, polygonOf, squareAround } from '../../test/helpers/risk.js';
import { createTestDatabase } from '../../test/helpers/database.js';
import { migrate, readMigrations } from '../platform/db/migrate.js';
import { auditCount, expectAudited, expectError, rowById } from '../../test/helpers/routes.js';

/** Issue 7, findings 1 and 13: zones within bounds, well formed, and signed off where they must be. */
const gwadar = { lat: 25.13, lon: 62.32 };
const turbat = { lat: 26.0, lon: 63.05 };
const sukkur = { lat: 27.7, lon: 68.86 };
const multan = { lat: 30.2, lon: 71.47 };

describe('risk zones: polygons, limits and sign-off', () => {
  const t = useTestApp();

  const createZone = (who: string, payload: Record<string, unknown>) =>
    t.request(who, { method: 'POST', url: '/api/v1/risk/zones', payload });
  const approve = (who: string, id: string) =>
    t.request(who, { method: 'POST', url: `/api/v1/risk/zones/${id}/approve` });
  const pointLevel = async (p: { lat: number; lon: number }) =>
    (
      await t.request('cso:observer', { method: 'GET', url: `/api/v1/risk/point?lat=${p.lat}&lon=${p.lon}` })
    ).json();
  const routeLevel = async (waypoints: { lat: number; lon: number }[]) => {
    const res = await t.request('cso:observer', {
      method: 'POST',
      url: '/api/v1/risk/route',
      payload: { waypoints },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { maxLevel: number; km: number; kmByLevel: Record<string, number> };
  };
  const zoneRows = async () => (await t.db.selectFrom('risk_zones').selectAll().execute()).length;

  it.each([
    [
      'of no area (a line there and back)',
      [
        [67, 25],
        [68, 25],
        [67, 25],
        [68, 25],
        [67, 25],
      ],
    ],
    [
      'of three collinear positions',
      [
        [67, 25],
        [67.5, 25],
        [68, 25],
        [67, 25],
      ],
    ],
    [
      'of one position',
      [
        [67, 25],
        [67, 25],
        [67, 25],
        [67, 25],
      ],
    ],
    [
      'crossing itself (a bow tie)',
      [
        [67, 25],
        [68, 26],
        [68, 25],
        [67, 26],
        [67, 25],
      ],
    ],
  ])(
    'refuses a polygon %s with 400 invalid_polygon naming the polygon, storing nothing',
    async (_name, ring) => {
      const [zones, audits] = [await zoneRows(), await auditCount(t)];
      const res = await createZone('ssd:analyst', {
        polygon: { type: 'Polygon', coordinates: [ring] },
        level: 4,
        reason: 'Threat report',
      });
      expectError(res, 400, 'invalid_polygon', 'body.polygon');
      expect(res.json().error.details).toMatchObject({ ring: 0 });
      expect([await zoneRows(), await auditCount(t)]).toEqual([zones, audits]);
    },
  );

  it('refuses a hole outside its polygon, and a ring that does not close (at the schema)', async () => {
    const outside = await createZone('ssd:analyst', {
      polygon: {
        type: 'Polygon',
        coordinates: [squareAround(sukkur, 0.1).coordinates[0], squareAround(multan, 0.1).coordinates[0]],
      },
      level: 4,
      reason: 'Threat report',
    });
    expectError(outside, 400, 'invalid_polygon', 'body.polygon');
    expect(outside.json().error.details).toMatchObject({ ring: 1 });
    const open = await createZone('ssd:analyst', {
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [67, 25],
            [68, 25],
            [68, 26],
            [67, 26],
          ],
        ],
      },
      level: 4,
      reason: 'Threat report',
    });
    expectError(open, 400, 'validation_failed', 'body.polygon');
  });

  it('refuses a zone of too many positions or too large an area with 400 zone_too_large', async () => {
    const ring: number[][] = [];
    for (let i = 0; i < 2500; i++) {
      const angle = (2 * Math.PI * i) / 2500;
      ring.push([67 + Math.cos(angle), 30 + Math.sin(angle)]);
    }
    ring.push(ring[0]!);
    const many = await createZone('ssd:analyst', {
      polygon: { type: 'Polygon', coordinates: [ring] },
      level: 4,
      reason: 'District boundary, unsimplified',
    });
    expectError(many, 400, 'zone_too_large', 'body.polygon');
    expect(many.json().error.details).toMatchObject({ limit: 2000, value: 2501 });
    // 20° × 20°: about four million km².
    const huge = await createZone('ssd:analyst', {
      polygon: squareAround({ lat: 30, lon: 70 }, 10),
      level: 6,
      reason: 'Everywhere',
    });
    expectError(huge, 400, 'zone_too_large', 'body.polygon');
    // The whole world is refused too, before any coverage is computed.
    const world = await createZone('ssd:analyst', {
      polygon: polygonOf(boxRing(-180, -85, 180, 85)),
      level: 6,
      reason: 'Everywhere',
    });
    expectError(world, 400, 'invalid_polygon', 'body.polygon');
  });

  it('holds a level-6 zone pending until the other party signs it off; then it counts', async () => {
    const before = await routeLevel([gwadar, turbat]);
    expect(before.maxLevel).toBe(1);
    const res = await createZone('ssd:analyst', {
      polygon: squareAround(turbat, 0.2),
      level: 6,
      reason: 'Attack expected on the M-8',
    });
    expect(res.statusCode, res.body).toBe(201);
    const zone = res.json();
    expect(zone).toMatchObject({ status: 'pending', signOff: 'extreme', level: 6, computedLevel: 1 });
    expect(zone.areaKm2).toBeGreaterThan(1000);
    await expectAudited(t, 'risk_zone.created', zone.id, {
      by: t.users['ssd:analyst']!.id,
      fields: expect.arrayContaining(['status', 'sign_off']),
    });
    // Pending: neither a point nor a route sees it.
    expect(await pointLevel(turbat)).toMatchObject({ level: 1, zoneId: null });
    expect((await routeLevel([gwadar, turbat])).maxLevel).toBe(1);

    // Not the recording party, not an analyst or observer of the other party.
    expectError(await approve('ssd:admin', zone.id), 403, 'forbidden');
    expectError(await approve('ssd:coordinator', zone.id), 403, 'forbidden');
    expectError(await approve('cso:analyst', zone.id), 403, 'forbidden');
    expectError(await approve('cso:observer', zone.id), 403, 'forbidden');
    expect((await pointLevel(turbat)).level).toBe(1);

    const approved = await approve('cso:coordinator', zone.id);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'active',
      approvedBy: t.users['cso:coordinator']!.id,
      approvedPartyId: 'cso',
      signOff: 'extreme',
    });
    await expectAudited(t, 'risk_zone.approved', zone.id, {
      by: t.users['cso:coordinator']!.id,
      party: 'ssd',
      fields: ['approved_by', 'status'],
    });
    expect(await pointLevel(turbat)).toMatchObject({ level: 6, zoneId: zone.id });
    const after = await routeLevel([gwadar, turbat]);
    expect(after.maxLevel).toBe(6);
    // The route ends at the zone's centre: about 20 km of it (the zone's half-width, on the diagonal) is inside.
    expect(after.kmByLevel['6']).toBeGreaterThan(15);
    expect(after.kmByLevel['6']).toBeLessThan(35);
    expect(after.kmByLevel['1']! + after.kmByLevel['6']!).toBeCloseTo(after.km, 0);
    expectError(await approve('cso:admin', zone.id), 409, 'invalid_transition');
  });

  it('holds a wide raise pending, and lets a small one count at once', async () => {
    const wide = await createZone('cso:analyst', {
      polygon: squareAround(sukkur, 1),
      level: 4,
      reason: 'Dacoit activity across the district',
    });
    expect(wide.json()).toMatchObject({ status: 'pending', signOff: 'wide' });
    expect((await pointLevel(sukkur)).level).toBe(1);
    const small = await createZone('cso:analyst', {
      polygon: squareAround(multan, 0.1),
      level: 4,
      reason: 'Protest at the airport road',
    });
    expect(small.json()).toMatchObject({ status: 'active', signOff: null });
    expect((await pointLevel(multan)).level).toBe(4);
    // A partner's zone is signed off by the host; the partner's own coordinator cannot.
    expectError(await approve('cso:coordinator', wide.json().id), 403, 'forbidden');
    const approved = await approve('ssd:coordinator', wide.json().id);
    expect(approved.json()).toMatchObject({ status: 'active', approvedPartyId: 'ssd' });
    expect((await pointLevel(sukkur)).level).toBe(4);
    expect(
      (await routeLevel([{ lat: sukkur.lat, lon: sukkur.lon - 2 }, sukkur])).kmByLevel['4'],
    ).toBeGreaterThan(90);
  });

  it('refuses a route over the limits, naming the waypoints', async () => {
    // Karachi to Peshawar and back, twice: about 4,600 km.
    const karachi = { lat: 24.86, lon: 67.0 };
    const peshawar = { lat: 34.0, lon: 71.58 };
    const tooLong = await t.request('cso:observer', {
      method: 'POST',
      url: '/api/v1/risk/route',
      payload: { waypoints: [karachi, peshawar, karachi, peshawar, karachi] },
    });
    expectError(tooLong, 400, 'route_too_long', 'body.waypoints');
    expect(tooLong.json().error.message).toMatch(/^waypoints: a route is at most 4,000 km/i);
    expect(tooLong.json().error.details).toMatchObject({ limit: 4000 });
    const tooMany = await t.request('cso:observer', {
      method: 'POST',
      url: '/api/v1/risk/route',
      payload: { waypoints: Array.from({ length: 1001 }, (_, i) => ({ lat: 25 + i * 1e-4, lon: 67 })) },
    });
    expectError(tooMany, 400, 'validation_failed', 'body.waypoints');
  });

  ownedRecordCases(t, {
    record: 'risk zone',
    routes: (id) => [
      { method: 'POST', url: `/api/v1/risk/zones/${id}/approve` },
      { method: 'POST', url: `/api/v1/risk/zones/${id}/withdraw` },
    ],
    notFound: 'risk_zone_not_found',
    caller: 'ssd:admin',
    row: rowById(t, 'risk_zones'),
  });
});

describe('zones recorded before the sign-off rules (migration 0008)', () => {
  it('sends an unsigned level-6 zone in force back to pending, and names why pending zones wait', async () => {
    const database = await createTestDatabase({ migrate: false });
    try {
      const { db } = database;
      await sql`create table schema_migrations (version integer primary key, name text not null, applied_at text not null)`.execute(
        db,
      );
      for (const migration of readMigrations(database.dialect).filter((m) => m.version < 8)) {
        for (const statement of migration.statements) await sql.raw(statement).execute(db);
        await sql`insert into schema_migrations values (${migration.version}, ${migration.name}, '2026-01-01')`.execute(
          db,
        );
      }
      await sql`insert into parties (id, name, kind, created_at) values ('ssd', 'Host', 'host', '2026-01-01'), ('cso', 'Partner', 'partner', '2026-01-01')`.execute(
        db,
      );
      const zone = (id: string, level: number, status: string, approvedBy: string | null) =>
        sql`insert into risk_zones (id, party_id, polygon, level, reason, status, computed_level, created_by, created_at, approved_by, updated_at)
          values (${id}, 'ssd', '{}', ${level}, 'r', ${status}, 1, 'u', '2026-01-01', ${approvedBy}, '2026-01-01')`.execute(
          db,
        );
      await zone('extreme-unsigned', 6, 'active', null);
      await zone('extreme-signed', 6, 'active', 'partner-coordinator');
      await zone('lowering', 2, 'pending', null);
      await zone('raise', 4, 'active', null);
      expect(await migrate(db, database.dialect)).toContain(8);
      const rows = await db
        .selectFrom('risk_zones')
        .select(['id', 'status', 'sign_off'])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { id: 'extreme-signed', status: 'active', sign_off: null },
        { id: 'extreme-unsigned', status: 'pending', sign_off: 'extreme' },
        { id: 'lowering', status: 'pending', sign_off: 'lowers' },
        { id: 'raise', status: 'active', sign_off: null },
      ]);
    } finally {
      await database.destroy();
    }
  });
});
