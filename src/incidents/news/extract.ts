import { normaliseProvince } from '../incident.js';
import { extractAggregates } from './aggregate.js';
import { isBackground, sumsUp, targetPriority, type DraftTarget, type DraftType } from './classify.js';
import { endOf, parseIsoDate, type DateMention, type DatePrecision } from './dates.js';
import { lookupPlace, type GazetteerEntry, type PlaceMention } from './gazetteer.js';
import { articleParts } from './scraper-noise.js';
import { type Mention, precisionRank, readMention } from './mention.js';
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
  /** The victims: everyone killed but attackers the article counts apart. */
  killed: TollCounts;
  wounded: TollCounts;
  /** Attackers killed, told apart from the victims ("security forces killed four terrorists"). */
  attackersKilled: number | null;
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

interface Working {
  draft: IncidentDraft;
  rank: number;
  shooting: boolean;
  /** Whether a sentence gave the victims' toll (not only attackers killed). */
  victims: boolean;
  /** Whether the toll was updated ("has risen to 10"), so earlier, lower figures are not another incident. */
  updated: boolean;
  /** The day of the event last named before this draft began, for a draft that names none. */
  context: DateMention | null;
}

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
      attackersKilled: null,
      kidnapped: null,
      evidence: [],
    },
    rank: -1,
    shooting: false,
    victims: false,
    updated: false,
    context: null,
  };
}

function overlaps(a: IncidentDraft, m: Mention): boolean {
  if (!a.date || !a.datePrecision || !m.date) return true;
  return a.date <= endOf(m.date.date, m.date.precision) && m.date.date <= endOf(a.date, a.datePrecision);
}

function samePlace(a: IncidentDraft['place'], p: PlaceMention): boolean | null {
  if (!a.geoPrecision) return null;
  // "on the outskirts of Quetta" then "in the Margat area" (of Quetta district): one place.
  if ((a.name && a.name === p.district) || (p.name && p.name === a.district)) return true;
  if (a.name && p.name) return a.name === p.name;
  if (a.district && p.district) return a.district === p.district;
  return normaliseProvince(a.province) === normaliseProvince(p.province);
}

/**
 * The draft a mention tells more about, if any. A background mention ("last month") joins only a
 * draft it names the place, day or event of.
 */
function findDraft(drafts: Working[], m: Mention, background = false): Working | null {
  if (m.another) return null;
  const last = drafts[drafts.length - 1];
  // "The death toll has risen to 10": the incident just told, or the one in the same place.
  if (m.casualties?.update && !background) {
    const there = m.place ? drafts.findLast((w) => samePlace(w.draft.place, m.place!) === true) : undefined;
    return there ?? last ?? null;
  }
  for (const w of [...drafts].reverse()) {
    const d = w.draft;
    const place = m.place ? samePlace(d.place, m.place) : null;
    // "The bombing occurred in …" speaks of the incident told, somewhere in its province.
    const sameProvince =
      m.place !== null && normaliseProvince(m.place.province) === normaliseProvince(d.place.province);
    if (place === false && !(m.refersBack && sameProvince)) continue;
    if (!overlaps(d, m)) continue;
    const killed = m.casualties?.killed.total;
    const comparable = !m.attackersOnly && w.victims && !w.updated;
    if (comparable && killed != null && d.killed.total != null && killed !== d.killed.total) continue;
    if (m.cue && m.cue.rank >= 3 && w.rank >= 3 && groupOf[m.cue.type] !== groupOf[d.type]) continue;
    const sameDay = d.datePrecision === 'day' && m.date?.precision === 'day' && d.date === m.date.date;
    // A sentence that names neither place nor day goes on about the incident just told.
    const followsOn = w === last && !m.place && !m.date && !background;
    if (place === true || sameDay || m.refersBack || followsOn) return w;
  }
  return null;
}

function mergeToll(into: TollCounts, from: TollCounts): void {
  for (const key of Object.keys(into) as (keyof TollCounts)[]) {
    const v = from[key];
    if (v !== null) into[key] = Math.max(into[key] ?? 0, v);
  }
}

/**
 * Adds a sentence's killed to the draft's: attackers killed apart from the victims, an update
 * ("risen to 10", "two more succumbed") raising the toll, the victims' figure replacing one that
 * counted only attackers.
 */
