import { maskNumbers, unmaskOffset, type NumberMention } from './numbers.js';

/**
 * Killed, wounded and kidnapped counts in one sentence, by who suffered them: "two Chinese citizens
 * among three people were killed", "killing three policemen and injuring five others", "12 people,
 * including two soldiers, were wounded", "a policeman was martyred", "the death toll rose to 9".
 */

export interface TollDraft {
  total: number | null;
  foreignNationals: number | null;
  civilians: number | null;
  security: number | null;
  militants: number | null;
}

export interface Casualties {
  killed: TollDraft;
  wounded: TollDraft;
  /** Attackers killed, told apart from the victims ("killing 18 soldiers … and killed 12 of the attackers"): not in `killed`. */
  attackersKilled: number | null;
  kidnapped: number | null;
  /** Positions in the sentence of the words that carried a count ("killed", "injuring"). */
  anchors: number[];
  /**
   * A later figure for an incident already told: the toll "has risen to" `to`, or `more` "more
   * succumbed". Null when the sentence gives no update.
   */
  update: { to: number | null; more: number | null } | null;
}

/** A list of words written as one string, to keep the lexicon readable. */
function words(list: string): string[] {
  return list.split(' ');
}

type Category = 'foreignNationals' | 'civilians' | 'security' | 'militants' | 'generic';
type Role = 'killed' | 'wounded' | 'kidnapped';

const lexicon: [Category, string[]][] = [
  [
    'foreignNationals',
    words(
      'chinese japanese american americans british french german germans korean koreans russian russians italian italians australian australians canadian canadians foreign foreigner foreigners expatriate expatriates expat expats',
    ),
  ],
  [
    'security',
    words(
      'police policeman policemen policewoman cop cops constable constables inspector inspectors sub-inspector sub-inspectors asi sho naik havildar subedar sepoy captain lieutenant colonel brigadier major soldier soldiers troops trooper troopers personnel security fc frontier levies levy rangers army jawan jawans sepoy sepoys ctd officer officers cadets guard guards commandos paramilitary paramilitaries servicemen',
    ),
  ],
  [
    'militants',
    words(
      'militant militants terrorist terrorists insurgent insurgents attacker attackers assailant assailants gunman gunmen bomber bombers khawarij khwarij fighters rebels outlaws miscreants',
    ),
  ],
  [
    'civilians',
    words(
      'civilian civilians passerby passersby passers-by passer-by bystander bystanders child children woman women student students worshipper worshippers worshiper worshipers labourer labourers laborer laborers worker workers pilgrim pilgrims passenger passengers shopper shoppers villager villagers resident residents teacher teachers journalist journalists miner miners boy boys girl girls driver drivers trader traders shopkeeper shopkeepers farmer farmers vendor vendors motorist motorists elder elders cleric clerics doctor doctors lawyer lawyers schoolchildren',
    ),
  ],
  [
    'generic',
    words(
      'people persons person individuals individual others men man members citizens citizen nationals national engineers engineer employees employee staff officials official victims lives',
    ),
  ],
];
const categoryOf = new Map<string, Category>(
  lexicon.flatMap(([c, list]) => list.map((w) => [w, c] as const)),
);
const singular = new Set(
  words(
    'policeman policewoman cop constable inspector sub-inspector soldier trooper jawan sepoy officer guard civilian child woman man person student worker labourer passer-by passerby journalist teacher foreigner national citizen engineer official militant terrorist attacker bomber boy girl driver trader shopkeeper farmer vendor motorist elder cleric doctor lawyer',
  ),
);

const killedWords = new Set(['killed', 'dead', 'died', 'martyred', 'slain', 'perished', 'succumbed']);
const woundedWords = new Set(['wounded', 'injured', 'hurt']);
const kidnappedWords = new Set(['kidnapped', 'abducted', 'hostage']);
const activeVerbs: Record<string, Role> = {
  killing: 'killed',
  killed: 'killed',
  kills: 'killed',
  kill: 'killed',
  martyring: 'killed',
  martyred: 'killed',
  slaying: 'killed',
  injuring: 'wounded',
  injured: 'wounded',
  injures: 'wounded',
  wounding: 'wounded',
  wounded: 'wounded',
  wounds: 'wounded',
  kidnapping: 'kidnapped',
  kidnapped: 'kidnapped',
  kidnaps: 'kidnapped',
  abducting: 'kidnapped',
  abducted: 'kidnapped',
  abducts: 'kidnapped',
};
const auxiliaries = new Set(
  'were was are is have has had been being got get reportedly also all allegedly later critically seriously severely badly fatally mortally reported confirmed left feared'.split(
    ' ',
  ),
);
const npStop = new Set(
  'were was are is have has had been being got in on at near from by with while when after as among including and or but who which that of to for the a an its their his her during'.split(
    ' ',
  ),
);

