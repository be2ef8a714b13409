import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { boxRing, maximalRoute, maximalZone, polygonOf } from '../../test/helpers/risk.js';

/**
 * Issue 7, finding 1: one request froze the server (a 200-leg route held /healthz 31 s; a
 * near-global zone 3.5 s). The largest route and zone the limits allow, sent to a listening
 * server, must answer while /healthz keeps answering and the event loop is never held for long.
 * The bounds are generous, for a busy machine; the figures are in the benchmark.
 */
describe('risk under the largest allowed work', () => {
  const t = useTestApp({
    config: { logLevel: 'silent' },
    setup: async () => {
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    },
  });
  let base: string;

  // Bodies are serialised before the clock starts: the client shares the server's loop here.
  const post = async (who: string, path: string, body: string) => {
    const began = performance.now();
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.users[who]!.token}`, 'content-type': 'application/json' },
      body,
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
      ms: performance.now() - began,
    };
  };

  it('answers a maximal zone and maximal routes while /healthz stays fast', async () => {
    // What froze the server: 200 legs across the globe (31 s), a near-global zone (3.5 s).
    const attackRoute = JSON.stringify({
      waypoints: Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0 ? { lat: -60, lon: -179 } : { lat: 60, lon: 179 },
      ),
    });
    const nearGlobal = JSON.stringify({
      polygon: polygonOf(boxRing(-10, -80, 169, 80)),
      level: 6,
      reason: 'Everywhere',
    });
    // The largest the limits allow.
    const largestZone = JSON.stringify({
      polygon: maximalZone(),
      level: 5,
      reason: 'Largest zone the limits allow',
    });
    const longestRoute = JSON.stringify({ waypoints: maximalRoute() });

    const delay = monitorEventLoopDelay({ resolution: 10 });
    const healthz: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const began = performance.now();
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        healthz.push(performance.now() - began);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    delay.enable();

    const refusedRoute = await post('cso:observer', '/api/v1/risk/route', attackRoute);
    const refusedZone = await post('ssd:analyst', '/api/v1/risk/zones', nearGlobal);

    const zone = await post('ssd:analyst', '/api/v1/risk/zones', largestZone);
    expect(zone.status, JSON.stringify(zone.body)).toBe(201);
    expect(zone.body).toMatchObject({ status: 'pending', signOff: 'wide' });
    const approved = await post(
      'cso:coordinator',
      `/api/v1/risk/zones/${String(zone.body.id)}/approve`,
      '{}',
    );
    expect(approved.status).toBe(200);

    const routes = [];
    for (let i = 0; i < 5; i++) routes.push(await post('cso:observer', '/api/v1/risk/route', longestRoute));
    polling = false;
    await poller;
    delay.disable();

    expect(refusedRoute).toMatchObject({ status: 400, body: { error: { code: 'route_too_long' } } });
    expect(refusedZone).toMatchObject({ status: 400, body: { error: { code: 'zone_too_large' } } });
    expect(Math.max(refusedRoute.ms, refusedZone.ms)).toBeLessThan(1000);
    for (const route of routes) {
      expect(route.status).toBe(200);
      expect(route.body).toMatchObject({ maxLevel: 5 });
      expect(route.ms).toBeLessThan(3000);
    }
    expect(zone.ms).toBeLessThan(5000);
    expect(healthz.length).toBeGreaterThan(3);
    // The loop was never held for a second, and every /healthz answered within one.
    expect(delay.max / 1e6).toBeLessThan(1000);
    expect(Math.max(...healthz)).toBeLessThan(1000);
  });
});
