/**
 * Keyword rules for one sentence: the kind of attack and its sub-type, whether it names one
 * particular event, the group behind it and whether it claimed it, and whom it targeted.
 */

export type DraftType =
  | 'suicide_attack'
  | 'ied'
  | 'armed_assault'
  | 'targeted_killing'
  | 'kidnapping'
  | 'rocket_attack'
  | 'drone_strike'
  | 'other';
export type DraftTarget =
  'foreign_nationals' | 'security_forces' | 'civilians' | 'government' | 'infrastructure';

export interface EventCue {
  type: DraftType;
  subType: string | null;
  /** How telling the cue is: "suicide" (5) outranks "IED" (4), "gunmen" (2) and "blast" (1). */
  rank: number;
  /** "shot dead", "gunned down": a targeted killing when few died, else an armed assault. */
  shooting: boolean;
  /** Positions of the cue words in the sentence. */
  anchors: number[];
}

const typeRules: [RegExp, DraftType, number][] = [
  [
    /\bsuicide\b|\bself[-\s]detonat\w*|\bblew (?:himself|herself|themselves) up\b|\bfidayeen\b/gi,
    'suicide_attack',
    5,
  ],
  [
    /\bIEDs?\b|\bimprovised explosive devices?\b|\broadside bomb\w*|\blandmines?\b|\bremote[-\s]controlled\b/gi,
    'ied',
    4,
  ],
  [/\bdrones?\b|\bquadcopters?\b|\bUAVs?\b|\bunmanned aerial\b/gi, 'drone_strike', 4],
  [/\brockets?\b|\bmortars?\b|\bmissiles?\b/gi, 'rocket_attack', 4],
  [/\bkidnap\w*|\babduct\w*|\btaken hostage\b|\bhostages?\b/gi, 'kidnapping', 4],
  [/\btarget(?:ed)? killings?\b|\bassassinat\w*/gi, 'targeted_killing', 4],
  [
    /\bcar[-\s]bomb\w*|\bvehicle[-\s]borne\b|\bVBIEDs?\b|\bexplosives?[-\s]laden\b|\btruck bomb\w*/gi,
    'ied',
    3,
  ],
  [/\bgrenades?\b/gi, 'other', 2],
  [
    /\bgunmen\b|\bopened fire\b|\bfiring\b|\bambush\w*|\barmed (?:men|attackers|assailants|militants)\b|\bstormed\b|\bgunfire\b|\bshooting\b|\bshot\b|\bgunned down\b|\battacked\b|\braid(?:ed)?\b|\b(?:came|come|coming) under fire\b/gi,
    'armed_assault',
    2,
  ],
  [/\bbomb\w*|\bblasts?\b|\bexplosions?\b|\bexploded\b|\bdetonat\w*|\bblew up\b|\bblown up\b/gi, 'ied', 1],
  [/\battacks?\b|\bassault\b/gi, 'other', 0],
];

const subTypeRules: [RegExp, string][] = [
  [
    /\bcar[-\s]bomb\w*|\bvehicle[-\s]borne\b|\bVBIEDs?\b|\bexplosives?[-\s]laden (?:car|vehicle|truck|van)\b|\btruck bomb\w*|\brammed (?:an? )?(?:[\w-]+ )?(?:car|vehicle|truck)\b/i,
    'vehicle-borne',
  ],
  [
    /\bmotorcycle[-\s]bomb\w*|\b(?:bomb|explosives?|device) (?:planted|fitted|attached) (?:on|to|in) a motorcycle\b/i,
    'motorcycle-borne',
  ],
  [/\broadside\b/i, 'roadside'],
  [/\bremote[-\s]controlled\b/i, 'remote-controlled'],
  [/\bsuicide vest\b|\bsuicide bomber blew\b/i, 'person-borne'],
  [/\bambush\w*/i, 'ambush'],
  [/\bgrenades?\b/i, 'grenade'],
  [/\bmortars?\b/i, 'mortar'],
];

