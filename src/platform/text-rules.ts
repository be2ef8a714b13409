import { z } from 'zod';

/**
 * What stored text may hold. Invisible characters let one record pass for another: a bidirectional
 * override shows `gpj.exe` as `exe.jpg`, a zero-width space makes two equal-looking names differ,
 * NUL truncates the text in C tools. Pure; the HTTP body parser and the name schemas use it.
 */

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** Characters no text we store may carry, with the reason a user is told. */
function forbiddenAnywhere(codePoint: number): string | undefined {
  if (codePoint === 0) return 'a NUL character';
  if (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d) return undefined;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'a control character';
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) {
    return 'a bidirectional override or isolate';
  }
  return undefined;
}

const isLetterOrMark = (char: string | undefined) => char !== undefined && /[\p{L}\p{M}]/u.test(char);

/**
 * Characters a name may not carry besides: line breaks, tabs and invisible format characters.
 * ZWNJ and ZWJ stay allowed between letters, where Urdu, Persian and Indic names need them.
 */
function forbiddenInName(codePoint: number, before: string | undefined, after: string | undefined) {
  if (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d) return 'a line break or tab';
  if (codePoint === 0x200c || codePoint === 0x200d) {
    return isLetterOrMark(before) && isLetterOrMark(after) ? undefined : 'a zero-width joiner outside a word';
  }
  if (/\p{Cf}/u.test(String.fromCodePoint(codePoint))) return 'an invisible formatting character';
  return undefined;
}

/** The first character `text` may not hold, described for an error message; undefined when clean. */
export function forbiddenCharacter(text: string, kind: 'text' | 'name'): string | undefined {
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const codePoint = chars[i]!.codePointAt(0)!;
    const why =
      forbiddenAnywhere(codePoint) ??
      (kind === 'name' ? forbiddenInName(codePoint, chars[i - 1], chars[i + 1]) : undefined);
    if (why) return `contains ${why} (${hex(codePoint)}) at character ${i + 1}`;
  }
  return undefined;
}

/** The path and reason of the first string anywhere in a parsed JSON value that breaks the rule. */
export function firstForbiddenString(
  value: unknown,
  path: string[] = [],
): { path: string[]; why: string } | undefined {
  if (typeof value === 'string') {
    const why = forbiddenCharacter(value, 'text');
    return why ? { path, why } : undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const keyWhy = forbiddenCharacter(key, 'text');
      if (keyWhy) return { path: [...path, key], why: `its name ${keyWhy}` };
      const found = firstForbiddenString(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** A person's, place's or thing's name: trimmed, NFC, 1 to `max` characters, nothing invisible. */
export function nameText(max: number) {
  return z
    .string()
    .trim()
    .normalize('NFC')
    .min(1)
    .max(max)
    .superRefine((value, context) => {
      const why = forbiddenCharacter(value, 'name');
      if (why) context.addIssue({ code: 'custom', message: why });
    });
}
