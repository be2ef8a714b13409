import { extractCasualties, type Casualties } from './casualties.js';
import {
  classifyEvent,
  classifyTarget,
  findPerpetrator,
  namesOneEvent,
  opensAnother,
  refersBack,
  reportingVerb,
  type DraftTarget,
  type EventCue,
  type Perpetrator,
} from './classify.js';
import { findDates, type DateMention } from './dates.js';
import { findPlaces, type PlaceMention } from './gazetteer.js';

/**
 * What one sentence of an article tells of an event, pure: its cue, toll, date, place and
 * perpetrator, each chosen nearest the event's words; extract.ts merges the mentions into drafts.
 */

/** A sentence that tells of an event, read. */
export interface Mention {
  sentence: string;
  cue: EventCue | null;
  casualties: Casualties | null;
  date: DateMention | null;
  place: PlaceMention | null;
  perpetrator: Perpetrator;
  target: DraftTarget | null;
  refersBack: boolean;
  /** "In a separate incident", "Meanwhile": never part of the incident before. */
  another: boolean;
  /** Killed only attackers ("security forces killed four terrorists"), no victims. */
  attackersOnly: boolean;
}

/** How precise a date or place is: the higher, the more precise. */
export const precisionRank: Record<string, number> = {
  day: 4,
  week: 3,
  month: 2,
  year: 1,
  place: 3,
  district: 2,
  province: 1,
};
function nearest(anchors: number[], start: number, end: number): number {
  if (anchors.length === 0) return 0;
  return Math.min(...anchors.map((a) => (a < start ? start - a : a > end ? a - end : 0)));
}

/** Words near a date that make it the day of a funeral, a burial or a protest, not of the attack. */
const aftermath =
  /\b(?:funerals?|buried|burial|laid to rest|namaz-e-janaza|janaza|prayers were offered|protests?|protested|sit-in|mourn\w*|condolences?)\b/i;

/**
 * The date of the event, skipping dates of reports and statements ("Reuters reported on Monday")
 * and of funerals and protests, the nearest the event's words first.
 */
function eventDate(sentence: string, published: string, anchors: number[]): DateMention | null {
  const candidates = findDates(sentence, published).filter((d) => {
    const before = sentence.slice(Math.max(0, d.start - 16), d.start);
    const after = sentence.slice(d.end, d.end + 16);
    const reported =
      new RegExp(`${reportingVerb.source}\\s*(?:on\\s*)?$`, 'i').test(before) ||
      new RegExp(`^\\s*(?:\\w+\\s+)?${reportingVerb.source}`, 'i').test(after);
    const clause = sentence.slice(Math.max(0, d.start - 80), d.end + 30);
    return !reported && !aftermath.test(clause);
  });
  candidates.sort((a, b) => nearest(anchors, a.start, a.end) - nearest(anchors, b.start, b.end));
  return candidates[0] ?? null;
}

/** Where the event happened: a place after "in"/"near"/"at" first, the most precise, nearest the cue. */
function eventPlace(sentence: string, anchors: number[]): PlaceMention | null {
  // "travelling from Quetta to Peshawar", "hailed from Khanewal", "Punjab-bound": not where it happened.
  const places = findPlaces(sentence).filter(
    (p) =>
      !/\b(?:from|to|towards|for)\s+$/i.test(sentence.slice(Math.max(0, p.start - 12), p.start)) &&
      !/^[-\s]bound\b/i.test(sentence.slice(p.end, p.end + 7)),
  );
  // "in Balochistan's Kech district": Kech is as locative as Balochistan.
  const located = places.map((p, i) => {
    const prev = places[i - 1];
    return { ...p, locative: p.locative || (prev !== undefined && prev.locative && p.start - prev.end <= 4) };
  });
  // Away from the event's words, a place that opens a longer name is not one ("Balochistan Liberation Army").
  const pool = located.some((p) => p.locative)
    ? located.filter((p) => p.locative)
    : located.filter(
        (p) => nearest(anchors, p.start, p.end) <= 50 || !/^\s+[A-Z]/.test(sentence.slice(p.end, p.end + 2)),
      );
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

/** The event a sentence tells of, or null when it names none specific. */
export function readMention(sentence: string, published: string): Mention | null {
  const cue = classifyEvent(sentence);
  const casualties = extractCasualties(sentence);
  const perpetrator = findPerpetrator(sentence);
  const anchors = [...(cue?.anchors ?? []), ...(casualties?.anchors ?? [])];
  // An update's date is the day of the update ("rose to 100 on Tuesday"), not of the attack.
  const date = casualties?.update ? null : eventDate(sentence, published, anchors);
  const place = eventPlace(sentence, anchors);
  // "Militants attacked a train in Balochistan on Tuesday", "blew up a pipeline in Dera Bugti on Wednesday".
  const located = date !== null && place !== null;
  const specific =
    cue !== null &&
    (casualties !== null ||
      namesOneEvent(sentence) ||
      (cue.rank >= 2 && (date !== null || place !== null)) ||
      (cue.rank >= 1 && located));
  const countsOnly = cue === null && casualties !== null;
  const claimOnly = perpetrator.claimed !== null && perpetrator.perpetrator !== null;
  if (!specific && !countsOnly && !claimOnly) return null;
  const killed = casualties?.killed;
  return {
    sentence,
    cue,
    casualties,
    date,
    place,
    perpetrator,
    target: classifyTarget(sentence),
    refersBack: refersBack(sentence) || (claimOnly && !specific),
    another: opensAnother(sentence),
    attackersOnly:
      killed?.total != null && killed.total === killed.militants && casualties?.wounded.total == null,
  };
}
