import { describe, expect, it } from 'vitest';
import { parseAgreement } from '../agreement/agreement.schema.js';
import { actorOf, exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';
import { polygonOf, recordIed, squareAround } from '../../test/helpers/risk.js';
import { expectError } from '../../test/helpers/routes.js';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { haversineKm } from './risk.js';

const quetta = { lat: 30.1798, lon: 66.975 };
const day = 86_400_000;

/** The answers of the risk routes carry why: the incidents and zone behind a level, the clause behind a route. */
describe('risk that explains itself', () => {
  const t = useTestApp({ each: true });

  const point = (where: { lat: number; lon: number }, at?: string, who = 'cso:coordinator') =>
    t.request(who, {
      method: 'GET',
      url: `/api/v1/risk/point?lat=${where.lat}&lon=${where.lon}${at ? `&at=${encodeURIComponent(at)}` : ''}`,
    });

  /** Records an incident as the host's analyst; returns its id. */
  async function record(date: string, where: { lat: number; lon: number }, killed: number, wounded = 0) {
    return (await recordIed(t, date, where, killed, wounded)).id;
  }

  it('gives its as-of time, the parameters and the incidents that weigh most, heaviest first', async () => {
    const bomb = await record('2026-11-20', quetta, 20, 30);
    const older = await record('2026-08-22', quetta, 5);
    // About 17 km north: one ring out, its weight halved.
    const near = { lat: quetta.lat + 0.15, lon: quetta.lon };
    const neighbour = await record('2026-11-20', near, 2);
    const far = await record('2026-11-20', { lat: 24.86, lon: 67.0 }, 50);

    const res = await point(quetta);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.asOf).toBe('2026-11-28T08:00:00.000Z');
    expect(body.parameters).toEqual(t.services.risk.parameters);
    expect(body.zone).toBeNull();
    expect(body.incidentsCounted).toBe(3);
    expect(body.incidentsWithheld).toBe(0);
    expect(body.incidents.map((i: { id: string }) => i.id)).toEqual([bomb, older, neighbour]);
    expect(body.incidents.map((i: { id: string }) => i.id)).not.toContain(far);

    const [first, second, third] = body.incidents;
    const ageOf = (date: string) => (Date.parse(body.asOf) - Date.parse(date)) / day;
    // 1 + 3·20 + 30 = 91, eight days old; 1 + 3·5 = 16, 98 days old (a little over a half-life).
    expect(first).toMatchObject({ date: '2026-11-20', rings: 0 });
    expect(first.weight).toBeCloseTo(91 * 2 ** (-ageOf('2026-11-20') / 90), 6);
    expect(second.weight).toBeCloseTo(16 * 2 ** (-ageOf('2026-08-22') / 90), 6);
    expect(third).toMatchObject({ rings: 1 });
    expect(third.weight).toBeCloseTo(7 * 2 ** (-ageOf('2026-11-20') / 90) * 0.5, 6);
    expect(third.distanceKm).toBeCloseTo(haversineKm(quetta, near), 6);
    // The listed weights are the score, incident by incident.
    const sum = body.incidents.reduce((s: number, i: { weight: number }) => s + i.weight, 0);
    expect(sum).toBeCloseTo(body.score, 6);
  });

  it('builds the grid a week at a time without losing an incident where one week ends and the next begins', async () => {
    // The lookback starts on 2024-11-28 (730 days before now), that whole day included: its weeks
    // begin on 2024-11-28, 2024-12-05 and so on; the last one runs on past today.
    for (const date of ['2024-11-27', '2024-11-28', '2024-12-04', '2024-12-05', '2025-06-15', '2026-11-28'])
      await record(date, quetta, 5);
    const body = (await point(quetta)).json();
    expect(body.incidents.map((i: { date: string }) => i.date)).toEqual([
      '2026-11-28',
      '2025-06-15',
      '2024-12-05',
      '2024-12-04',
      '2024-11-28',
    ]);
    // The grid's score is the listed incidents' weights: it read each of them once.
    const sum = body.incidents.reduce((n: number, i: { weight: number }) => n + i.weight, 0);
    expect(sum).toBeCloseTo(body.score, 9);
  });

  it('lists at most ten incidents, but counts them all', async () => {
    for (let i = 0; i < 12; i++) await record(`2026-11-${String(10 + i).padStart(2, '0')}`, quetta, 1);
    const body = (await point(quetta)).json();
    expect(body.incidentsCounted).toBe(12);
    expect(body.incidents).toHaveLength(10);
    // Equal tolls: the most recent weigh most.
    expect(body.incidents[0].date).toBe('2026-11-21');
  });

  it('names the zone that overrides the grid', async () => {
    await record('2026-11-20', quetta, 20, 30);
    const zone = await t.services.risk.createZone(actorOf(t, 'cso:analyst'), {
      polygon: polygonOf(...squareAround(quetta, 0.05).coordinates),
      level: 6,
      reason: 'Threat report against the cantonment',
    });
    await t.services.risk.approveZone(actorOf(t, 'ssd:coordinator'), zone.id);
    const body = (await point(quetta)).json();
    expect(body).toMatchObject({
      level: 6,
      computedLevel: 5,
      zoneId: zone.id,
      zone: { id: zone.id, level: 6, reason: 'Threat report against the cantonment', expiresAt: null },
    });
    expect(body.incidents).toHaveLength(1);
  });

  it('gives the level at a past date: only the incidents up to then, only the zones in force then', async () => {
    const early = await record('2026-06-01', quetta, 20, 30);
    // Recorded today (28 November), when the June attack has decayed to substantial (level 4), a
    // level-4 zone counts at once; the attack of 20 November is recorded after it. A week on the
    // zone is withdrawn.
    const zone = await t.services.risk.createZone(actorOf(t, 'cso:analyst'), {
      polygon: polygonOf(...squareAround(quetta, 0.05).coordinates),
      level: 4,
      reason: 'Convoy ambushed on the bypass',
    });
    expect(zone.status).toBe('active');
    await record('2026-11-20', quetta, 20, 30);
    t.clock.advance(7 * day);
    await t.services.risk.withdrawZone(actorOf(t, 'cso:analyst'), zone.id);

    const june = (await point(quetta, '2026-06-02')).json();
    expect(june.asOf).toBe('2026-06-02T23:59:59.999Z');
    expect(june.incidents.map((i: { id: string }) => i.id)).toEqual([early]);
    // Not quite two days old: high.
    const age = (Date.parse(june.asOf) - Date.parse('2026-06-01')) / day;
    expect(june.score).toBeCloseTo(91 * 2 ** (-age / 90), 6);
    expect(june).toMatchObject({ level: 5, computedLevel: 5, zoneId: null, zone: null });

    // Today's date is now.
    expect((await point(quetta, '2026-12-05')).json()).toMatchObject({
      asOf: '2026-12-05T08:00:00.000Z',
      zoneId: null,
      incidentsCounted: 2,
    });

    // Before the June incident: nothing.
    expect((await point(quetta, '2026-05-31')).json()).toMatchObject({ level: 1, score: 0, incidents: [] });

    // While the zone was in force, with an hour-precise time: it counted then, withdrawn now.
    const during = (await point(quetta, '2026-12-01T12:00:00Z')).json();
    expect(during).toMatchObject({ zoneId: zone.id, zone: { level: 4 }, incidentsCounted: 2 });
    expect((await point(quetta)).json()).toMatchObject({ zoneId: null, zone: null });
    // And before it was recorded it did not.
    expect((await point(quetta, '2026-11-27')).json().zoneId).toBeNull();
  });

  it('refuses a future or malformed time, naming the field', async () => {
    expectError(await point(quetta, '2027-01-01'), 400, 'validation_failed', 'querystring.at');
    // Today, but an hour from now (08:00 UTC).
    expectError(await point(quetta, '2026-11-28T09:00:00Z'), 400, 'validation_failed', 'querystring.at');
    expectError(await point(quetta, 'yesterday'), 400, 'validation_failed', 'querystring.at');
  });

  it('lists incidents only to a viewer who may read incidents: the rest learn how many, not which', async () => {
    const id = await record('2026-11-20', quetta, 3);
    // A protected person has no incident.read (nor risk.read: the route refuses them; the
    // service is asked directly, as a future caller would).
    const person = await t.services.risk.point(actorOf(t, 'cso:person'), quetta);
    expect(person.incidents).toEqual([]);
    expect(person.incidentsWithheld).toBe(1);
    expect(JSON.stringify(person)).not.toContain(id);
    expectError(await point(quetta, undefined, 'cso:person'), 403, 'forbidden');
    // Positive control: the partner's observer, who reads incidents, sees it.
    const observer = (await point(quetta, undefined, 'cso:observer')).json();
    expect(observer.incidents.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(observer.incidentsWithheld).toBe(0);
  });

  describe('a route', () => {
    const route = [{ lat: 29.5, lon: 66.9 }, quetta, { lat: 30.8, lon: 67.0 }];
    const assess = (who = 'ssd:coordinator') =>
      t.request(who, { method: 'POST', url: '/api/v1/risk/route', payload: { waypoints: route } });

    it('gives the segments at each level with their coordinates, adding up to the kilometres', async () => {
      await record('2026-11-20', quetta, 20, 30);
      const body = (await assess()).json();
      expect(body.maxLevel).toBe(5);
      const segments = body.segments as {
        level: number;
        km: number;
        points: { lat: number; lon: number }[];
      }[];
      expect(segments[0]!.level).toBe(1);
      expect(segments.at(-1)!.level).toBe(1);
      expect(segments.filter((s) => s.level === 5)).toHaveLength(1);
      expect(segments[0]!.points[0]).toEqual(route[0]);
      expect(segments.at(-1)!.points.at(-1)).toEqual(route[2]);
      // Each segment starts where the one before ends; neighbours differ in level.
      segments.slice(1).forEach((s, i) => {
        expect(s.points[0]).toEqual(segments[i]!.points.at(-1));
        expect(s.level).not.toBe(segments[i]!.level);
      });
      // The waypoint in Quetta lies inside the level-5 segment, as a point of it.
      expect(segments.find((s) => s.level === 5)!.points).toContainEqual(quetta);
      for (const level of [1, 2, 3, 4, 5]) {
        const km = segments.filter((s) => s.level === level).reduce((sum, s) => sum + s.km, 0);
        expect(km).toBeCloseTo(body.kmByLevel[String(level)], 0);
      }
      // A segment's kilometres are the length of its points.
      for (const s of segments) {
        const length = s.points.slice(1).reduce((sum, p, i) => sum + haversineKm(s.points[i]!, p), 0);
        expect(s.km).toBeCloseTo(length, 0);
      }
    });

    it('says what the agreement in force requires at the worst level, with the clause', async () => {
      await record('2026-11-20', quetta, 20, 30);
      expect((await assess()).json().required).toBeNull();

      const version = await putAgreementInForce(t);
      const high = parseAgreement(exampleAgreement).protection[4]!;
      const body = (await assess('cso:observer')).json();
      expect(body.required).toEqual({
        clause: 'protection[level=5]',
        agreementVersion: version,
        timeZone: 'Asia/Karachi',
        ...high,
      });
      expect(body.required).toMatchObject({
        armedEscortVehicles: 2,
        armouredPassengerVehicle: true,
        allowedHours: { from: '07:00', to: '17:00' },
        approvals: ['host', 'partner'],
      });

      // A new version of the clause is what the next answer gives: the route reads the agreement.
      const stricter = exampleAgreement.replace(/(- level: 5 # high\n {4}armedEscortVehicles:) 2/, '$1 4');
      expect(stricter).not.toBe(exampleAgreement);
      const next = await putAgreementInForce(t, stricter);
      expect((await assess()).json().required).toMatchObject({
        clause: 'protection[level=5]',
        agreementVersion: next,
        armedEscortVehicles: 4,
      });
    });
  });
});
