import type { IncidentRollupRow } from './incident.tables.js';
import {
  type Aggregates,
  type ApartGroup,
  datasetCitations,
  type Deadliest,
  type DatasetKey,
  type Estimate,
  type Group,
  otherSources,
  type Sums,
} from './report.js';

/**
 * The report's one GROUP BY folded into its aggregates, pure: each rollup row read with the
 * estimate asked for, then summed by province, type, sides, target, month and source.
 */

/** One row of the single GROUP BY: the sums of one (province, type, sides, target, month, precision). */
export interface Combo {
  province: string;
  type: string;
  perpetrator: string;
  /** The other side, if named. */
  opponent: string | null;
  target: string;
  month: string;
  /** How precisely the date is known: a week counts as a day, it falls in one month. */
  dated: 'day' | 'month' | 'year';
  /** Whether the place is known only as the country. */
  placed: 'place' | 'country';
  /** Where the incident came from: a cited dataset, another imported file, or the parties' own records. */
  dataset: DatasetKey;
  sums: Sums;
}

export const sumKeys = [
  'incidents',
  'killed',
  'wounded',
  'killedLow',
  'killedBest',
  'killedHigh',
  'woundedLow',
  'woundedBest',
  'woundedHigh',
  'kidnapped',
  'killedCivilians',
  'killedSecurity',
  'killedMilitants',
  'killedForeign',
  'killedUnknown',
  'killedUnattributed',
  'woundedCivilians',
  'woundedSecurity',
  'woundedMilitants',
  'woundedForeign',
  'woundedUnknown',
  'woundedUnattributed',
  'killedReported',
  'woundedReported',
] as const satisfies readonly (keyof Sums)[];

function emptySums(): Sums {
  return Object.fromEntries(sumKeys.map((k) => [k, 0])) as unknown as Sums;
}

/** The name of the side no source names. */
export const unknownGroup = 'Unknown';

/**
 * A rollup as the report counts it with `estimate`: names no source gives as the report shows
 * them, and the headline's killed and wounded (and their unattributed part) by that estimate.
 */
export function comboOf(row: IncidentRollupRow, estimate: Estimate): Combo {
  return {
    province: row.province || 'Unknown',
    type: row.type,
    perpetrator: row.perpetrator || unknownGroup,
    opponent: row.opponent || null,
    target: row.target || 'unknown',
    month: row.month,
    dated: row.dated,
    placed: row.placed,
    dataset: row.dataset as DatasetKey,
    sums: {
      incidents: row.incidents,
      killed: row[`killed_${estimate}`],
      wounded: row[`wounded_${estimate}`],
      killedLow: row.killed_low,
      killedBest: row.killed_best,
      killedHigh: row.killed_high,
      woundedLow: row.wounded_low,
      woundedBest: row.wounded_best,
      woundedHigh: row.wounded_high,
      kidnapped: row.kidnapped,
      killedCivilians: row.killed_civilians,
      killedSecurity: row.killed_security,
      killedMilitants: row.killed_militants,
      killedForeign: row.killed_foreign,
      killedUnknown: row.killed_unknown,
      killedUnattributed: row[`killed_unattributed_${estimate}`],
      woundedCivilians: row.wounded_civilians,
      woundedSecurity: row.wounded_security,
      woundedMilitants: row.wounded_militants,
      woundedForeign: row.wounded_foreign,
      woundedUnknown: row.wounded_unknown,
      woundedUnattributed: row[`wounded_unattributed_${estimate}`],
      killedReported: row.killed_reported,
      woundedReported: row.wounded_reported,
    },
  };
}

/** Folds the combinations into the totals and one table per dimension, largest toll first. */
export function foldCombos(combos: readonly Combo[], deadliest: Deadliest[]): Aggregates {
  const totals = emptySums();
  const tables = {
    province: new Map<string, Group>(),
    type: new Map<string, Group>(),
    perpetrator: new Map<string, Group>(),
    group: new Map<string, Group>(),
    target: new Map<string, Group>(),
    month: new Map<string, Group>(),
    quarter: new Map<string, Group>(),
    year: new Map<string, Group>(),
  };
  const apart = new Map<ApartGroup['kind'], ApartGroup>();
  const sources = new Map<DatasetKey, number>();
  const add = (group: { incidents: number; killed: number; wounded: number }, sums: Sums) => {
    group.incidents += sums.incidents;
    group.killed += sums.killed;
    group.wounded += sums.wounded;
  };
  for (const combo of combos) {
    for (const k of sumKeys) totals[k] += combo.sums[k];
    sources.set(combo.dataset, (sources.get(combo.dataset) ?? 0) + combo.sums.incidents);
    const kinds = [
      ...(combo.dated === 'day' ? [] : [`dated_to_${combo.dated}` as const]),
      ...(combo.placed === 'country' ? ['placed_in_country' as const] : []),
    ];
    for (const kind of kinds) {
      const group = apart.get(kind) ?? { kind, incidents: 0, killed: 0, wounded: 0 };
      add(group, combo.sums);
      apart.set(kind, group);
    }
    // A table only where the incident's date or place is precise enough to sit in it.
    const fits = {
      province: combo.placed !== 'country',
      month: combo.dated === 'day',
      quarter: combo.dated !== 'year',
    };
    // The groups on either side, each once (a group on both sides is in the incident once).
    const groups = new Set(
      combo.opponent === null
        ? [combo.perpetrator]
        : combo.perpetrator === unknownGroup
          ? [combo.opponent]
          : [combo.perpetrator, combo.opponent],
    );
    for (const name of groups) {
      const group = tables.group.get(name) ?? { name, incidents: 0, killed: 0, wounded: 0 };
      add(group, combo.sums);
      tables.group.set(name, group);
    }
    const names = {
      ...combo,
      quarter: `${combo.month.slice(0, 4)}-Q${Math.ceil(Number(combo.month.slice(5, 7)) / 3)}`,
      year: combo.month.slice(0, 4),
    };
    for (const dimension of [
      'province',
      'type',
      'perpetrator',
      'target',
      'month',
      'quarter',
      'year',
    ] as const) {
      if (fits[dimension as keyof typeof fits] === false) continue;
      const name = names[dimension];
      const group = tables[dimension].get(name) ?? { name, incidents: 0, killed: 0, wounded: 0 };
      add(group, combo.sums);
      tables[dimension].set(name, group);
    }
  }
  const inOrder = (map: Map<string, Group>) => [...map.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const ranked = (map: Map<string, Group>) =>
    [...map.values()].sort(
      (a, b) => b.killed - a.killed || b.incidents - a.incidents || (a.name < b.name ? -1 : 1),
    );
  return {
    totals,
    byProvince: ranked(tables.province),
    byType: ranked(tables.type),
    byPerpetrator: ranked(tables.perpetrator).slice(0, 15),
    byGroup: ranked(tables.group).slice(0, 15),
    byTarget: ranked(tables.target),
    monthly: inOrder(tables.month),
    quarterly: inOrder(tables.quarter),
    yearly: inOrder(tables.year),
    apart: (['dated_to_month', 'dated_to_year', 'placed_in_country'] as const).flatMap((kind) => {
      const group = apart.get(kind);
      return group ? [group] : [];
    }),
    sources: [...sources]
      .map(([dataset, incidents]) => ({
        dataset,
        citation:
          dataset in datasetCitations
            ? datasetCitations[dataset as keyof typeof datasetCitations]
            : otherSources[dataset as keyof typeof otherSources],
        incidents,
      }))
      .sort((a, b) => b.incidents - a.incidents || (a.dataset < b.dataset ? -1 : 1)),
    deadliest,
  };
}
