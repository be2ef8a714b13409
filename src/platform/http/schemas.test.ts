import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestApp } from '../../../test/helpers/use-test-app.js';
import { decimalParam, integerParam } from './schemas.js';

describe('number parameters', () => {
  const lat = z.object({ lat: decimalParam({ min: -90, max: 90 }) });
  const seq = z.object({ seq: integerParam({ min: 0 }) });

  it.each(['33.6', '-4', '0', '90', '007'])('read %s as a decimal number', (text) => {
    expect(lat.parse({ lat: text }).lat).toBe(Number(text));
  });

  it.each(['', ' ', '0x10', '1e3', '1.', '.5', '+3', 'Infinity', 'NaN', '3,5', ' 3'])(
    'refuse %j, which z.coerce.number() would have read',
    (text) => {
      const result = lat.safeParse({ lat: text });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/decimal number/);
    },
  );

  it('refuse a whole number beyond what an integer column stores', () => {
    expect(seq.parse({ seq: '2147483647' }).seq).toBe(2_147_483_647);
    expect(seq.safeParse({ seq: '2147483648' }).success).toBe(false);
    expect(seq.safeParse({ seq: '9007199254740991' }).success).toBe(false);
  });

  it('refuse a decimal as a whole number and hold the bounds', () => {
    expect(seq.safeParse({ seq: '1.5' }).success).toBe(false);
    expect(seq.safeParse({ seq: '-1' }).success).toBe(false);
    expect(seq.parse({ seq: '12' }).seq).toBe(12);
    expect(lat.safeParse({ lat: '90.5' }).success).toBe(false);
  });
});

describe('number parameters on the routes', () => {
  const t = useTestApp();

  it('answer an empty point with 400 naming the field, not level 1 at (0,0)', async () => {
    const response = await t.request('ssd:observer', { method: 'GET', url: '/api/v1/risk/point?lat=&lon=' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'validation_failed',
      details: { field: 'lat', in: 'querystring' },
    });
  });

  it.each(['lat=0x10&lon=70', 'lat=1e1&lon=70', 'lat=30&lon=7e1'])('refuse %s with 400', async (query) => {
    const response = await t.request('ssd:observer', { method: 'GET', url: `/api/v1/risk/point?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });

  it('answer a plain point', async () => {
    const response = await t.request('ssd:observer', {
      method: 'GET',
      url: '/api/v1/risk/point?lat=33.6&lon=73.1',
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuse an empty or hexadecimal page limit, a path number beyond an integer column, and NUL', async () => {
    for (const url of [
      '/api/v1/agreements/9007199254740991',
      '/api/v1/agreements/2147483648/diff?from=1',
      '/api/v1/audit?entityType=%00x',
      '/api/v1/persons/%00',
      '/api/v1/persons?limit=',
      '/api/v1/audit?limit=0x10',
      '/api/v1/agreements/0x1',
    ]) {
      const response = await t.request('ssd:admin', { method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
    }
  });
});
