import { normaliseProvince } from '../incident.js';
import { extractAggregates } from './aggregate.js';
import { extractCasualties, type Casualties } from './casualties.js';
import {
  classifyEvent,
  classifyTarget,
  findPerpetrator,
  namesOneEvent,
  refersBack,
  reportingVerb,
  targetPriority,
  type DraftTarget,
  type DraftType,
  type EventCue,
  type Perpetrator,
} from './classify.js';
import { endOf, findDates, parseIsoDate, type DateMention, type DatePrecision } from './dates.js';
import { findPlaces, type PlaceMention } from './gazetteer.js';
import { splitSentences } from './sentences.js';

/**
 * Drafts incidents and aggregate statements from the plain text of a news article, for an analyst
 * to confirm: rule-based and offline, every value traced to the sentences it came from.
 */

export interface TollCounts {
  total: number | null;
  foreignNationals: number | null;
  civilians: number | null;
  security: number | null;
  militants: number | null;
}

export interface IncidentDraft {
  /** YYYY-MM-DD, the first day of the range when imprecise. */
  date: string | null;
  datePrecision: DatePrecision | null;
  place: {
    name: string | null;
    district: string | null;
    province: string | null;
    lat: number | null;
    lon: number | null;
    geoPrecision: 'place' | 'district' | 'province' | null;
  };
  type: DraftType;
  subType: string | null;
  perpetrator: string | null;
  claimed: boolean | null;
  target: DraftTarget | null;
  killed: TollCounts;
  wounded: TollCounts;
  kidnapped: number | null;
  evidence: string[];
}

export interface AggregateDraft {
  region: string | null;
  periodFrom: string;
  periodTo: string;
  killed: number | null;
  wounded: number | null;
  incidents: number | null;
  changePercent: number | null;
  concentration: {
    provinces: string[];
    fatalitiesSharePercent: number | null;
    incidentsSharePercent: number | null;
  } | null;
  source: string | null;
  evidence: string[];
}

interface Mention {
  sentence: string;
  cue: EventCue | null;
  casualties: Casualties | null;
  date: DateMention | null;
  place: PlaceMention | null;
  perpetrator: Perpetrator;
  target: DraftTarget | null;
  refersBack: boolean;
}

interface Working {
  draft: IncidentDraft;
  rank: number;
  shooting: boolean;
}

const precisionRank: Record<string, number> = {
  day: 4,
  week: 3,
  month: 2,
  year: 1,
  place: 3,
  district: 2,
  province: 1,
};
const groupOf: Record<DraftType, string> = {
  suicide_attack: 'explosive',
  ied: 'explosive',
  rocket_attack: 'explosive',
  drone_strike: 'explosive',
  armed_assault: 'firearm',
  targeted_killing: 'firearm',
  kidnapping: 'kidnapping',
  other: 'other',
};

function nearest(anchors: number[], start: number, end: number): number {
  if (anchors.length === 0) return 0;
  return Math.min(...anchors.map((a) => (a < start ? start - a : a > end ? a - end : 0)));
}

/** The date of the event, skipping dates of reports and statements ("Reuters reported on Monday"). */
function eventDate(sentence: string, published: string, anchors: number[]): DateMention | null {
  const candidates = findDates(sentence, published).filter((d) => {
    const before = sentence.slice(Math.max(0, d.start - 16), d.start);
    const after = sentence.slice(d.end, d.end + 16);
    const reported =
      new RegExp(`${reportingVerb.source}\\s*(?:on\\s*)?$`, 'i').test(before) ||
      new RegExp(`^\\s*(?:\\w+\\s+)?${reportingVerb.source}`, 'i').test(after);
    return !reported && nearest(anchors, d.start, d.end) <= 100;
  });
  candidates.sort((a, b) => nearest(anchors, a.start, a.end) - nearest(anchors, b.start, b.end));
  return candidates[0] ?? null;
}

/** Where the event happened: a place after "in"/"near"/"at" first, the most precise, nearest the cue. */
function eventPlace(sentence: string, anchors: number[]): PlaceMention | null {
  const places = findPlaces(sentence);
  // "in Balochistan's Kech district": Kech is as locative as Balochistan.
  const located = places.map((p, i) => {
    const prev = places[i - 1];
    return { ...p, locative: p.locative || (prev !== undefined && prev.locative && p.start - prev.end <= 4) };
  });
  const pool = located.some((p) => p.locative)
    ? located.filter((p) => p.locative)
    : located.filter((p) => nearest(anchors, p.start, p.end) <= 50);
  pool.sort(
    (a, b) =>
      (precisionRank[b.precision] ?? 0) - (precisionRank[a.precision] ?? 0) ||
      nearest(anchors, a.start, a.end) - nearest(anchors, b.start, b.end),
  );
  const best = pool[0];
  if (!best) return null;
  const province = best.province ?? located.find((p) => p.precision === 'province')?.province ?? null;
  return { ...best, province };
}

function readMention(sentence: string, published: string): Mention | null {
  const cue = classifyEvent(sentence);
  const casualties = extractCasualties(sentence);
  const perpetrator = findPerpetrator(sentence);
  const anchors = [...(cue?.anchors ?? []), ...(casualties?.anchors ?? [])];
  const date = eventDate(sentence, published, anchors);
  const place = eventPlace(sentence, anchors);
  const specific = cue !== null && (casualties !== null || namesOneEvent(sentence));
  const countsOnly = cue === null && casualties !== null && (date !== null || place !== null);
  const claimOnly = perpetrator.claimed !== null && perpetrator.perpetrator !== null;
  if (!specific && !countsOnly && !claimOnly) return null;
  return {
    sentence,
    cue,
    casualties,
    date,
    place,
    perpetrator,
    target: classifyTarget(sentence),
    refersBack: refersBack(sentence) || (claimOnly && !specific),
  };
}

