import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';

/** A built app as Vite lays it out: index.html, hashed assets, a file in public/. */
function builtApp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jsms-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>JSMS</title><div id="root"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("jsms");\n'.repeat(200));
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dir, '.sources-sha256'), 'bookkeeping\n');
  return dir;
}

describe('the web app, served by the API server', () => {
  const t = useTestApp({
    config: {
      webDir: builtApp(),
      mapTiles: 'https://tiles.example.org/{z}/{x}/{y}.png',
      mapAttribution: '© Example',
    },
  });

  it('serves index.html at / and at every screen path, revalidated on each visit', async () => {
    for (const url of ['/', '/incidents', '/registry/sites/abc?tab=units']) {
      const res = await t.request(null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year, compressed when the browser accepts gzip', async () => {
    const plain = await t.request(null, { method: 'GET', url: '/assets/index-abc123.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gzipped = await t.request(null, {
      method: 'GET',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 10);
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(plain.body);
  });

  it('answers 304 when the browser already holds the same file', async () => {
    const first = await t.request(null, { method: 'GET', url: '/favicon.svg' });
    const again = await t.request(null, {
      method: 'GET',
      url: '/favicon.svg',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 in the error body for API paths and missing files, never the app', async () => {
    const api = await t.request(null, { method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: 'route_not_found' } });
    for (const url of ['/assets/missing.js', '/.sources-sha256']) {
      const res = await t.request(null, { method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'route_not_found' } });
    }
  });

  it('allows nothing from outside hosts but the configured tile server', async () => {
    const res = await t.request(null, { method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    const sources = csp
      .split(';')
      .flatMap((directive) => directive.trim().split(/\s+/).slice(1))
      .filter((source) => /^(https?:|\*|wss?:)/.test(source));
    expect(new Set(sources)).toEqual(new Set(['https://tiles.example.org']));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("font-src 'self'");
  });

  it('tells the app, before sign-in, which tiles to draw', async () => {
    const res = await t.request(null, { method: 'GET', url: '/api/v1/client-config' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      mapTiles: 'https://tiles.example.org/{z}/{x}/{y}.png',
      mapAttribution: '© Example',
    });
  });
});

describe('a server without a built web app', () => {
  const t = useTestApp();

  it('serves the API alone: / is not a route, and the map is offline only', async () => {
    const res = await t.request(null, { method: 'GET', url: '/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'route_not_found' } });
    const config = await t.request(null, { method: 'GET', url: '/api/v1/client-config' });
    expect(config.json()).toEqual({ mapTiles: null, mapAttribution: null });
    expect(String(config.headers['content-security-policy'])).not.toMatch(/https:/);
  });
});