interface Token {
  text: string;
  lower: string;
  start: number;
  value: number | null;
}

interface Member {
  value: number;
  category: Category;
  next: number;
}

interface Group {
  heads: Member[];
  subsets: Member[];
  role: Role | null;
  anchor: number;
}

function roleWord(tokens: Token[], k: number): Role | null {
  const t = tokens[k]?.lower ?? '';
  const next = tokens[k + 1]?.lower ?? '';
  if (killedWords.has(t)) return 'killed';
  if (t === 'lost' && /^(their|his|her)$/.test(next) && tokens[k + 2]?.lower.startsWith('li'))
    return 'killed';
  if (t === 'shot' && next === 'dead') return 'killed';
  if (t === 'gunned' && next === 'down') return 'killed';
  if (woundedWords.has(t)) return 'wounded';
  if (kidnappedWords.has(t)) return 'kidnapped';
  if (t === 'taken' && next === 'hostage') return 'kidnapped';
  return null;
}

/** Determiners that stand for one person when a singular noun follows: "a policeman", "their driver". */
const oneOf = new Set(['a', 'an', 'the', 'their', 'his', 'her', 'another']);

function startsMember(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  if (!t) return false;
  // "No one was killed" is a zero, read apart.
  if (tokens[k - 1]?.lower === 'no') return false;
  if (t.value !== null) return true;
  if (!oneOf.has(t.lower)) return false;
  // "and another injured"
  if (t.lower === 'another' && roleWord(tokens, k + 1)) return true;
  for (let j = k + 1; j <= k + 3 && j < tokens.length; j++) {
    const w = tokens[j]?.lower ?? '';
    if (singular.has(w)) {
      if (t.lower === 'a' || t.lower === 'an') return true;
      // "the train driver was critically injured": only with the verb, never "the soldier's family".
      let v = j + 1;
      while (auxiliaries.has(tokens[v]?.lower ?? '')) v++;
      return v > j + 1 && roleWord(tokens, v) !== null;
    }
    if (npStop.has(w) || !/^[a-z]/.test(w)) return false;
  }
  return false;
}

function parseMember(tokens: Token[], k: number): Member | null {
  const first = tokens[k];
  if (!first || !startsMember(tokens, k)) return null;
  const value = first.value ?? 1;
  if (!Number.isInteger(value) || value > 100_000) return null;
  let category: Category | null = null;
  let words = 0;
  let j = k + 1;
  for (; j < tokens.length && words < 4; j++) {
    const t = tokens[j];
    if (!t || t.value !== null || !/^[a-z]/i.test(t.text) || npStop.has(t.lower) || roleWord(tokens, j))
      break;
    words++;
    const c = categoryOf.get(t.lower);
    if (c && (category === null || category === 'generic')) category = c;
  }
  if (words === 0 && tokens[j]?.lower === 'of' && /^(?:the|these|those)$/.test(tokens[j + 1]?.lower ?? '')) {
    // "12 of the attackers": the people of the noun after "of the".
    const noun = categoryOf.get(tokens[j + 2]?.lower ?? '');
    if (noun) return { value, category: noun, next: j + 3 };
  }
  if (words === 0) category = 'generic'; // "two were killed", "3 dead"
  if (category === null) return null; // "328 incidents", "three days"
  return { value, category, next: j };
}

