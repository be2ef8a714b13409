import { z } from 'zod';
import { type RequestPart, validationFailed } from '../platform/errors.js';

/** Incidents: the raw material of the threat picture. Fields follow ACLED, GTD and UCDP GED. */

export const incidentTypes = [
  'suicide_attack',
  'ied',
  'armed_assault',
  'targeted_killing',
  'kidnapping',
  'rocket_attack',
  'drone_strike',
  'armed_clash',
  // UCDP's three types of violence, kept apart: state-based, non-state and one-sided.
  'state_based_conflict',
  'non_state_conflict',
  'one_sided_violence',
  'other',
] as const;
export const targetCategories = [
  'security_forces',
  'civilians',
  'foreign_nationals',
  'government',
  'infrastructure',
  'militants',
  'unknown',
] as const;
export const incidentStatuses = ['reported', 'confirmed', 'disputed', 'denied'] as const;
export const datePrecisions = ['day', 'week', 'month', 'year'] as const;
export const geoPrecisions = ['exact', 'place', 'district', 'province', 'country'] as const;

const count = z.number().int().min(0).max(100_000).nullable().optional();

/**
 * Deaths or injuries by who suffered them, with the best estimate and its range. Strict, as the
 * account is: a field it does not know (a draft's `total`) is refused by name, never dropped.
 */
export const tollInput = z
  .strictObject({
    civilians: count,
    security: count,
    militants: count,
    foreignNationals: count.describe(
      'protected foreign nationals, also counted among civilians or not as the source says',
    ),
    unknown: count,
    best: count,
    low: count,
    high: count,
  })
  .refine((t) => t.low == null || t.high == null || t.low <= t.high, {
    message: 'low exceeds high',
    path: ['low'],
  })
  .refine((t) => t.best == null || t.low == null || t.low <= t.best, {
    message: 'best is below low',
    path: ['best'],
  })
  .refine((t) => t.best == null || t.high == null || t.best <= t.high, {
    message: 'best is above high',
    path: ['best'],
  });
export type Toll = z.output<typeof tollInput>;

/** A source graded with the Admiralty code: reliability A–F, credibility 1–6. */
export const sourceInput = z.strictObject({
  publisher: z.string().trim().min(1).max(200),
  title: z.string().trim().max(500).nullable().optional(),
  url: z.string().url().max(2000).nullable().optional(),
  published: z.string().date().nullable().optional(),
  note: z
    .string()
    .trim()
    .max(20_000)
    .nullable()
    .optional()
    .describe("what the source says of the incident: a news draft's evidence sentences, one a line"),
  reliability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']).default('F'),
  credibility: z.number().int().min(1).max(6).default(6),
});

/** One party's account of an incident; an unknown field is refused by name, never dropped. */
export const accountInput = z.strictObject({
  date: z.string().date(),
  datePrecision: z.enum(datePrecisions).default('day'),
  province: z.string().trim().max(100).nullable().optional(),
  district: z.string().trim().max(100).nullable().optional(),
  place: z.string().trim().max(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  geoPrecision: z.enum(geoPrecisions).nullable().optional(),
  type: z.enum(incidentTypes),
  subType: z.string().trim().max(100).nullable().optional(),
  perpetrator: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .describe('one side: who attacked where the source says so (ACLED actor1, UCDP side_a)'),
  opponent: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .describe('the other side, if named (ACLED actor2, UCDP side_b): the group attacked or fought'),
  claimed: z.boolean().nullable().optional(),
  target: z.enum(targetCategories).nullable().optional(),
  killed: tollInput.default({}),
  wounded: tollInput.default({}),
  kidnapped: count,
  status: z.enum(incidentStatuses).default('reported'),
  statusStatement: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .describe('the statement that disputes or denies it'),
  description: z.string().trim().max(5000).nullable().optional(),
  sources: z.array(sourceInput).max(50).default([]),
});
export type AccountInput = z.output<typeof accountInput>;

/**
 * Why an incident's date cannot be right, if it is later than today anywhere on Earth (UTC+14):
 * a report of something that has not happened yet is a typo or a fabrication.
 */
export function futureDateProblem(date: string, now: Date): string | undefined {
  return futureDateCheck(now)(date);
}

/** `futureDateProblem` for many dates read at one time: today worked out once, not per row. */
export function futureDateCheck(now: Date): (date: string) => string | undefined {
  const latestToday = new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);
  const today = now.toISOString().slice(0, 10);
  return (date) => (date > latestToday ? `${date} is in the future (today is ${today})` : undefined);
}

