import net from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp, redactUrl } from '../../app.js';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { useTestApp } from '../../../test/helpers/use-test-app.js';
import { expectError, postJsonText, rowCount } from '../../../test/helpers/routes.js';
import { jsonDepth, limits } from './limits.js';
import { listenMetrics } from './metrics.js';

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['[[[]]]', 3],
    ['{"a":[{"b":1}]}', 3],
    ['"[[[[not nesting]]]]"', 0],
    ['{"a":"\\"[[[["}', 1],
  ])('%s has depth %i', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth);
  });
});

describe('redactUrl', () => {
  it('blanks secret-looking query values and keeps the rest', () => {
    expect(redactUrl('/api/ingest?id=jsd_secret&lat=24.9&token=x')).toBe(
      '/api/ingest?id=%5BREDACTED%5D&lat=24.9&token=%5BREDACTED%5D',
    );
    expect(redactUrl('/api/v1/users')).toBe('/api/v1/users');
  });
});

describe('the HTTP edge', () => {
  const t = useTestApp({ config: { headersTimeoutMs: 300, requestTimeoutMs: 1000 } });

  it('refuses a body over 256 KiB with 413 payload_too_large and stores nothing', async () => {
    const before = await rowCount(t, 'users');
    const response = await t.request('ssd:admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { username: 'big', displayName: 'x'.repeat(limits.bodyBytes), roles: ['observer'] },
    });
    expectError(response, 413, 'payload_too_large');
    expect(await rowCount(t, 'users')).toBe(before);
  });

  it('refuses JSON nested deeper than the limit with 400 json_too_deep', async () => {
    const deep = '['.repeat(limits.jsonDepth + 1) + ']'.repeat(limits.jsonDepth + 1);
    expectError(await postJsonText(t, 'ssd:admin', '/api/v1/tokens', deep), 400, 'json_too_deep');
  });

  it('refuses malformed JSON with 400 invalid_json', async () => {
    expectError(await postJsonText(t, 'ssd:admin', '/api/v1/tokens', '{"name": '), 400, 'invalid_json');
  });

  it('answers an unknown route with 404 route_not_found in the error body', async () => {
    const response = await t.request(null, { method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      error: { code: 'route_not_found', requestId: expect.any(String) },
    });
  });

  it('sets security headers and a request id, and keeps a valid incoming one', async () => {
    const response = await t.request(null, {
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('trace-42');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const generated = await t.request(null, {
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets no cache keep an API answer, personal data or error alike', async () => {
    for (const url of ['/api/v1/persons', '/api/v1/me', '/api/v1/persons/nobody']) {
      const response = await t.request('ssd:admin', { method: 'GET', url });
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('is ready when the database answers', async () => {
    const response = await t.request(null, { method: 'GET', url: '/readyz' });
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('counts requests by route pattern in Prometheus metrics on their own listener, never by raw URL', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'])
      await t.request('ssd:admin', { method: 'GET', url: `/api/v1/users/${id}` });
    const listener = await listenMetrics(t.app.metrics, { host: '127.0.0.1', port: 0 });
    try {
      expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const metrics = await (await fetch(listener.url)).text();
      expect(metrics).toMatch(
        /jsms_http_requests_total\{method="GET",route="\/api\/v1\/users\/:id",status="404"\} 2/,
      );
      expect(metrics).toMatch(
        /jsms_http_requests_total\{method="GET",route="\/api\/v1\/me",status="200"\} 1/,
      );
      expect(metrics).toMatch(
        /jsms_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/users\/:id"\} 2/,
      );
      expect(metrics).not.toContain('00000000-0000-4000-8000-000000000001');
      expect((await fetch(listener.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await listener.close();
    }
  });

  it('serves no metrics on the API listener', async () => {
    const response = await t.request(null, { method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('process_cpu');
  });

  it('guards the metrics listener with a bearer token when one is set', async () => {
    const token = 'metrics-token-0123456789';
    const listener = await listenMetrics(t.app.metrics, { host: '127.0.0.1', port: 0, token });
    try {
      expect((await fetch(listener.url)).status).toBe(401);
      expect((await fetch(listener.url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const allowed = await fetch(listener.url, { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('jsms_http_requests_total');
    } finally {
      await listener.close();
    }
  });

  it('never logs bearer tokens, cookies or passwords', async () => {
    const token = t.users['ssd:admin']!.token;
    await t.request('ssd:admin', {
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: '__Host-jsms_session=jss_abc' },
    });
    await t.request(null, {
      method: 'POST',
      url: '/api/v1/sessions',
      payload: { username: 'ssd-admin', password: 'wrong password here' },
    });
    const logs = t.logs.join('');
    expect(logs).toContain('/api/v1/me');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain('jss_abc');
    expect(logs).not.toContain('wrong password here');
  });

  it('closes a connection whose headers never finish, within the header timeout', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const started = Date.now();
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'),
      );
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the server kept the connection open')), 10_000).unref();
    });
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    // Far below Node's default (60 s headers timeout, checked every 30 s).
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('requests the router or the HTTP parser refuses', () => {
  const t = useTestApp({
    setup: async () => {
      port = Number(new URL(await t.app.listen({ port: 0, host: '127.0.0.1' })).port);
    },
  });
  let port: number;

  /** Sends raw bytes, as no well-behaved client would, and reads the reply until the server closes. */
  const raw = (bytes: string) =>
    new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => {
        const [head = '', body = ''] = data.split('\r\n\r\n', 2);
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
        );
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the server kept the connection open')), 10_000).unref();
    });

  const expectEnvelope = (reply: Awaited<ReturnType<typeof raw>>, status: number, code: string) => {
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body).error).toMatchObject({
      code,
      message: expect.any(String),
      requestId: expect.any(String),
    });
    for (const header of [
      'content-security-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-frame-options',
    ]) {
      expect(reply.headers[header], header).toBeTruthy();
    }
    expect(reply.headers['cache-control']).toBe('no-store');
  };

  it('answers a malformed Content-Length with the error body and security headers', async () => {
    const reply = await raw('POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}');
    expectEnvelope(reply, 400, 'malformed_request');
  });

  it('answers headers over the limit with 431 in the error body', async () => {
    const reply = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectEnvelope(reply, 431, 'headers_too_large');
  });

  it.each([
    '/api/docs/static/../package.json',
    '/api/docs/static/%2e%2e/%2e%2e/package.json',
    '/api/docs/static/..\\..\\package.json',
  ])('refuses the docs path %s with 403, not 500, and serves no file', async (path) => {
    const reply = await raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body).error.code).toBe('forbidden');
    expect(reply.body).not.toContain('"name": "jsms"');
  });
});

describe('an unexpected error', () => {
  it('is a 500 internal_error whose body hides the raw message, which goes to the log only', async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const logStream = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const app = await buildApp({
      db: database.db,
      clock: systemClock,
      config: loadConfig({}, { dataDir: database.dataDir }),
      logStream,
    });
    app.get('/boom', { config: { access: 'public' } }, async () => {
      throw new Error('connection string postgres://secret@db failed');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expectError(response, 500, 'internal_error');
    expect(response.body).not.toContain('secret@db');
    expect(lines.join('')).toContain('secret@db');
    await app.close();
    await database.destroy();
  });
});