function parseGroup(tokens: Token[], i: number): Group | null {
  const head = parseMember(tokens, i);
  if (!head) return null;
  const heads = [head];
  const subsets: Member[] = [];
  let k = head.next;
  for (let guard = 0; guard < 8; guard++) {
    const t = tokens[k]?.lower;
    if (t === 'and' && startsMember(tokens, k + 1)) {
      const m = parseMember(tokens, k + 1);
      if (!m) break;
      heads.push(m);
      k = m.next;
    } else if (t === 'including' || (t === ',' && tokens[k + 1]?.lower === 'including')) {
      k += t === ',' ? 2 : 1;
      while (startsMember(tokens, k)) {
        const m = parseMember(tokens, k);
        if (!m) break;
        subsets.push(m);
        k = m.next;
        if (tokens[k]?.lower === 'and' || tokens[k]?.lower === ',') k++;
      }
      if (tokens[k]?.lower === ',') k++;
    } else if (t === 'among' && startsMember(tokens, k + 1)) {
      // "two Chinese citizens among three people were killed": the first is part of the second.
      const outer = parseGroup(tokens, k + 1);
      if (!outer) break;
      return { ...outer, subsets: [...heads, ...subsets, ...outer.subsets] };
    } else if (t === 'of' && head.category === 'generic') {
      // "three members of a family were killed"
      let j = k + 1;
      while (j < k + 5 && /^[a-z]/i.test(tokens[j]?.text ?? '') && !auxiliaries.has(tokens[j]?.lower ?? ''))
        j++;
      if (j === k + 1) break;
      k = j;
    } else break;
  }
  let j = k;
  // "Seven labourers from Punjab were shot dead": where they came from, then the verb.
  if (tokens[j]?.lower === 'from') {
    let v = j + 1;
    while (v < j + 5 && /^[A-Za-z]/.test(tokens[v]?.text ?? '') && !auxiliaries.has(tokens[v]?.lower ?? ''))
      v++;
    if (auxiliaries.has(tokens[v]?.lower ?? '')) j = v;
  }
  while (auxiliaries.has(tokens[j]?.lower ?? '')) j++;
  let role = roleWord(tokens, j);
  let anchor = tokens[j]?.start ?? 0;
  // "Two soldiers killed three militants": a count after the verb makes it active.
  if (role && j === k && startsMember(tokens, j + 1 + (tokens[j + 1]?.lower === 'dead' ? 1 : 0))) role = null;
  if (!role) {
    const before = tokens[i - 1]?.lower ?? '';
    const before2 = tokens[i - 2]?.lower ?? '';
    role = activeVerbs[before] ?? null;
    if (before === 'dead' && before2 === 'shot') role = 'killed';
    if (before === 'down' && before2 === 'gunned') role = 'killed';
    if (before === 'of' && before2 === 'lives') role = 'killed';
    anchor = tokens[i - 1]?.start ?? 0;
  }
  return { heads, subsets, role, anchor };
}

function emptyToll(): TollDraft {
  return { total: null, foreignNationals: null, civilians: null, security: null, militants: null };
}

function bump(toll: TollDraft, key: keyof TollDraft, value: number): void {
  toll[key] = Math.max(toll[key] ?? 0, value);
}

/** The counts a sentence states, or null when it states none. */
export function extractCasualties(sentence: string): Casualties | null {
  const { masked, numbers } = maskNumbers(sentence);
  const tokens: Token[] = [...masked.matchAll(/#\d+%?|[A-Za-z][A-Za-z'’-]*|[,;:()—–"“”]/g)].map((m) => {
    const n = /^#(\d+)$/.exec(m[0]);
    return {
      text: m[0],
      lower: m[0].toLowerCase(),
      start: m.index,
      value: n ? (numbers[Number(n[1])]?.value ?? null) : null,
    };
  });
  // Militants counted apart: "killing 18 soldiers before troops killed 12 of the attackers" is 18.
  const tolls: Record<
    Exclude<Role, 'kidnapped'>,
    { generic: number | null; attackers: number | null; toll: TollDraft }
  > = {
    killed: { generic: null, attackers: null, toll: emptyToll() },
    wounded: { generic: null, attackers: null, toll: emptyToll() },
  };
  let kidnapped: number | null = null;
  const anchors: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!startsMember(tokens, i)) continue;
    const group = parseGroup(tokens, i);
    if (!group?.role) continue;
    anchors.push(unmaskOffset(group.anchor, numbers));
    const members = [...group.heads, ...group.subsets];
    if (group.role === 'kidnapped') {
      const sum = group.heads.reduce((a, m) => a + m.value, 0);
      kidnapped = Math.max(kidnapped ?? 0, sum);
    } else {
      const slot = tolls[group.role];
      const headSum = group.heads.reduce((a, m) => a + m.value, 0);
      if (members.every((m) => m.category === 'militants')) {
        slot.attackers = Math.max(slot.attackers ?? 0, headSum);
      } else {
        for (const m of members) {
          if (m.category === 'generic') slot.generic = Math.max(slot.generic ?? 0, m.value);
          else bump(slot.toll, m.category, m.value);
        }
        slot.generic = Math.max(slot.generic ?? 0, headSum);
      }
    }
    const last = members.reduce((a, m) => Math.max(a, m.next), i);
    i = Math.max(i, last - 1);
  }
  const update = readUpdate(masked, numbers, anchors);
  if (update?.to != null) tolls.killed.generic = Math.max(tolls.killed.generic ?? 0, update.to);
  const result: Casualties = {
    killed: emptyToll(),
    wounded: emptyToll(),
    attackersKilled: null,
    kidnapped,
    anchors,
    update,
  };
  for (const role of ['killed', 'wounded'] as const) {
    const { generic, attackers, toll: t } = tolls[role];
    const parts = [t.foreignNationals, t.civilians, t.security, t.militants].filter(
      (n): n is number => n !== null,
    );
    const sum = parts.reduce((a, b) => a + b, 0);
    const victims = generic !== null || parts.length > 0 ? Math.max(generic ?? 0, sum) : null;
    if (victims === null) result[role] = { ...t, total: attackers, militants: attackers };
    else if (role === 'killed') {
      result.killed = { ...t, total: victims };
      result.attackersKilled = attackers;
    } else result.wounded = { ...t, total: victims };
  }
  for (const [role, at] of readNamed(sentence)) {
    if (tolls[role].generic !== null || tolls[role].attackers !== null) continue;
    result[role].total ??= 1;
    anchors.push(at);
  }
  for (const [role, at] of readZeros(sentence)) {
    result[role].total ??= 0;
    anchors.push(at);
  }
  const any = result.killed.total !== null || result.wounded.total !== null || kidnapped !== null;
  return any ? result : null;
}