/**
 * A period's rule across its two dates: it does not start after it ends. The incident filters and
 * the period report check it alike; `part` is where the dates came from.
 */
export function assertPeriod(
  period: { from?: string | undefined; to?: string | undefined },
  part: RequestPart,
) {
  if (period.from && period.to && period.from > period.to)
    throw validationFailed(
      'from',
      `from: the period starts (${period.from}) after it ends (${period.to})`,
      part,
    );
}

/** A toll's three estimates; null where unknown. */
export interface Estimates {
  low: number | null;
  best: number | null;
  high: number | null;
}

/**
 * A toll's low, best and high estimates as reports count them. A source that gives one figure (a
 * single value, only a minimum or only a maximum) gives it as all three, so no estimate counts it
 * as nothing; a range without a best counts its low end as the best (the figure every source
 * agrees on); a toll given only by categories counts their sum as its one figure.
 */
export function estimatesOf(toll: Toll): Estimates {
  const { low = null, best = null, high = null } = toll;
  const given = Number(low != null) + Number(best != null) + Number(high != null);
  if (given >= 2) return { low, best: best ?? low, high };
  const one = best ?? low ?? high ?? categorySum(toll);
  return { low: one, best: one, high: one };
}

/** The sum of a toll's known categories (foreign nationals are counted among them); null if none. */
function categorySum(toll: Toll): number | null {
  const parts = [toll.civilians, toll.security, toll.militants, toll.unknown].filter(
    (n): n is number => n != null,
  );
  return parts.length > 0 ? parts.reduce((a, b) => a + b, 0) : null;
}

/** The best estimate of a toll (see `estimatesOf`). */
export function bestOf(toll: Toll): number | null {
  return estimatesOf(toll).best;
}

/**
 * Normalised spellings of Pakistan's provinces and territories, as reports group them. A Map, not
 * an object: a name such as `__proto__` or `constructor` is just a name, not an inherited property.
 */
const provinceAliases = new Map<string, string>(
  Object.entries({
    balochistan: 'Balochistan',
    baluchistan: 'Balochistan',
    'khyber pakhtunkhwa': 'Khyber Pakhtunkhwa',
    'khyber pakhtunkwa': 'Khyber Pakhtunkhwa',
    'khyber-pakhtunkhwa': 'Khyber Pakhtunkhwa',
    kp: 'Khyber Pakhtunkhwa',
    kpk: 'Khyber Pakhtunkhwa',
    'n.w.f.p.': 'Khyber Pakhtunkhwa',
    nwfp: 'Khyber Pakhtunkhwa',
    'north-west frontier province': 'Khyber Pakhtunkhwa',
    'north west frontier province': 'Khyber Pakhtunkhwa',
    fata: 'FATA',
    'federally administered tribal areas': 'FATA',
    sindh: 'Sindh',
    sind: 'Sindh',
    punjab: 'Punjab',
    'islamabad capital territory': 'Islamabad',
    islamabad: 'Islamabad',
    ict: 'Islamabad',
    'gilgit-baltistan': 'Gilgit-Baltistan',
    'gilgit baltistan': 'Gilgit-Baltistan',
    'northern areas': 'Gilgit-Baltistan',
    'azad kashmir': 'Azad Jammu and Kashmir',
    'azad jammu and kashmir': 'Azad Jammu and Kashmir',
    ajk: 'Azad Jammu and Kashmir',
  }),
);

/** The one spelling of a province name, whatever a source wrote (`KPK`, `Baluchistan`, UCDP's `… Province`). */
export function normaliseProvince(name: string | null | undefined): string | null {
  if (!name) return null;
  const key = name
    .trim()
    .toLowerCase()
    .replace(/\s+province$/, '')
    .replace(/\s+/g, ' ');
  if (!key) return null;
  return provinceAliases.get(key) ?? name.trim().replace(/\s+province$/i, '');
}

/** Identity for duplicate detection across sources: same day, same place, same toll. */
export function dedupeKey(
  account: Pick<AccountInput, 'date' | 'province' | 'district' | 'place' | 'killed'>,
): string {
  const place = (account.place ?? account.district ?? normaliseProvince(account.province) ?? '')
    .trim()
    .toLowerCase();
  return `${account.date}|${place}|${bestOf(account.killed) ?? ''}`;
}