function absorbKilled(w: Working, m: Mention): void {
  const d = w.draft;
  const killed = d.killed;
  const from = m.casualties!.killed;
  const update = m.casualties!.update;
  const addAttackers = (n: number | null) => {
    if (n !== null) d.attackersKilled = Math.max(d.attackersKilled ?? 0, n);
  };
  if (m.attackersOnly && w.victims) {
    addAttackers(from.militants);
    return;
  }
  if (update) {
    w.updated = true;
    if (update.to !== null) killed.total = Math.max(killed.total ?? 0, update.to);
    else if (update.more !== null) killed.total = (killed.total ?? 0) + update.more;
    w.victims = true;
    return;
  }
  if (!m.attackersOnly && !w.victims && from.total !== null) {
    // The first victims' figure: what came before counted only attackers.
    addAttackers(killed.militants);
    killed.total = null;
    killed.militants = null;
    w.victims = true;
  }
  mergeToll(killed, from);
  addAttackers(m.casualties!.attackersKilled);
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
    absorbKilled(w, m);
    mergeToll(d.wounded, m.casualties.wounded);
    if (m.casualties.kidnapped !== null) d.kidnapped = Math.max(d.kidnapped ?? 0, m.casualties.kidnapped);
  }
  if (!d.evidence.includes(m.sentence)) d.evidence.push(m.sentence);
}

/** The town a local dateline names ("PESHAWAR:"), as a draft's place when its sentences name none. */
function homePlace(e: GazetteerEntry): IncidentDraft['place'] {
  return {
    name: e.kind === 'place' ? e.name : null,
    district: e.kind === 'district' ? e.name : e.district,
    province: normaliseProvince(e.province),
    lat: e.lat,
    lon: e.lon,
    geoPrecision: e.kind,
  };
}

function finish(w: Working, home: GazetteerEntry | null): IncidentDraft {
  const d = w.draft;
  if (!d.place.geoPrecision && home) d.place = homePlace(home);
  if (d.date === null && w.context) {
    d.date = w.context.date;
    d.datePrecision = w.context.precision;
  }
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
  const { body, filedFrom } = articleParts(text);
  const home = filedFrom ? lookupPlace(filedFrom) : null;
  const sentences = splitSentences(body);
  const { aggregates, used } = extractAggregates(sentences, published);
  const drafts: Working[] = [];
  const background: Mention[] = [];
  let context: DateMention | null = null;
  let main = 0;
  const take = (m: Mention, background = false) => {
    const target = findDraft(drafts, m, background);
    if (target) {
      absorb(target, m);
      return;
    }
    // A report's article recalls past attacks ("the deadliest attack of the year was …"): not news.
    if (background && (main > 0 || aggregates.length > 0)) return;
    // A new draft needs something to stand on: a toll, a place, a date or a claim; not only
    // attackers killed, nor a later figure for an incident not told.
    const grounded =
      m.casualties !== null || m.place !== null || m.date !== null || m.perpetrator.perpetrator !== null;
    if (!grounded || (m.refersBack && !m.cue && !m.casualties)) return;
    if (m.attackersOnly && drafts.length > 0) return;
    // Counts with no event, place or day ("three were injured") only tell more of a drafted incident.
    if (!m.cue && !m.place && !m.date && !m.perpetrator.perpetrator) return;
    const w = newWorking();
    w.context = context;
    absorb(w, m);
    drafts.push(w);
  };
  for (const [i, sentence] of sentences.entries()) {
    if (used.has(i)) continue;
    const m = readMention(sentence, published);
    if (!m) continue;
    if (isBackground(sentence)) {
      background.push(m);
      continue;
    }
    if (m.date?.precision === 'day') context = m.date;
    // "A string of coordinated attacks … killed more than 30": a sum of incidents told one by one.
    if (sumsUp(sentence)) continue;
    take(m);
  }
  // Background tells more of an incident drafted only if it names it; an article about something
  // else may tell its incident only as background ("a suicide blast near Karachi airport last month").
  main = drafts.length;
  for (const m of background) take(m, true);
  return { incidents: drafts.map((w) => finish(w, home)), aggregates };
}
