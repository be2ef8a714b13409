import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/helpers/use-test-app.js';
import { expectError } from '../../../test/helpers/routes.js';

describe('one error-field rule at the edge', () => {
  const t = useTestApp();

  it('refuses an unknown query parameter on a route with a query schema, naming it', async () => {
    const res = await t.request('cso:analyst', { method: 'GET', url: '/api/v1/persons?nmae=Wang&limit=5' });
    expectError(res, 400, 'validation_failed', 'querystring.nmae');
    expect(res.json().error).toMatchObject({
      message: 'nmae: is not a known field',
      details: { issues: [{ field: 'nmae', message: 'is not a known field' }] },
    });
  });

  it('refuses any query parameter on a route that declares none', async () => {
    for (const url of ['/api/v1/me?verbose=1', '/api/v1/risk/zones?status=pending']) {
      expectError(
        await t.request('cso:analyst', { method: 'GET', url }),
        400,
        'validation_failed',
        'querystring.' + url.split('?')[1]!.split('=')[0],
      );
    }
  });

  it('leaves the health routes and the API docs alone', async () => {
    expect((await t.request(null, { method: 'GET', url: '/healthz?probe=1' })).statusCode).toBe(200);
    expect((await t.request(null, { method: 'GET', url: '/api/openapi.json?v=2' })).statusCode).toBe(200);
    // The docs UI answers with its page or a redirect to it, never the API's 400.
    for (const url of ['/api/docs?utm=x', '/api/docs/static/index.html?utm=x']) {
      expect((await t.request(null, { method: 'GET', url })).statusCode).toBeLessThan(400);
    }
  });

  it('names a schema field by its path inside its part', async () => {
    const res = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/sites',
      payload: { name: 'Camp', kind: 'camp', lat: 95, lon: 73, protectionLevel: 3 },
    });
    expectError(res, 400, 'validation_failed', 'body.lat');
    expect(res.json().error.details.issues).toEqual([{ field: 'lat', message: expect.any(String) }]);
  });

  it('answers a 403 with the roles the route needs, in the message and in the details', async () => {
    const res = await t.request('cso:person', { method: 'GET', url: '/api/v1/persons' });
    expectError(res, 403, 'forbidden');
    expect(res.json().error).toMatchObject({
      message: 'This needs the role admin or coordinator or commander or analyst or observer (person.read)',
      details: {
        roles: ['admin', 'coordinator', 'commander', 'analyst', 'observer'],
        permission: 'person.read',
      },
    });
    const write = await t.request('cso:analyst', {
      method: 'POST',
      url: '/api/v1/units',
      payload: {},
    });
    expectError(write, 403, 'forbidden');
    expect(write.json().error.details).toEqual({ roles: ['admin', 'coordinator'], permission: 'unit.write' });
  });
});