/** The kind of attack a sentence describes, or null when it names none. */
export function classifyEvent(sentence: string): EventCue | null {
  let best: { type: DraftType; rank: number } | null = null;
  const anchors: number[] = [];
  // "Gunmen armed with rockets and grenades attacked": what they carried, not how they attacked.
  const acts = sentence.replace(/\barmed with\b[^,.;]*/gi, (m) => ' '.repeat(m.length));
  for (const [pattern, type, rank] of typeRules) {
    for (const m of acts.matchAll(pattern)) {
      anchors.push(m.index);
      if (!best || rank > best.rank) best = { type, rank };
    }
  }
  if (!best) return null;
  const subType = subTypeRules.find(([pattern]) => pattern.test(sentence))?.[1] ?? null;
  const shooting = /\bshot dead\b|\bgunned down\b|\bshot and killed\b|\bopened fire on (?:him|her)\b/i.test(
    sentence,
  );
  return { ...best, subType, shooting, anchors: anchors.sort((a, b) => a - b) };
}

/**
 * Whether the sentence speaks of one particular event ("a suicide blast", "the attack",
 * "Monday's bombing") rather than of attacks in general ("a series of attacks", "terror attacks").
 */
export function namesOneEvent(sentence: string): boolean {
  return /\b(?:a|an|the|this|that|yesterday['’]s|today['’]s|\w+day['’]s)\s+(?:[\w-]+\s+){0,3}?(?:attack|bombing|blast|explosion|ambush|assault|raid|shooting|kidnapping|abduction|bomb|IED|strike|firing)\b(?![-\w])/i.test(
    sentence,
  );
}

/**
 * Whether the sentence tells of other, earlier events as background: "last year, a similar attack
 * killed 11", "the attack comes weeks after a bombing", "attacks have risen in recent months".
 */
export function isBackground(sentence: string): boolean {
  return /\b(?:last|previous|past) (?:year|month)\b|\bearlier this (?:year|month)\b|\b(?:comes?|came) (?:just |only |barely )?(?:(?:a|one|two|three|four|five|six|several|few|\d+) )?(?:days?|weeks?|months?|hours?)\b[^.]{0,20}\bafter\b|\bin recent (?:days|weeks|months|years)\b|\bsimilar (?:attacks?|incidents?)\b|\bin the past\b|\bdeadliest (?:attack|incident|bombing)s? of the (?:year|month|quarter)\b/i.test(
    sentence,
  );
}

/** Whether the sentence opens another incident: "In a separate incident", "Meanwhile", "Elsewhere". */
export function opensAnother(sentence: string): boolean {
  return /^(?:in (?:a|another) (?:separate|different|similar|second) (?:incident|attack)|in another (?:incident|attack)|separately|meanwhile|elsewhere|in a separate\b)/i.test(
    sentence,
  );
}

/**
 * Whether the sentence sums several events up ("a string of coordinated attacks", "in these
 * attacks", "died in the clashes") rather than telling one.
 */
export function sumsUp(sentence: string): boolean {
  return (
    /\b(?:attacks|bombings|blasts|clashes|incidents|explosions|raids|operations)\b(?![-\w])/i.test(
      sentence,
    ) &&
    !/\b(?:a|an|the|this|that|one)\s+(?:[\w-]+\s+){0,3}?(?:attack|bombing|blast|explosion|ambush|assault|raid|shooting|kidnapping|abduction|strike)\b(?![-\w])/i.test(
      sentence,
    )
  );
}

/** Whether the sentence refers back to an event already told ("the attack", "the blast"). */
export function refersBack(sentence: string): boolean {
  return /\b(?:the|this|that)\s+(?:deadly\s+|latest\s+|suicide\s+|terror(?:ist)?\s+)?(?:attack|bombing|blast|explosion|ambush|assault|incident|raid|kidnapping|abduction)\b(?![-\w])/i.test(
    sentence,
  );
}

const groups: [RegExp, string][] = [
  [/\b(?:Balochistan|Baluchistan|Baloch) Liberation Army\b|\bBLA\b/, 'Balochistan Liberation Army'],
  [/\b(?:Balochistan|Baluchistan|Baloch) Liberation Front\b|\bBLF\b/, 'Balochistan Liberation Front'],
  [/\bBaloch Republican Army\b|\bBRA\b/, 'Baloch Republican Army'],
  [/\bBaloch Raa?ji Aa?joi Sangar\b|\bBRAS\b/, 'Baloch Raaji Aajoi Sangar'],
  [/\bTeh?r[ei]e?k[-\s]+[ei][-\s]+Jihad\b|\bTJP\b/i, 'Tehreek-e-Jihad Pakistan'],
  [/\bTeh?r[ei]e?k[-\s]+[ei][-\s]+Taliban\b|\bTTP\b|\bPakistani Taliban\b/, 'Tehreek-e-Taliban Pakistan'],
  [
    /\bIS[-\s]?K\b|\bISKP\b|\bISIS[-\s]?K\b|\bIslamic State(?:['’]s)?(?: (?:Khorasan|Khurasan)(?: Province)?)?\b|\bDaesh\b/,
    'Islamic State Khorasan Province',
  ],
  [/\bJamaat[-\s]ul[-\s]Ahrar\b|\bJuA\b/i, 'Jamaat-ul-Ahrar'],
  [/\bLashkar[-\s]e[-\s]Jhangvi\b|\bLeJ\b/, 'Lashkar-e-Jhangvi'],
  [/\bLashkar[-\s]e[-\s]Islam\b/i, 'Lashkar-e-Islam'],
  [/\bHafiz Gul Bahadur\b/i, 'Hafiz Gul Bahadur Group'],
  [/\bJaish[-\s]e[-\s]Mu?ha?mm?ad\b|\bJeM\b/, 'Jaish-e-Mohammad'],
  [/\bHizb[-\s]?ul[-\s]Ahrar\b/i, 'Hizbul Ahrar'],
  [/\bIttehad[-\s]ul[-\s]Mujahideen\b/i, 'Ittehad-ul-Mujahideen Pakistan'],
  [/\bSindhudesh Revolutionary Army\b|\bSRA\b/, 'Sindhudesh Revolutionary Army'],
  [/\bAl[-\s]Qaeda\b/i, 'Al-Qaeda'],
];
const wings: [RegExp, string][] = [
  [/\bMajeed Brigade\b/i, 'Majeed Brigade'],
  [/\bFateh Squad\b/i, 'Fateh Squad'],
  [/\bSTOS\b|\bSpecial Tactical Operations Squad\b/, 'STOS'],
];

export interface Perpetrator {
  perpetrator: string | null;
  claimed: boolean | null;
}

/**
 * The group a sentence names, normalised ("BLA's Majeed Brigade" → "Balochistan Liberation Army
 * (Majeed Brigade)"), and whether it claimed the attack (true), denied it or no one claimed it
 * (false), or the sentence does not say (null).
 */
export function findPerpetrator(sentence: string): Perpetrator {
  const claimAt = sentence.search(
    /\bclaimed\s+(?:its\s+|the\s+|full\s+)?(?:responsibility|the\s+(?:attack|bombing|blast|killing|assault|abduction))|\bclaimed by\b|\b(?:took|accepted|owned)\s+(?:the\s+)?responsibility\b|\bresponsibility\b[^.]{0,40}\bwas claimed\b|\b(?:said|says|claimed) (?:it|they) (?:had )?(?:carried out|attacked|conducted|targeted)\b/i,
  );
  const denied =
    /\bno (?:group|one|organi[sz]ation|outfit)\b[^.]{0,20}\bclaimed\b|\bnot (?:yet )?(?:been )?claimed\b|\bdenied (?:any )?(?:involvement|responsibility)\b|\bdisowned\b/i.test(
      sentence,
    );
  const found: { name: string; at: number }[] = [];
  for (const [pattern, name] of groups) {
    const m = pattern.exec(sentence);
    if (m) found.push({ name, at: m.index });
  }
  // With several groups, the one nearest the claim is the claimant.
  const pivot = claimAt >= 0 ? claimAt : 0;
  found.sort((a, b) => Math.abs(a.at - pivot) - Math.abs(b.at - pivot));
  let perpetrator = found[0]?.name ?? null;
  const wing = wings.find(([pattern]) => pattern.test(sentence))?.[1];
  if (perpetrator === 'Balochistan Liberation Army' && wing) perpetrator += ` (${wing})`;
  const claimed = denied ? false : claimAt >= 0 && perpetrator ? true : null;
  return { perpetrator, claimed };
}

const targetRules: [RegExp, DraftTarget][] = [
  [
    /\bChinese\b|\bJapanese\b|\bforeign(?:ers?| nationals?| engineers?| workers?)?\b|\bexpatriates?\b|\bengineers?\b|\bCPEC\b/i,
    'foreign_nationals',
  ],
  [
    /\bpolice\w*|\bcops?\b|\bconstables?\b|\bFC\b|\bFrontier Corps\b|\bLevies\b|\bRangers\b|\bsoldiers?\b|\btroops\b|\bsecurity (?:forces|personnel|convoy|officials|post|check-?post)\b|\barmy\b|\bcheck-?posts?\b|\bconvoy\b|\bCTD\b|\bmilitary\b|\bcantonment\b/i,
    'security_forces',
  ],
  [
    /\bminister\b|\bgovernment (?:office|officials?|building|employees?)\b|\b(?:deputy|assistant) commissioner\b|\blawmaker\b|\bMNA\b|\bMPA\b|\bsenator\b|\bjudge\b|\bcourt\b|\bpolling station\b/i,
    'government',
  ],
  [
    /\bpipeline\b|\bpylons?\b|\btransmission (?:lines?|towers?)\b|\brailway tracks?\b|\bbridge\b|\bmobile towers?\b|\bgas (?:line|field)s?\b|\bpower (?:station|plant|grid)s?\b|\bdam\b/i,
    'infrastructure',
  ],
  [
    /\bcivilians?\b|\bpassengers?\b|\bmarket\b|\bbazaar\b|\bmosque\b|\bworshippers\b|\bschool\b|\bbus\b|\blabourers\b|\bshoppers\b|\bpolio workers?\b|\bpilgrims\b/i,
    'civilians',
  ],
];

/** The target category a sentence suggests; foreign nationals first, then security forces. */
export function classifyTarget(sentence: string): DraftTarget | null {
  // "Police said…", "according to the police": the source of the news, not the target.
  const text = sentence
    .replace(
      /\b(?:the\s+)?(?:police|security|army|military|CTD|FC|Levies)(?:\s+(?:officials?|officers?|sources?|spokesperson|spokesman))?\s+(?:said|says|told|confirmed|added|reported|stated)\b/gi,
      '',
    )
    .replace(
      /\baccording to (?:the\s+)?(?:police|security officials|officials|the army|the military)\b/gi,
      '',
    );
  return targetRules.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** Priority of target categories when several sentences of one incident disagree. */
export const targetPriority: DraftTarget[] = targetRules.map(([, t]) => t);

/** Words around a date that make it the date of a report or statement, not of the event. */
export const reportingVerb =
  /\b(?:said|says|reported|told|stated|announced|added|confirmed|claimed|denied|rejected|condemned|urged|visited|met|expressed|vowed|ordered|demanded|asked|termed|chaired|briefed|issued|released|tweeted|posted|quoted)\b/i;
