/**
 * Sentence splitting for news text. A full stop ends a sentence only when it is followed by space
 * and something that can start one, and is not the dot of an abbreviation ("Mr.", "Oct.", "U.S."),
 * an initial ("A. Khan") or a decimal ("1.5"). Blank lines and headline lines end a sentence too.
 */

const abbreviations = new Set(
  'mr mrs ms dr prof gen lt col maj capt brig sgt cpl insp supt st jr sr no nos vs etc jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun govt dept approx inc ltd co corp hon rs pvt ssp sp dig igp dsp'.split(
    ' ',
  ),
);

/** The word just before position `dot`, letters and inner dots only ("U.S" for "U.S."). */
function wordBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[A-Za-z.]/.test(text[i - 1] ?? '')) i--;
  return text.slice(i, dot);
}

const lowercaseAbbreviations = new Set(['etc', 'vs', 'approx']);

function isAbbreviation(word: string): boolean {
  if (/^[A-Z]$/.test(word)) return true; // an initial
  if (/^[A-Za-z]+\.[A-Za-z.]+$/.test(word)) return !/^[ap]\.m$/i.test(word); // "U.S", "e.g"
  const key = word.toLowerCase();
  // "No.", "Sun." and "Mar." are abbreviations only when capitalised; "no." ends a sentence.
  return lowercaseAbbreviations.has(key) || (/^[A-Z]/.test(word) && abbreviations.has(key));
}

/** Splits one paragraph (no line breaks) into sentences. */
function splitParagraph(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  const boundary = /([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘([]?[A-Z0-9])/g;
  for (const m of paragraph.matchAll(boundary)) {
    const end = m.index + (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
    const before = wordBefore(paragraph, m.index);
    if (m[1] === '.' && isAbbreviation(before)) continue;
    // "p. 5", "para. 3": a lowercase word then a digit is a reference, not a new sentence.
    if (m[1] === '.' && /^[a-z]+$/.test(before) && /\d/.test(paragraph[m.index + m[0].length] ?? ''))
      continue;
    const sentence = paragraph.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** The sentences of a plain-text article, in order, trimmed, whitespace collapsed. */
export function splitSentences(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // Join hard-wrapped lines: a line continues the previous one unless that one ended a sentence,
  // or was a short headline-like line and the new one starts with a capital.
  const paragraphs: string[] = [];
  let current = '';
  let previous = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      if (current) paragraphs.push(current);
      current = '';
      previous = '';
      continue;
    }
    const open = current !== '' && !/[.!?…:"'”’]$/.test(current);
    const continues = open && (/^[a-z0-9(]/.test(line) || previous.length >= 60);
    if (continues) current += ' ' + line;
    else {
      if (current) paragraphs.push(current);
      current = line;
    }
    previous = line;
  }
  if (current) paragraphs.push(current);
  return paragraphs.flatMap((p) => splitParagraph(p.replace(/\s+/g, ' ')));
}
