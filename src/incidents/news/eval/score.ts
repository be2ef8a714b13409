import type { IncidentDraft } from '../extract.js';
import type { EvalArticle, ExpectedIncident } from './articles.js';

/**
 * Scores the news drafting against the labelled set: each article's drafts are matched one to one
 * to its expected incidents (a pair must agree on the date or on the killed figure; the pairs that
 * agree most are taken first), giving detection precision, recall and F1; then, over all expected
 * incidents, the share whose matched draft has the right date, province, killed, wounded and type
 * (an incident no draft matched counts as wrong in every field).
 */

export const scoredFields = ['date', 'province', 'killed', 'wounded', 'type'] as const;
export type ScoredField = (typeof scoredFields)[number];

export interface Miss {
  article: string;
  /** What went wrong: a draft no label matched, a label no draft matched, or a field that differs. */
  kind: 'extra draft' | 'missed incident' | ScoredField;
  expected: unknown;
  drafted: unknown;
}

export interface EvalScore {
  articles: number;
  expected: number;
  drafted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  fields: Record<ScoredField, number>;
  misses: Miss[];
}

function valueOf(d: IncidentDraft, field: ScoredField): unknown {
  if (field === 'province') return d.place.province;
  if (field === 'killed') return d.killed.total;
  if (field === 'wounded') return d.wounded.total;
  return d[field];
}

function agrees(d: IncidentDraft, e: ExpectedIncident, field: ScoredField): boolean {
  return valueOf(d, field) === e[field];
}

/** How well a draft fits a label, or null when they cannot be the same incident. */
function fit(d: IncidentDraft, e: ExpectedIncident): number | null {
  const date = agrees(d, e, 'date');
  const killed = e.killed !== null && agrees(d, e, 'killed');
  if (!date && !killed) return null;
  return scoredFields.reduce(
    (sum, f) => sum + (agrees(d, e, f) ? (f === 'date' || f === 'killed' ? 2 : 1) : 0),
    0,
  );
}

/** Pairs of (draft index, label index), the best-fitting first, each used once. */
function match(drafts: IncidentDraft[], expected: ExpectedIncident[]): [number, number][] {
  const candidates: [number, number, number][] = [];
  for (const [i, d] of drafts.entries())
    for (const [j, e] of expected.entries()) {
      const f = fit(d, e);
      if (f !== null) candidates.push([f, i, j]);
    }
  candidates.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const usedDrafts = new Set<number>();
  const usedLabels = new Set<number>();
  const pairs: [number, number][] = [];
  for (const [, i, j] of candidates) {
    if (usedDrafts.has(i) || usedLabels.has(j)) continue;
    usedDrafts.add(i);
    usedLabels.add(j);
    pairs.push([i, j]);
  }
  return pairs;
}

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : Math.round((n / d) * 1000) / 1000;
}

/** Runs `draft` on every article and scores the drafts against the labels. */
export function scoreDrafts(
  articles: readonly EvalArticle[],
  draft: (text: string, published: string) => IncidentDraft[],
): EvalScore {
  let expected = 0;
  let drafted = 0;
  let matched = 0;
  const right: Record<ScoredField, number> = { date: 0, province: 0, killed: 0, wounded: 0, type: 0 };
  const misses: Miss[] = [];
  for (const article of articles) {
    const drafts = draft(article.text, article.published);
    const pairs = match(drafts, article.incidents);
    expected += article.incidents.length;
    drafted += drafts.length;
    matched += pairs.length;
    const pairedDrafts = new Set(pairs.map(([i]) => i));
    const pairedLabels = new Set(pairs.map(([, j]) => j));
    for (const [i, d] of drafts.entries())
      if (!pairedDrafts.has(i))
        misses.push({ article: article.id, kind: 'extra draft', expected: null, drafted: summary(d) });
    for (const [j, e] of article.incidents.entries())
      if (!pairedLabels.has(j))
        misses.push({ article: article.id, kind: 'missed incident', expected: e, drafted: null });
    for (const [i, j] of pairs) {
      const d = drafts[i]!;
      const e = article.incidents[j]!;
      for (const f of scoredFields) {
        if (agrees(d, e, f)) right[f] += 1;
        else misses.push({ article: article.id, kind: f, expected: e[f], drafted: valueOf(d, f) });
      }
    }
  }
  const precision = ratio(matched, drafted);
  const recall = ratio(matched, expected);
  const f1 =
    precision + recall === 0
      ? 0
      : Math.round(((2 * precision * recall) / (precision + recall)) * 1000) / 1000;
  const fields = Object.fromEntries(scoredFields.map((f) => [f, ratio(right[f], expected)])) as Record<
    ScoredField,
    number
  >;
  return { articles: articles.length, expected, drafted, matched, precision, recall, f1, fields, misses };
}

function summary(d: IncidentDraft) {
  return {
    date: d.date,
    province: d.place.province,
    killed: d.killed.total,
    wounded: d.wounded.total,
    type: d.type,
    evidence: d.evidence[0],
  };
}
