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
    ['No one was killed or injured in the blast.', { total: 0 }, { total: 0 }, null],
    ['Police said no one was killed in the attack.', { total: 0 }, null, null],
    ['No one was hurt.', { total: 0 }, { total: 0 }, null],
    [
      'Seven labourers from Punjab were shot dead and another injured.',
      { total: 7, civilians: 7 },
      { total: 1 },
      null,
    ],
    [
      'The train driver was critically injured, a police official said.',
      null,
      { total: 1, civilians: 1 },
      null,
    ],
    [
      'Five Chinese nationals and their Pakistani driver were killed.',
      { total: 6, foreignNationals: 5, civilians: 1 },
      null,
      null,
    ],
    ["The soldier's family was informed.", null, null, null],
    ['Sub-inspector Gul Nawaz was shot dead while on duty.', { total: 1 }, null, null],
    ['Malik Habib Khan, a tribal elder, was martyred near his home.', { total: 1 }, null, null],
    ['Prime Minister Shehbaz Sharif was briefed on the attack.', null, null, null],
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

describe('attackers and updates', () => {
  it('counts attackers killed apart from the victims, and as the toll only when no victim is named', () => {
    const both = extractCasualties(
      'Militants attacked a post, killing 18 soldiers before troops killed 12 of the attackers.',
    );
    expect(both?.killed).toEqual(toll({ total: 18, security: 18 }));
    expect(both?.attackersKilled).toBe(12);
    const only = extractCasualties('Security forces killed four terrorists in the exchange of fire.');
    expect(only?.killed).toEqual(toll({ total: 4, militants: 4 }));
    expect(only?.attackersKilled).toBeNull();
  });

  it.each([
    ['The death toll has risen to seven after two more injured succumbed.', { to: 7, more: 2 }],
    ['Two more children succumbed to their injuries in hospital.', { to: null, more: 2 }],
    ['The toll from the bombing at the mosque rose to 100 on Tuesday.', { to: 100, more: null }],
    ['Officials said two soldiers later succumbed, taking the death toll to six.', { to: 6, more: null }],
    ['Three people were killed.', null],
  ])('reads the update in %j', (text, update) => {
    expect(extractCasualties(text)?.update).toEqual(update);
  });
});
