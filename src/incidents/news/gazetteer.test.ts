import { describe, expect, it } from 'vitest';
import { findPlaces, gazetteer, lookupPlace } from './gazetteer.js';

describe('gazetteer', () => {
  it('holds Pakistan only, loaded once', () => {
    expect(gazetteer()).toBe(gazetteer());
    expect(lookupPlace('Karachi')).toMatchObject({ kind: 'place', province: 'Sindh' });
    expect(lookupPlace('Kandahar')).toBeNull();
    expect(lookupPlace('Paris')).toBeNull();
  });

  const lookups: [string, string | null, string | null, string | null][] = [
    ['Karachi', 'Karachi', 'place', 'Sindh'],
    ['Quetta', 'Quetta', 'place', 'Balochistan'],
    ['Peshawar', 'Peshawar', 'place', 'Khyber Pakhtunkhwa'],
    ['Islamabad', 'Islamabad', 'place', 'Islamabad'],
    ['Gilgit', 'Gilgit', 'place', 'Gilgit-Baltistan'],
    ['Muzaffarabad', 'Muzaffarabad', 'place', 'Azad Jammu and Kashmir'],
    ['D.I. Khan', 'Dera Ismail Khan', 'place', 'Khyber Pakhtunkhwa'],
    ['Miranshah', 'Miran Shah', 'place', 'Khyber Pakhtunkhwa'],
    ['North Waziristan', 'North Waziristan', 'district', 'Khyber Pakhtunkhwa'],
    ['Kech', 'Kech', 'district', 'Balochistan'],
    ['Balochistan', 'Balochistan', 'province', 'Balochistan'],
    ['Baluchistan', 'Balochistan', 'province', 'Balochistan'],
    ['Khyber Pakhtunkhwa', 'Khyber Pakhtunkhwa', 'province', 'Khyber Pakhtunkhwa'],
    ['Khyber-Pakhtunkhwa', 'Khyber Pakhtunkhwa', 'province', 'Khyber Pakhtunkhwa'],
    ['KPK', 'Khyber Pakhtunkhwa', 'province', 'Khyber Pakhtunkhwa'],
    ['Sind', 'Sindh', 'province', 'Sindh'],
    ['Gilgit-Baltistan', 'Gilgit-Baltistan', 'province', 'Gilgit-Baltistan'],
    ['Nowhere', null, null, null],
  ];
  it.each(lookups)('%s → %s (%s, %s)', (name, canonical, kind, province) => {
    const entry = lookupPlace(name);
    expect(entry?.name ?? null).toBe(canonical);
    expect(entry?.kind ?? null).toBe(kind);
    expect(entry?.province ?? null).toBe(province);
  });

  it('gives Karachi its coordinates', () => {
    const karachi = lookupPlace('Karachi');
    expect(karachi?.lat).toBeCloseTo(24.86, 1);
    expect(karachi?.lon).toBeCloseTo(67.01, 1);
  });
});

describe('findPlaces', () => {
  const cases: [string, [string | null, string | null, string | null, string, boolean][]][] = [
    ['a blast near Karachi airport', [['Karachi', null, 'Sindh', 'place', true]]],
    [
      "in Balochistan's Kech district",
      [
        [null, null, 'Balochistan', 'province', true],
        [null, 'Kech', 'Balochistan', 'district', false],
      ],
    ],
    ['in Bannu district', [[null, 'Bannu', 'Khyber Pakhtunkhwa', 'district', true]]],
    [
      'in KP and Balochistan',
      [
        [null, null, 'Khyber Pakhtunkhwa', 'province', true],
        [null, null, 'Balochistan', 'province', false],
      ],
    ],
    ['Islamabad has reiterated its call', [['Islamabad', null, 'Islamabad', 'place', false]]],
    [
      'in Mir Ali, North Waziristan',
      [
        ['Mir Ali', 'North Waziristan', 'Khyber Pakhtunkhwa', 'place', true],
        [null, 'North Waziristan', 'Khyber Pakhtunkhwa', 'district', false],
      ],
    ],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(findPlaces(text).map((p) => [p.name, p.district, p.province, p.precision, p.locative])).toEqual(
      expected,
    );
  });

  const none: [string][] = [
    ['a kp of salt and a kpk'], // acronyms only in capitals
    ['Tank shells were fired'], // a town that is also a word, without "in" or "district"
    ['karachi in lowercase'],
    ['Spokesperson Mumtaz Zahra Baloch said'],
  ];
  it.each(none)('finds no place in %j', (text) => {
    expect(findPlaces(text)).toEqual([]);
  });

  it('matches an ambiguous town name after "in" or before "district"', () => {
    expect(findPlaces('in Tank')[0]?.name).toBe('Tank');
    expect(findPlaces('Tank district police')[0]?.district).toBe('Tank');
  });
});
