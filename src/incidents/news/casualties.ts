import { parseGroup, type Role, startsMember, type Token } from './casualty-groups.js';
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
