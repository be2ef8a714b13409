import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { putAgreementInForce } from '../../test/helpers/agreement.js';
import { create, perimeter, sitePayload, unitPayload } from '../../test/helpers/registry.js';
import { auditCount, expectError, rowById } from '../../test/helpers/routes.js';

// What a site reference or a perimeter may be: refusals the fuzzer and finding 13 found, each a
// 400 naming its field that stores nothing.

const t = useTestApp({ each: true, setup: putAgreementInForce });

const row = rowById(t, 'sites');

describe('site perimeters (issue 7, finding 13)', () => {
  const flat = {
    type: 'Polygon',
    coordinates: [
      [
        [73.29, 35.29],
        [73.3, 35.29],
        [73.31, 35.29],
        [73.29, 35.29],
      ],
    ],
  };
  const bowtie = {
    type: 'Polygon',
    coordinates: [
      [
        [73.28, 35.28],
        [73.3, 35.3],
        [73.3, 35.28],
        [73.28, 35.3],
        [73.28, 35.28],
      ],
    ],
  };

  it.each([
    ['a zero-area perimeter', flat],
    ['a self-crossing perimeter', bowtie],
  ])('refuses %s with 400 naming perimeter, on create and on change, storing nothing', async (_what, bad) => {
    const before = await t.db.selectFrom('sites').select('id').execute();
    const created = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/sites',
      payload: sitePayload({ name: 'Bad perimeter camp', perimeter: bad }),
    });
    expectError(created, 400, 'validation_failed', 'body.perimeter');
    expect(await t.db.selectFrom('sites').select('id').execute()).toHaveLength(before.length);
    const id = await create(
      t,
      'cso:coordinator',
      '/api/v1/sites',
      sitePayload({ name: 'Good camp', perimeter }),
    );
    const stored = await row(id);
    const changed = await t.request('cso:coordinator', {
      method: 'PATCH',
      url: `/api/v1/sites/${id}`,
      payload: { perimeter: bad },
    });
    expectError(changed, 400, 'validation_failed', 'body.perimeter');
    expect(await row(id)).toEqual(stored);
  });
});

describe('an empty site id (found by the fuzzer)', () => {
  it('answers 400 naming the field for a unit or a person, not a foreign-key 500, and stores nothing', async () => {
    const before = await auditCount(t);
    const unit = await t.request('cso:admin', {
      method: 'POST',
      url: '/api/v1/units',
      payload: unitPayload({ baseSiteId: '' }),
    });
    expectError(unit, 400, 'validation_failed', 'body.baseSiteId');
    const person = await t.request('cso:coordinator', {
      method: 'POST',
      url: '/api/v1/persons',
      payload: { name: 'Li Wei', nationality: 'CN', siteId: '' },
    });
    expectError(person, 400, 'validation_failed', 'body.siteId');
    expect(await auditCount(t)).toBe(before);
  });
});