const statusRank: Record<(typeof incidentStatuses)[number], number> = {
  confirmed: 3,
  reported: 2,
  disputed: 1,
  denied: 0,
};

export interface StoredAccount {
  partyId: string;
  createdAt: string;
  body: AccountInput;
}

/** A field on which the parties' accounts differ, with each party's value. */
export interface Difference {
  field: string;
  values: Record<string, unknown>;
}

const comparedFields = [
  'date',
  'province',
  'district',
  'place',
  'type',
  'perpetrator',
  'opponent',
  'claimed',
  'target',
  'killed',
  'wounded',
  'kidnapped',
  'status',
] as const;

/**
 * The reconciled incident from every party's current account: the account ranked first (the
 * higher status — confirmed over reported over disputed over denied — then the earlier filed)
 * gives the values; every field where the accounts differ is listed, so neither is hidden.
 */
export function reconcile(accounts: readonly StoredAccount[]): {
  primary: StoredAccount;
  differences: Difference[];
} {
  if (accounts.length === 0) throw new Error('an incident has at least one account');
  const ranked = [...accounts].sort(
    (a, b) => statusRank[b.body.status] - statusRank[a.body.status] || a.createdAt.localeCompare(b.createdAt),
  );
  const differences: Difference[] = [];
  for (const field of comparedFields) {
    const values = Object.fromEntries(accounts.map((a) => [a.partyId, a.body[field] ?? null]));
    const distinct = new Set(Object.values(values).map((v) => JSON.stringify(v)));
    if (distinct.size > 1) differences.push({ field, values });
  }
  return { primary: ranked[0]!, differences };
}

/** The risk grid's resolution: H3 cells of about 10 km edge (252 km²). */
export const riskResolution = 5;

/** The columns of the reconciled incident that reports, filters and the risk grid read. */
export function effectiveColumns(body: AccountInput, cellOf: (lat: number, lon: number) => string) {
  const hasPoint = body.lat != null && body.lon != null;
  const { killed, wounded } = body;
  const killedEstimates = estimatesOf(killed);
  const woundedEstimates = estimatesOf(wounded);
  return {
    date: body.date,
    date_precision: body.datePrecision,
    province: normaliseProvince(body.province),
    district: body.district ?? null,
    place: body.place ?? null,
    lat: body.lat ?? null,
    lon: body.lon ?? null,
    geo_precision: body.geoPrecision ?? (hasPoint ? ('exact' as const) : null),
    h3_cell: hasPoint ? cellOf(body.lat!, body.lon!) : null,
    type: body.type,
    sub_type: body.subType ?? null,
    perpetrator: body.perpetrator ?? null,
    opponent: body.opponent ?? null,
    claimed: body.claimed == null ? null : body.claimed ? 1 : 0,
    target: body.target ?? null,
    // Spelt out, not built from names: an import builds one such row per incident.
    killed_civilians: killed.civilians ?? null,
    killed_security: killed.security ?? null,
    killed_militants: killed.militants ?? null,
    killed_foreign: killed.foreignNationals ?? null,
    killed_unknown: killed.unknown ?? null,
    killed_low: killedEstimates.low,
    killed_best: killedEstimates.best,
    killed_high: killedEstimates.high,
    wounded_civilians: wounded.civilians ?? null,
    wounded_security: wounded.security ?? null,
    wounded_militants: wounded.militants ?? null,
    wounded_foreign: wounded.foreignNationals ?? null,
    wounded_unknown: wounded.unknown ?? null,
    wounded_low: woundedEstimates.low,
    wounded_best: woundedEstimates.best,
    wounded_high: woundedEstimates.high,
    kidnapped: body.kidnapped ?? null,
    status: body.status,
    status_statement: body.statusStatement ?? null,
    description: body.description ?? null,
    dedupe_key: dedupeKey(body),
  };
}

/** Columns that record how a row is kept, not what the incident is: never named as changed. */
const bookkeeping = new Set(['id', 'source_key', 'accounts', 'is_demo', 'created_at', 'updated_at']);

/**
 * The stored columns a write changed, for the audit entry: every column it set on a new incident
 * (`before` null), else those whose value differs.
 */
export function changedColumns(before: object | null, after: object): string[] {
  const was = before as Record<string, unknown> | null;
  const is = after as Record<string, unknown>;
  return Object.keys(is).filter(
    (column) => !bookkeeping.has(column) && (was ? was[column] !== is[column] : is[column] !== null),
  );
}
