/**
 * What a scraper leaves around an article's text and is not part of it: the headline, title,
 * byline and publication date above the body, "Read more" teasers, wire sign-offs ("Reporting by
 * …", "Copyright …") and the dateline that opens the first paragraph ("QUETTA:", "ISLAMABAD,
 * March 11 (Reuters) -"). Headlines repeat the body with older figures and datelines carry the
 * publication date, so reading them drafts duplicates and takes the wrong date. A local dateline
 * ("PESHAWAR:", no agency) names where the story was filed: the place of last resort.
 */

const teaser =
  /^(?:read more|read also|also read|related|recommended|see also|watch|listen|more from|more on this|click here)\b\s*[:|–—-]/i;
const signOff =
  /^\(?(?:reporting by|writing by|editing by|additional reporting|compiled by|with input from|copyright|©|all rights reserved)\b/i;
const endsSentence = /[.!?…"'”’)]$/;
/** "QUETTA:", "DERA ISMAIL KHAN:", "ISLAMABAD, Oct. 7 (Xinhua) --", "PESHAWAR, Pakistan (AP) —". */
const dateline =
  /^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][A-Za-z]*\.?(?:\s+\d{1,2})?)*(?:\s*\([A-Za-z .]{2,20}\))?\s*(?::|--|[-—–])\s+(?=\S)/;

/** The article's own text (its lines without the scraper's, the dateline cut), and where it was filed. */
export function articleParts(text: string): { body: string; filedFrom: string | null } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let filedFrom: string | null = null;
  let inBody = false;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (teaser.test(line) || signOff.test(line)) continue;
    if (!inBody) {
      if (!line) continue;
      const next =
        lines
          .slice(i + 1)
          .find((l) => l.trim())
          ?.trim() ?? '';
      // Above the body every line is a headline, title, byline or date: none ends a sentence, and
      // none runs on into a lowercase line, as a hard-wrapped first sentence would.
      const cut = line.replace(dateline, '');
      const opensBody = cut !== line || endsSentence.test(line) || /^[a-z]/.test(next) || !next;
      if (!opensBody) continue;
      inBody = true;
      filedFrom = /^([A-Z][A-Z .'-]{2,40}):\s/.exec(line)?.[1]?.trim() ?? null;
      out.push(cut);
      continue;
    }
    out.push(raw);
  }
  return { body: out.join('\n'), filedFrom };
}
