/**
 * The noun groups of a casualty count, pure: "three policemen and two civilians", "12 people,
 * including two soldiers", with who they are (the lexicon) and what befell them (killed, wounded,
 * kidnapped). casualties.ts adds the groups of a sentence up into its tolls.
 */

/** A list of words written as one string, to keep the lexicon readable. */
function words(list: string): string[] {
  return list.split(' ');
}

export type Category = 'foreignNationals' | 'civilians' | 'security' | 'militants' | 'generic';
export type Role = 'killed' | 'wounded' | 'kidnapped';

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

export interface Token {
  text: string;
  lower: string;
  start: number;
  value: number | null;
}

export interface Member {
  value: number;
  category: Category;
  next: number;
}

export interface Group {
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

export function startsMember(tokens: Token[], k: number): boolean {
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

export function parseGroup(tokens: Token[], i: number): Group | null {
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
