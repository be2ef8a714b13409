import { normaliseProvince } from '../incident.js';
import { extractCasualties } from './casualties.js';
import { findPeriod } from './dates.js';
import type { AggregateDraft } from './extract.js';
import { findPlaces } from './gazetteer.js';
import { maskNumbers } from './numbers.js';

/**
 * Aggregate statements: the period figures of a think tank's report ("a total of 722 people were
 * killed … in as many as 328 incidents", "a 90% surge", "nearly 97% of these fatalities occurred in
 * KP and Balochistan"), gathered over the consecutive sentences that report them.
 */

interface Figures {
  killed: number | null;
  wounded: number | null;
  incidents: number | null;
  changePercent: number | null;
  fatalitiesShare: number | null;
  incidentsShare: number | null;
  provinces: string[];
  sameProvinces: boolean;
}

const thinkTanks: [RegExp, string][] = [
  [
    /\bCentre for Research and Security Studies\b|\bCRSS\b/,
    'Centre for Research and Security Studies (CRSS)',
  ],
  [
    /\bPakistan Institute for Conflict and Security Studies\b|\bPICSS\b/,
    'Pakistan Institute for Conflict and Security Studies (PICSS)',
  ],
  [/\bPak(?:istan)? Institute (?:for|of) Peace Studies\b|\bPIPS\b/, 'Pak Institute for Peace Studies (PIPS)'],
  [/\bSouth Asia Terrorism Portal\b|\bSATP\b/, 'South Asia Terrorism Portal (SATP)'],
  [
    /\bArmed Conflict Location (?:&|and) Event Data\b|\bACLED\b/,
    'Armed Conflict Location & Event Data (ACLED)',
  ],
  [/\bHuman Rights Commission of Pakistan\b|\bHRCP\b/, 'Human Rights Commission of Pakistan (HRCP)'],
];
const name = `((?:[A-Z][\\w'’&-]*)(?:\\s+(?:(?:for|and|of|on|in|&|the)\\s+)*[A-Z][\\w'’&-]*)*(?:\\s*\\([A-Z]{2,}\\))?)`;
const sourcePatterns = [
  new RegExp(
    `\\b(?:report|data|figures|statistics|study|survey|findings|report card)\\s+(?:issued|released|published|compiled|prepared|shared)\\s+by\\s+(?:the\\s+)?${name}`,
  ),
  new RegExp(`\\b(?:[Aa]ccording to|[Aa]s per|[Cc]iting)\\s+(?:the\\s+)?${name}`),
];

/** The think tank or report a sentence cites, the known ones under their full name. */
export function findSource(sentence: string): string | null {
  for (const pattern of sourcePatterns) {
    const m = pattern.exec(sentence);
    const cited = m?.[1]?.trim();
    if (!cited) continue;
    const known = thinkTanks.find(([p]) => p.test(cited));
    return known ? known[1] : cited;
  }
  return thinkTanks.find(([p]) => p.test(sentence))?.[1] ?? null;
}

function figures(sentence: string): Figures {
  const { masked, numbers } = maskNumbers(sentence);
  const value = (i: string | undefined) => (i === undefined ? null : (numbers[Number(i)]?.value ?? null));
  const casualties = extractCasualties(sentence);
  let killed = casualties?.killed.total ?? null;
  const fatal =
    /#(\d+)\s+(?:(?:people|persons)\s+)?(?:fatalities|deaths)\b|\bclaimed\s+#(\d+)\s+lives\b/i.exec(masked);
  if (killed === null && fatal) killed = value(fatal[1] ?? fatal[2]);
  const incidents =
    /#(\d+)\s+(?:(?:terrorist|terror|violent|militant|separate|reported|recorded|major|such)\s+){0,2}(?:incidents|attacks)\b/i.exec(
      masked,
    );
  let changePercent: number | null = null;
  const up =
    /#(\d+)%\s+(?:surge|increase|rise|jump|spike|hike|escalation|uptick|growth)\b|\b(?:increased|rose|surged|jumped|spiked|climbed|soared|grew|went up)\s+(?:by\s+)?(?:a\s+)?#(\d+)%|\b(?:increase|rise|surge|jump|spike)\s+of\s+#(\d+)%/i.exec(
      masked,
    );
  const down =
    /#(\d+)%\s+(?:decline|decrease|drop|fall|reduction|dip)\b|\b(?:decreased|declined|dropped|fell|went down)\s+(?:by\s+)?#(\d+)%|\b(?:decline|decrease|drop|fall|reduction)\s+of\s+#(\d+)%/i.exec(
      masked,
    );
  if (up) changePercent = value(up[1] ?? up[2] ?? up[3]);
  else if (down) {
    const v = value(down[1] ?? down[2] ?? down[3]);
    changePercent = v === null ? null : -v;
  }
  let fatalitiesShare: number | null = null;
  let incidentsShare: number | null = null;
  const share =
    /#(\d+)%\s+of\s+(?:(?:the|these|all|total|those|such)\s+)?(?:[\w’'-]+\s+){0,2}?(fatalities|deaths|killings|casualties|incidents|attacks|violence)\b/gi;
  for (const m of masked.matchAll(share)) {
    const v = value(m[1]);
    if (/^(?:fatalities|deaths|killings|casualties)$/i.test(m[2] ?? '')) fatalitiesShare ??= v;
    else incidentsShare ??= v;
  }
  const provinces: string[] = [];
  for (const p of findPlaces(sentence)) {
    const province = normaliseProvince(p.province);
    if (p.precision === 'province' && province && !provinces.includes(province)) provinces.push(province);
  }
  return {
    killed,
    wounded: casualties?.wounded.total ?? null,
    incidents: incidents ? value(incidents[1]) : null,
    changePercent,
    fatalitiesShare,
    incidentsShare,
    provinces,
    sameProvinces: /\b(?:the same|these|both|the two) provinces\b/i.test(sentence),
  };
}

