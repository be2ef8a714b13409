/**
 * Numbers as news text writes them: digits ("722", "1,234", "1.5"), words ("three",
 * "twenty-five", "a dozen", "one hundred and five"), with a qualifier ("over 20", "at least 5").
 */

/** The numbers written as one word, below a hundred. */
export const numberWords: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const scales: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

export type Qualifier = 'exact' | 'at_least' | 'at_most' | 'about';

export interface NumberMention {
  value: number;
  qualifier: Qualifier;
  /** True for "40%", "40 percent", "40 per cent". */
  percent: boolean;
  start: number;
  end: number;
  text: string;
}

// Longest first, so "seventeen" is not read as "seven".
const word = `(?:${[...Object.keys(numberWords), ...Object.keys(scales), 'dozen']
  .sort((a, b) => b.length - a.length)
  .join('|')})`;
const qualifiers: [RegExp, Qualifier][] = [
  [/^(?:at least|more than|over|upwards of|as many as|no fewer than|not less than)$/i, 'at_least'],
  [/^(?:up to|at most|fewer than|less than|under|no more than)$/i, 'at_most'],
  [/^(?:nearly|almost|around|about|some|approximately|roughly|close to|an estimated)$/i, 'about'],
];
const qualifierPattern =
  '(?:at least|more than|over|upwards of|as many as|no fewer than|not less than|up to|at most|fewer than|less than|under|no more than|nearly|almost|around|about|some|approximately|roughly|close to|an estimated|a total of)';
const numberPattern = new RegExp(
  `\\b(?:(${qualifierPattern})\\s+)?(` +
    `(?:an?\\s+)?${word}(?:(?:\\s+|-)(?:and\\s+)?${word})*` +
    `|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?` +
    `)\\b(\\s?(?:%|per\\s?cent\\b))?`,
  'gi',
);

/** The value of a number written in words ("twenty-five", "a dozen") or digits; null if not one. */
export function parseNumber(text: string): number | null {
  const raw = text.trim().toLowerCase();
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(raw)) return Number(raw.replace(/,/g, ''));
  const parts = raw.split(/[\s-]+/).filter((p) => p !== 'and');
  if (parts.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const [i, part] of parts.entries()) {
    if ((part === 'a' || part === 'an') && i === 0) {
      current = 1;
      continue;
    }
    const unit = numberWords[part];
    const scale = scales[part];
    if (unit !== undefined) {
      current += unit;
      seen = true;
    } else if (part === 'dozen') {
      current = (current || 1) * 12;
      seen = true;
    } else if (scale !== undefined) {
      current = (current || 1) * scale;
      if (scale >= 1000) {
        total += current;
        current = 0;
      }
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}

/** The count a phrase such as "over 20", "a dozen" or "three" states, ignoring its qualifier. */
export function parseCount(text: string): number | null {
  const [first] = findNumbers(text);
  return first ? first.value : null;
}

function qualifierOf(text: string | undefined): Qualifier {
  if (!text) return 'exact';
  for (const [pattern, q] of qualifiers) if (pattern.test(text)) return q;
  return 'exact';
}

/** Every number in `text`, with its qualifier and position; "a" or "an" alone is not a number. */
export function findNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const m of text.matchAll(numberPattern)) {
    const body = m[2] ?? '';
    if (/^an?$/i.test(body.trim())) continue;
    const value = parseNumber(body);
    if (value === null) continue;
    out.push({
      value,
      qualifier: qualifierOf(m[1]),
      percent: m[3] !== undefined,
      start: m.index,
      end: m.index + m[0].length,
      text: m[0],
    });
  }
  return out;
}

/**
 * The text with every number replaced by a placeholder `#i` (`#i%` for a percentage), so rules can
 * be written as patterns over words and placeholders; `numbers[i]` is the number behind `#i`.
 */
export function maskNumbers(text: string): { masked: string; numbers: NumberMention[] } {
  const numbers = findNumbers(text);
  let masked = '';
  let at = 0;
  numbers.forEach((n, i) => {
    masked += text.slice(at, n.start) + `#${i}` + (n.percent ? '%' : '');
    at = n.end;
  });
  masked += text.slice(at);
  return { masked, numbers };
}

/** The position in the original text of position `at` in the masked text of `numbers`. */
export function unmaskOffset(at: number, numbers: readonly NumberMention[]): number {
  let shift = 0;
  let maskedPos = 0;
  let originalPos = 0;
  for (const [i, n] of numbers.entries()) {
    const placeholder = `#${i}` + (n.percent ? '%' : '');
    maskedPos += n.start - originalPos;
    if (at < maskedPos + placeholder.length) return at + shift;
    shift += n.end - n.start - placeholder.length;
    maskedPos += placeholder.length;
    originalPos = n.end;
  }
  return at + shift;
}
