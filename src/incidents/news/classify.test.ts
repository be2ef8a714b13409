import { describe, expect, it } from 'vitest';
import { classifyEvent, classifyTarget, findPerpetrator, namesOneEvent } from './classify.js';

describe('classifyEvent', () => {
  const cases: [string, string | null, string | null][] = [
    ['a suicide blast near the airport', 'suicide_attack', null],
    ['a suicide car bombing', 'suicide_attack', 'vehicle-borne'],
    ['a car bomb went off', 'ied', 'vehicle-borne'],
    ['a vehicle-borne IED', 'ied', 'vehicle-borne'],
    ['a roadside bomb hit the van', 'ied', 'roadside'],
    ['an IED planted on the road', 'ied', null],
    ['a remote-controlled device exploded', 'ied', 'remote-controlled'],
    ['a bomb planted on a motorcycle exploded', 'ied', 'motorcycle-borne'],
    ['gunmen opened fire on a van', 'armed_assault', null],
    ['militants ambushed a convoy', 'armed_assault', 'ambush'],
    ['two engineers were kidnapped', 'kidnapping', null],
    ['he was abducted from his home', 'kidnapping', null],
    ['rockets were fired at the camp', 'rocket_attack', null],
    ['mortar shells landed', 'rocket_attack', 'mortar'],
    ['a hand grenade was hurled', 'other', 'grenade'],
    ['a targeted killing in the city', 'targeted_killing', null],
    ['an explosion in a market', 'ied', null],
    ['the minister met the press', null, null],
  ];
  it.each(cases)('%s → %s / %s', (text, type, subType) => {
    const cue = classifyEvent(text);
    expect(cue?.type ?? null).toBe(type);
    expect(cue?.subType ?? null).toBe(subType);
  });

  it('tells one event from attacks in general', () => {
    expect(namesOneEvent('after a deadly bombing near Karachi airport')).toBe(true);
    expect(namesOneEvent("Monday's attack on the convoy")).toBe(true);
    expect(namesOneEvent('a series of attacks on Chinese citizens')).toBe(false);
    expect(namesOneEvent('a surge in terrorist attacks')).toBe(false);
  });
});

describe('findPerpetrator', () => {
  const cases: [string, string | null, boolean | null][] = [
    [
      "a banned outfit — Balochistan Liberation Army's (BLA) Majeed Brigade — claimed its responsibility",
      'Balochistan Liberation Army (Majeed Brigade)',
      true,
    ],
    [
      "The attack was claimed by the BLA's Majeed Brigade.",
      'Balochistan Liberation Army (Majeed Brigade)',
      true,
    ],
    ['The banned TTP claimed responsibility.', 'Tehreek-e-Taliban Pakistan', true],
    ['The proscribed Tehreek-i-Taliban Pakistan took responsibility.', 'Tehreek-e-Taliban Pakistan', true],
    ['IS-K claimed the attack.', 'Islamic State Khorasan Province', true],
    [
      'The Islamic State Khorasan Province (ISKP) said it carried out the attack.',
      'Islamic State Khorasan Province',
      true,
    ],
    ['The BLF said it had attacked a convoy.', 'Balochistan Liberation Front', true],
    ['Officials blamed the Baloch Liberation Army.', 'Balochistan Liberation Army', null],
    ['The TTP denied involvement.', 'Tehreek-e-Taliban Pakistan', false],
    ['No group has claimed responsibility so far.', null, false],
    ['Police are investigating.', null, null],
  ];
  it.each(cases)('%s', (text, perpetrator, claimed) => {
    expect(findPerpetrator(text)).toEqual({ perpetrator, claimed });
  });
});

describe('classifyTarget', () => {
  const cases: [string, string | null][] = [
    ['a convoy of Chinese engineers', 'foreign_nationals'],
    ['foreign nationals and their police escort', 'foreign_nationals'],
    ['a police van', 'security_forces'],
    ['an FC check post', 'security_forces'],
    ['soldiers on patrol', 'security_forces'],
    ['the deputy commissioner', 'government'],
    ['a gas pipeline', 'infrastructure'],
    ['a crowded market, police said', 'civilians'],
    ['passengers on a bus', 'civilians'],
    ['nothing in particular', null],
  ];
  it.each(cases)('%s → %s', (text, target) => {
    expect(classifyTarget(text)).toBe(target);
  });
});