/** "the death toll has risen to 10", "taking the toll to nine", "two more succumbed". */
function readUpdate(
  masked: string,
  numbers: readonly NumberMention[],
  anchors: number[],
): Casualties['update'] {
  const value = (i: string | undefined) => (i === undefined ? null : (numbers[Number(i)]?.value ?? null));
  const rose =
    /\b(?:death toll|toll)\b(?:\s+[\w'’-]+){0,20}?\s+(?:rose|climbed|jumped|reached|risen|stood|increased|mounted|gone up|went up)\s+(?:at\s+|to\s+)?#(\d+)\b|\b(?:taking|bringing|raising|pushing)\s+the\s+(?:death\s+)?toll\s+to\s+#(\d+)\b/i.exec(
      masked,
    );
  const more =
    /#(\d+)\s+more\b(?:\s+[\w'’-]+){0,4}?\s+(?:succumbed|died|passed away|were killed|have died|lost their lives)\b/i.exec(
      masked,
    );
  if (!rose && !more) return null;
  for (const m of [rose, more]) if (m) anchors.push(unmaskOffset(m.index, numbers));
  return { to: value(rose?.[1] ?? rose?.[2]), more: value(more?.[1]) };
}

/**
 * Tolls a sentence gives as none: "no one was killed" (killed 0), "no one was injured", "no one
 * was hurt" and "no casualties" (both 0: no one hurt is no one killed either).
 */
function readZeros(sentence: string): [Exclude<Role, 'kidnapped'>, number][] {
  const out: [Exclude<Role, 'kidnapped'>, number][] = [];
  const none =
    /\b(?:no(?:\s+one|body)|none)\b(?:\s+(?:was|were|got|has been|had been|is|are|of them))?(?:\s+(?:reportedly|immediately))?\s+((?:killed|died|dead|hurt|injured|wounded|harmed)(?:\s+or\s+(?:killed|hurt|injured|wounded|harmed))?)\b|\bno (?:casualties|casualty|injuries)\b|\bwithout (?:any )?casualties\b|\bno loss of (?:life|lives)\b/gi;
  for (const m of sentence.matchAll(none)) {
    const words = (m[1] ?? '').toLowerCase();
    const killedOnly = /^(?:killed|died|dead)$/.test(words) || /loss of/i.test(m[0]);
    out.push(['killed', m.index]);
    if (!killedOnly) out.push(['wounded', m.index]);
  }
  return out;
}

/**
 * One named victim: "Sub-inspector Gul Nawaz was shot dead", "Malik Habib Khan, a tribal elder,
 * was martyred". A name is two to four capitalised words; "was" makes it one person.
 */
function readNamed(sentence: string): [Exclude<Role, 'kidnapped'>, number][] {
  const named =
    /\b[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,3}(?:,[^,]{2,60},)?\s+was\s+(?:(?:critically|seriously|severely|fatally|reportedly|also|later|allegedly|mortally)\s+)?(martyred|killed|shot dead|gunned down|slain|injured|wounded|hurt)\b/g;
  const out: [Exclude<Role, 'kidnapped'>, number][] = [];
  for (const m of sentence.matchAll(named)) {
    const role = /^(?:injured|wounded|hurt)$/.test(m[1] ?? '') ? 'wounded' : 'killed';
    out.push([role, m.index + m[0].length - (m[1]?.length ?? 0)]);
  }
  return out;
}