function hasFigures(f: Figures): boolean {
  return (
    f.killed !== null ||
    f.wounded !== null ||
    f.incidents !== null ||
    f.changePercent !== null ||
    f.fatalitiesShare !== null ||
    f.incidentsShare !== null
  );
}

const continuation =
  /\bperiod under review\b|\b(?:these|the) (?:fatalities|incidents|attacks|deaths)\b|\bduring the (?:quarter|period|year|month|half)\b|\bin the same period\b|\bthe quarter\b|\bin total\b|%/i;

/**
 * The aggregate statements of an article, and the indices of the sentences they used (so those
 * are not also read as single incidents).
 */
export function extractAggregates(
  sentences: readonly string[],
  published: string,
): { aggregates: AggregateDraft[]; used: Set<number> } {
  const aggregates: AggregateDraft[] = [];
  const used = new Set<number>();
  const mentionsPakistan = sentences.some((s) => /\bPakistan\b/.test(s));
  let current: AggregateDraft | null = null;
  let lastIndex = -10;
  for (const [i, sentence] of sentences.entries()) {
    const period = findPeriod(sentence, published);
    const f = figures(sentence);
    const source = findSource(sentence);
    const reportPeriod = period && ['range', 'quarter', 'half', 'to_date'].includes(period.kind);
    const strongFigures = f.incidents !== null || f.changePercent !== null || f.fatalitiesShare !== null;
    const opens = period && (reportPeriod ? hasFigures(f) || source !== null : strongFigures);
    const continues = current && i - lastIndex <= 2 && hasFigures(f) && continuation.test(sentence);
    if (!opens && !continues) continue;
    if (
      opens &&
      period &&
      !(current && current.periodFrom === period.from && current.periodTo === period.to)
    ) {
      // "240 fatalities in Balochistan between January and March": the figures are one province's.
      const located = findPlaces(sentence).filter((p) => p.locative && p.precision === 'province');
      const scoped =
        located.length === 1 && f.fatalitiesShare === null && f.incidentsShare === null
          ? normaliseProvince(located[0]?.province)
          : null;
      current = {
        region: scoped ?? (mentionsPakistan ? 'Pakistan' : null),
        periodFrom: period.from,
        periodTo: period.to,
        killed: null,
        wounded: null,
        incidents: null,
        changePercent: null,
        concentration: null,
        source: null,
        evidence: [],
      };
      aggregates.push(current);
    }
    if (!current) continue;
    merge(current, f, source);
    current.evidence.push(sentence);
    used.add(i);
    lastIndex = i;
  }
  return { aggregates, used };
}

function merge(into: AggregateDraft, f: Figures, source: string | null): void {
  into.killed ??= f.killed;
  into.wounded ??= f.wounded;
  into.incidents ??= f.incidents;
  into.changePercent ??= f.changePercent;
  into.source ??= source;
  if (f.fatalitiesShare !== null || f.incidentsShare !== null) {
    const c = (into.concentration ??= {
      provinces: [],
      fatalitiesSharePercent: null,
      incidentsSharePercent: null,
    });
    if (f.provinces.length > 0 && !(f.sameProvinces && c.provinces.length > 0)) c.provinces = f.provinces;
    c.fatalitiesSharePercent ??= f.fatalitiesShare;
    c.incidentsSharePercent ??= f.incidentsShare;
  }
}
