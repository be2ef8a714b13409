import { describe, expect, it } from 'vitest';
import { accountInput, estimatesOf, normaliseProvince, reconcile } from './incident.js';

describe('estimatesOf', () => {
  it.each([
    ['a single value', { best: 12 }, { low: 12, best: 12, high: 12 }],
    ['only a minimum', { low: 4 }, { low: 4, best: 4, high: 4 }],
    ['only a maximum', { high: 148 }, { low: 148, best: 148, high: 148 }],
    ['a range', { low: 10, high: 15 }, { low: 10, best: 10, high: 15 }],
    ['an open value', { low: 40, best: 40 }, { low: 40, best: 40, high: null }],
    ['all three', { low: 1, best: 2, high: 3 }, { low: 1, best: 2, high: 3 }],
    ['categories only', { civilians: 2, security: 3 }, { low: 5, best: 5, high: 5 }],
    ['nothing', {}, { low: null, best: null, high: null }],
  ])('%s', (_what, toll, estimates) => {
    expect(estimatesOf(toll)).toEqual(estimates);
  });
});

describe('reconcile', () => {
  it('lists the other side where the parties name it differently, as it does the perpetrator', () => {
    const body = (opponent: string | null) =>
      accountInput.parse({ date: '2009-05-01', type: 'state_based_conflict', perpetrator: 'Army', opponent });
    const { differences } = reconcile([
      { partyId: 'ssd', createdAt: '2026-01-01T00:00:00Z', body: body('TTP') },
      { partyId: 'cso', createdAt: '2026-01-02T00:00:00Z', body: body(null) },
    ]);
    expect(differences).toEqual([{ field: 'opponent', values: { ssd: 'TTP', cso: null } }]);
  });
});

describe('normaliseProvince', () => {
  it.each([
    ['KPK', 'Khyber Pakhtunkhwa'],
    ['Baluchistan Province', 'Balochistan'],
    ['Kurram', 'Kurram'],
    // Names from files and filters are only names: nothing an object inherits answers for them.
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
  ])('%s is %s', (name, expected) => {
    expect(normaliseProvince(name)).toBe(expected);
  });
});
