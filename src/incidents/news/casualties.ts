import { maskNumbers, unmaskOffset } from './numbers.js';

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
  kidnapped: number | null;
  /** Positions in the sentence of the words that carried a count ("killed", "injuring"). */
  anchors: number[];
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
      'police policeman policemen policewoman cop cops constable constables soldier soldiers troops trooper troopers personnel security fc frontier levies levy rangers army jawan jawans sepoy sepoys ctd officer officers cadets guard guards commandos paramilitary paramilitaries servicemen',
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
      'civilian civilians passerby passersby passers-by passer-by bystander bystanders child children woman women student students worshipper worshippers worshiper worshipers labourer labourers laborer laborers worker workers pilgrim pilgrims passenger passengers shopper shoppers villager villagers resident residents teacher teachers journalist journalists miner miners boy boys girl girls',
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
    'policeman policewoman cop constable soldier trooper jawan sepoy officer guard civilian child woman man person student worker labourer passer-by passerby journalist teacher foreigner national citizen engineer official militant terrorist attacker bomber boy girl',
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

function startsMember(tokens: Token[], k: number): boolean {
  const t = tokens[k];
  if (!t) return false;
  if (t.value !== null) return true;
  if (t.lower !== 'a' && t.lower !== 'an') return false;
  for (let j = k + 1; j <= k + 3 && j < tokens.length; j++) {
    const w = tokens[j]?.lower ?? '';
    if (singular.has(w)) return true;
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
  const tolls: Record<Exclude<Role, 'kidnapped'>, { generic: number | null; toll: TollDraft }> = {
    killed: { generic: null, toll: emptyToll() },
    wounded: { generic: null, toll: emptyToll() },
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
      for (const m of members) {
        if (m.category === 'generic') slot.generic = Math.max(slot.generic ?? 0, m.value);
        else bump(slot.toll, m.category, m.value);
      }
      const headSum = group.heads.reduce((a, m) => a + m.value, 0);
      slot.generic = Math.max(slot.generic ?? 0, headSum);
    }
    const last = members.reduce((a, m) => Math.max(a, m.next), i);
    i = Math.max(i, last - 1);
  }
  const toll =
    /\b(?:death toll|toll)\b(?:\s+\w+){0,3}?\s+(?:rose|climbed|jumped|reached|risen|stood|increased|mounted)\s+(?:at|to)\s+#(\d+)\b/i.exec(
      masked,
    );
  if (toll) {
    const n = numbers[Number(toll[1])]?.value;
    if (n !== undefined) tolls.killed.generic = Math.max(tolls.killed.generic ?? 0, n);
    anchors.push(unmaskOffset(toll.index, numbers));
  }
  const result: Casualties = { killed: emptyToll(), wounded: emptyToll(), kidnapped, anchors };
  for (const role of ['killed', 'wounded'] as const) {
    const { generic, toll: t } = tolls[role];
    const parts = [t.foreignNationals, t.civilians, t.security, t.militants].filter(
      (n): n is number => n !== null,
    );
    const sum = parts.reduce((a, b) => a + b, 0);
    result[role] = { ...t, total: generic !== null || parts.length > 0 ? Math.max(generic ?? 0, sum) : null };
  }
  const any = result.killed.total !== null || result.wounded.total !== null || kidnapped !== null;
  return any ? result : null;
}
