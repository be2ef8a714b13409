import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/helpers/use-test-app.js';
import { actorOf, exampleAgreement, putAgreementInForce } from '../../test/helpers/agreement.js';

// An agreement that withholds the employer and the native-script name from the host.
const withholding = exampleAgreement
  .replace('        nativeName: always\n', '')
  .replace('        employer: always\n', '');

describe('filters on fields the agreement withholds', () => {
  const t = useTestApp({
    setup: async () => {
      expect(withholding).not.toContain('employer: always');
      await putAgreementInForce(t, withholding);
      await t.services.persons.create(actorOf(t, 'cso:coordinator'), {
        name: 'Zhang Wei',
        nativeName: '张伟',
        nationality: 'CN',
        employer: 'Secret Hydro Co',
        status: 'in_country',
      });
    },
  });

  const names = async (who: string, query: string) =>
    (await t.request(who, { method: 'GET', url: `/api/v1/persons?${query}` }))
      .json()
      .items.map((p: { name: string }) => p.name);

  it('cannot be used to test a withheld value', async () => {
    expect(await names('ssd:coordinator', '')).toEqual(['Zhang Wei']);
    expect(await names('ssd:coordinator', 'employer=Secret%20Hydro%20Co')).toEqual([]);
    expect(await names('ssd:coordinator', `q=${encodeURIComponent('张')}`)).toEqual([]);
    expect(await names('ssd:coordinator', 'nationality=CN')).toEqual(['Zhang Wei']);
  });

  it('work as ever for the owner', async () => {
    expect(await names('cso:observer', 'employer=Secret%20Hydro%20Co')).toEqual(['Zhang Wei']);
    expect(await names('cso:observer', `q=${encodeURIComponent('张')}`)).toEqual(['Zhang Wei']);
  });
});
