import type { AccountInput, Toll } from '../incident.js';
import { extractFromArticle, type AggregateDraft, type IncidentDraft, type TollCounts } from './extract.js';

/**
 * A news draft as the account the incident create route takes, so that an analyst can post it
 * unchanged: the toll's total with the attackers killed is the best estimate (as the categories
 * add up to it), the place's fields are the account's, and the evidence sentences are the note of
 * the article's source.
 */

export interface ArticleSource {
  publisher: string;
  title?: string | null;
  url?: string | null;
  published: string;
}

/** An account with the date still to be confirmed when the article gave none. */
export type AccountDraft = Omit<AccountInput, 'date'> & { date: string | null };

/** The account's toll counts every death, attackers killed apart from the victims among the militants. */
function toll(t: TollCounts, attackers: number | null = null): Toll {
  const plus = (n: number | null) => (n === null && attackers === null ? null : (n ?? 0) + (attackers ?? 0));
  return {
    best: plus(t.total),
    civilians: t.civilians,
    security: t.security,
    militants: plus(t.militants),
    foreignNationals: t.foreignNationals,
  };
}

export function draftAccount(draft: IncidentDraft, source: ArticleSource): AccountDraft {
  const { place } = draft;
  return {
    date: draft.date,
    datePrecision: draft.datePrecision ?? 'day',
    province: place.province,
    district: place.district,
    place: place.name,
    lat: place.lat,
    lon: place.lon,
    geoPrecision: place.geoPrecision,
    type: draft.type,
    subType: draft.subType,
    perpetrator: draft.perpetrator,
    claimed: draft.claimed,
    target: draft.target,
    killed: toll(draft.killed, draft.attackersKilled),
    wounded: toll(draft.wounded),
    kidnapped: draft.kidnapped,
    status: 'reported',
    sources: [
      {
        publisher: source.publisher,
        title: source.title ?? null,
        url: source.url ?? null,
        published: source.published,
        reliability: 'F',
        credibility: 6,
        note: draft.evidence.join('\n'),
      },
    ],
  };
}

/** The drafts of an article as the route and the CLI give them: accounts to post, and period figures. */
export function draftArticle(
  text: string,
  source: ArticleSource,
): { incidents: AccountDraft[]; aggregates: AggregateDraft[] } {
  const { incidents, aggregates } = extractFromArticle(text, source.published);
  return { incidents: incidents.map((d) => draftAccount(d, source)), aggregates };
}