function emptyToll(): TollCounts {
  return { total: null, foreignNationals: null, civilians: null, security: null, militants: null };
}

function newWorking(): Working {
  return {
    draft: {
      date: null,
      datePrecision: null,
      place: { name: null, district: null, province: null, lat: null, lon: null, geoPrecision: null },
      type: 'other',
      subType: null,
      perpetrator: null,
      claimed: null,
      target: null,
      killed: emptyToll(),
      wounded: emptyToll(),
      kidnapped: null,
      evidence: [],
    },
    rank: -1,
    shooting: false,
  };
}

function overlaps(a: IncidentDraft, m: Mention): boolean {
  if (!a.date || !a.datePrecision || !m.date) return true;
  return a.date <= endOf(m.date.date, m.date.precision) && m.date.date <= endOf(a.date, a.datePrecision);
}

function samePlace(a: IncidentDraft['place'], p: PlaceMention): boolean | null {
  if (!a.geoPrecision) return null;
  if (a.name && p.name) return a.name === p.name;
  if (a.district && p.district) return a.district === p.district;
  return normaliseProvince(a.province) === normaliseProvince(p.province);
}

/** The draft a mention tells more about, if any. */
function findDraft(drafts: Working[], m: Mention): Working | null {
  for (const w of [...drafts].reverse()) {
    const d = w.draft;
    const place = m.place ? samePlace(d.place, m.place) : null;
    if (place === false) continue;
    if (!overlaps(d, m)) continue;
    const killed = m.casualties?.killed.total;
    if (killed != null && d.killed.total != null && killed !== d.killed.total) continue;
    if (m.cue && m.cue.rank >= 3 && w.rank >= 3 && groupOf[m.cue.type] !== groupOf[d.type]) continue;
    const sameDay = d.datePrecision === 'day' && m.date?.precision === 'day' && d.date === m.date.date;
    if (place === true || sameDay || m.refersBack) return w;
  }
  return null;
}

function mergeToll(into: TollCounts, from: TollCounts): void {
  for (const key of Object.keys(into) as (keyof TollCounts)[]) {
    const v = from[key];
    if (v !== null) into[key] = Math.max(into[key] ?? 0, v);
  }
}

function absorb(w: Working, m: Mention): void {
  const d = w.draft;
  if (m.cue && m.cue.rank > w.rank) {
    d.type = m.cue.type;
    w.rank = m.cue.rank;
  }
  d.subType ??= m.cue?.subType ?? null;
  w.shooting ||= m.cue?.shooting ?? false;
  if (m.date && (precisionRank[m.date.precision] ?? 0) > (precisionRank[d.datePrecision ?? ''] ?? 0)) {
    d.date = m.date.date;
    d.datePrecision = m.date.precision;
  }
  const p = m.place;
  if (p && (precisionRank[p.precision] ?? 0) > (precisionRank[d.place.geoPrecision ?? ''] ?? 0)) {
    d.place = {
      name: p.name,
      district: p.district ?? d.place.district,
      province: normaliseProvince(p.province) ?? d.place.province,
      lat: p.lat,
      lon: p.lon,
      geoPrecision: p.precision,
    };
  }
  const { perpetrator, claimed } = m.perpetrator;
  if (
    perpetrator &&
    (!d.perpetrator || (perpetrator.startsWith(d.perpetrator) && perpetrator.length > d.perpetrator.length))
  )
    d.perpetrator = perpetrator;
  if (claimed === true || (claimed === false && d.claimed === null)) d.claimed = claimed;
  if (m.target && (d.target === null || targetPriority.indexOf(m.target) < targetPriority.indexOf(d.target)))
    d.target = m.target;
  if (m.casualties) {
    mergeToll(d.killed, m.casualties.killed);
    mergeToll(d.wounded, m.casualties.wounded);
    if (m.casualties.kidnapped !== null) d.kidnapped = Math.max(d.kidnapped ?? 0, m.casualties.kidnapped);
  }
  if (!d.evidence.includes(m.sentence)) d.evidence.push(m.sentence);
}

function finish(w: Working): IncidentDraft {
  const d = w.draft;
  if (w.shooting && w.rank <= 2 && (d.killed.total ?? 0) <= 2) d.type = 'targeted_killing';
  if (w.rank < 0 && d.kidnapped !== null) d.type = 'kidnapping';
  if (d.target === null) {
    if (d.killed.foreignNationals || d.wounded.foreignNationals) d.target = 'foreign_nationals';
    else if (d.killed.security || d.wounded.security) d.target = 'security_forces';
    else if (d.killed.civilians || d.wounded.civilians) d.target = 'civilians';
  }
  return d;
}

/** Incident drafts and aggregate statements in an article published on `published` (YYYY-MM-DD). */
export function extractFromArticle(
  text: string,
  published: string,
): { incidents: IncidentDraft[]; aggregates: AggregateDraft[] } {
  parseIsoDate(published);
  const sentences = splitSentences(text);
  const { aggregates, used } = extractAggregates(sentences, published);
  const drafts: Working[] = [];
  for (const [i, sentence] of sentences.entries()) {
    if (used.has(i)) continue;
    const m = readMention(sentence, published);
    if (!m) continue;
    const target = findDraft(drafts, m);
    if (target) {
      absorb(target, m);
      continue;
    }
    // A new draft needs something to stand on: a toll, a place, a date or a claim.
    const grounded =
      m.casualties !== null || m.place !== null || m.date !== null || m.perpetrator.perpetrator !== null;
    if (!grounded || (m.refersBack && !m.cue && !m.casualties)) continue;
    const w = newWorking();
    absorb(w, m);
    drafts.push(w);
  }
  return { incidents: drafts.map(finish), aggregates };
}
