import { describe, expect, it } from 'vitest';
import { extractCasualties, type TollDraft } from './casualties.js';

type PartialToll = Partial<TollDraft>;
const toll = (t: PartialToll): TollDraft => ({
  total: null,
  foreignNationals: null,
  civilians: null,
  security: null,
  militants: null,
  ...t,
});

describe('extractCasualties', () => {
  const cases: [string, PartialToll | null, PartialToll | null, number | null][] = [
    ['Two Chinese citizens among three people were killed.', { total: 3, foreignNationals: 2 }, null, null],
    ['Three policemen were martyred.', { total: 3, security: 3 }, null, null],
    ['Gunmen shot dead three policemen.', { total: 3, security: 3 }, null, null],
    ['The blast killed 12 people, including two soldiers.', { total: 12, security: 2 }, null, null],
    [
      'Five people, including two Chinese nationals, were killed.',
      { total: 5, foreignNationals: 2 },
      null,
      null,
    ],
    ['Two soldiers and three civilians were killed.', { total: 5, security: 2, civilians: 3 }, null, null],
    ['killing three policemen and injuring five others', { total: 3, security: 3 }, { total: 5 }, null],
    ['A policeman was martyred.', { total: 1, security: 1 }, null, null],
    ['Over 20 people were injured.', null, { total: 20 }, null],
    ['a dozen soldiers were wounded', null, { total: 12, security: 12 }, null],
    ['3 dead, 7 injured', { total: 3 }, { total: 7 }, null],
    ['four suspected militants were killed in the raid', { total: 4, militants: 4 }, null, null],
    ['Three members of a family were killed.', { total: 3 }, null, null],
    ['The death toll rose to 9.', { total: 9 }, null, null],
    ['Two Chinese engineers were abducted.', null, null, 2],
    ['Five passengers were kidnapped from a bus.', null, null, 5],
    ['The attack claimed the lives of seven people.', { total: 7 }, null, null],
    ['Two soldiers killed three militants.', { total: 3, militants: 3 }, null, null],
    ['328 incidents were recorded in three days.', null, null, null],
    ['The minister visited two hospitals.', null, null, null],
  ];
  it.each(cases)('%s', (text, killed, wounded, kidnapped) => {
    const found = extractCasualties(text);
    if (killed === null && wounded === null && kidnapped === null) {
      expect(found).toBeNull();
      return;
    }
    expect(found?.killed).toEqual(toll(killed ?? {}));
    expect(found?.wounded).toEqual(toll(wounded ?? {}));
    expect(found?.kidnapped ?? null).toBe(kidnapped);
  });
});
