import { compileDateFormat, requiredDate } from './dates.js';
import type { Row } from './text.js';
import { datasetReader, position, positionColumns } from './dataset.js';
import { type Note, RowError } from './types.js';
import { parseCategory, parseCount, province, text, toll } from './values.js';

/**
 * The UCDP Georeferenced Event Dataset (GED) CSV, as the UCDP website and the yearly downloads
 * export it. Codebook rules applied:
 * - type_of_violence 1 (state-based) → `state_based_conflict`, 2 (non-state) →
 *   `non_state_conflict`, 3 (one-sided) → `one_sided_violence` against `civilians`.
 * - Both sides are kept: side_a as `perpetrator`, side_b as `opponent` (unless it is
 *   `Civilians`, the target of one-sided violence, not a side). For 1 and 2 UCDP does not say
 *   who attacked whom: side_a is the government in state-based conflict, not necessarily the
 *   attacker, so `target` stays empty; the dyad is in the description.
 * - Deaths by side: a side named `Government of …` is a state, so its deaths (deaths_a or
 *   deaths_b) count as security personnel (in type 1 side_a is always a government; side_b is
 *   one in interstate dyads such as India – Pakistan); a side `Civilians` counts as civilians;
 *   any other side is an armed group, counted as militants. deaths_civilians → civilians,
 *   deaths_unknown → unknown; best_est / low_est / high_est → best / low / high.
 * - date_prec 1 → day, 2–3 → week, 4 → month, 5 → year (the date is date_start).
 * - where_prec 1 → exact, 2 → place (within 25 km), 3 → district, 4 → province,
 *   5 → province (part of a region, a road), 6–7 → country (place left empty).
 */
const datePrecisions: Record<string, string> = {
  '1': 'day',
  '2': 'week',
  '3': 'week',
  '4': 'month',
  '5': 'year',
};
const geoPrecisions: Record<string, string> = {
  '1': 'exact',
  '2': 'place',
  '3': 'district',
  '4': 'province',
  '5': 'province',
  '6': 'country',
  '7': 'country',
};
const violence: Record<string, { type: string; label: string }> = {
  '1': { type: 'state_based_conflict', label: 'State-based conflict' },
  '2': { type: 'non_state_conflict', label: 'Non-state conflict' },
  '3': { type: 'one_sided_violence', label: 'One-sided violence' },
};

const ucdpDate = [compileDateFormat('MM/DD/YYYY')];

/** What the deaths of one side count as. */
function sideCategory(side: string): 'security' | 'civilians' | 'militants' {
  if (/^government of\b/i.test(side.trim())) return 'security';
  if (/^civilians?$/i.test(side.trim())) return 'civilians';
  return 'militants';
}

function count(row: Row, column: string, note: Note): number | null {
  return parseCategory(row.get(column), column, note);
}

/** The deaths of both sides and the coded categories, summed into the toll's categories. */
function deaths(row: Row, note: Note) {
  const sum = { security: 0, civilians: 0, militants: 0 };
  const known = { security: false, civilians: false, militants: false };
  for (const [column, side] of [
    ['deaths_a', 'side_a'],
    ['deaths_b', 'side_b'],
    ['deaths_civilians', 'Civilians'],
  ] as const) {
    const n = count(row, column, note);
    if (n == null) continue;
    const category = column === 'deaths_civilians' ? 'civilians' : sideCategory(row.get(side));
    sum[category] += n;
    known[category] = true;
  }
  return {
    security: known.security ? sum.security : null,
    civilians: known.civilians ? sum.civilians : null,
    militants: known.militants ? sum.militants : null,
    unknown: count(row, 'deaths_unknown', note),
  };
}

/** The sources UCDP lists: its own record first, then each office with its date and headline. */
function sources(row: Row, note: Note) {
  const id = row.get('id');
  const list: Record<string, unknown>[] = [{ publisher: 'UCDP GED', title: `UCDP GED event ${id}` }];
  const offices = row.get('source_office').split(';');
  const dates = row.get('source_date').split(';');
  const headlines = row.get('source_headline').split(';');
  offices.forEach((office, i) => {
    const publisher = text(office, 'source_office', 200, note);
    if (!publisher) return;
    const published = dates[i]?.trim() ?? '';
    list.push({
      publisher,
      // Headlines are split by `;` like offices, but a headline may hold a `;` itself.
      title: headlines.length === offices.length ? text(headlines[i]!, 'source_headline', 500, note) : null,
      published: /^\d{4}-\d{2}-\d{2}$/.test(published) ? published : null,
    });
  });
  return list.slice(0, 50);
}

export const ucdpReader = datasetReader({
  dataset: 'ucdp',
  idColumn: 'id',
  required: ['id', 'date_start', 'type_of_violence', 'best_est'],
  dateColumn: 'date_start',
  read(row, note) {
    const date = requiredDate(row.get('date_start'), 'date_start', ucdpDate, 'MM/DD/YYYY or YYYY-MM-DD');
    const kind = violence[row.get('type_of_violence')];
    if (!kind) {
      throw new RowError('type_of_violence', `"${row.get('type_of_violence')}" is not 1, 2 or 3`);
    }
    const datePrec = row.get('date_prec');
    const wherePrec = row.get('where_prec');
    if (datePrec && !datePrecisions[datePrec]) {
      throw new RowError('date_prec', `"${datePrec}" is not a UCDP date precision (1–5)`);
    }
    if (wherePrec && !geoPrecisions[wherePrec]) {
      throw new RowError('where_prec', `"${wherePrec}" is not a UCDP place precision (1–7)`);
    }
    const oneSided = kind.type === 'one_sided_violence';
    const best = parseCount(row.get('best_est'), 'best_est', note);
    const headline = row.get('source_headline').replace(/;/g, ' / ');
    const coarse = wherePrec === '6' || wherePrec === '7';
    return {
      raw: {
        date: date.date,
        datePrecision: datePrec ? datePrecisions[datePrec] : date.precision,
        province: province(row.get('adm_1')),
        district: text(row.get('adm_2').replace(/\s+district$/i, ''), 'adm_2', 100, note),
        place: coarse ? null : text(row.get('where_coordinates'), 'where_coordinates', 200, note),
        ...position(row),
        geoPrecision: wherePrec ? geoPrecisions[wherePrec] : null,
        type: kind.type,
        subType: kind.label,
        perpetrator: text(row.get('side_a'), 'side_a', 200, note),
        opponent:
          sideCategory(row.get('side_b')) === 'civilians'
            ? null
            : text(row.get('side_b'), 'side_b', 200, note),
        target: oneSided ? 'civilians' : null,
        killed: toll({
          total: best,
          low: count(row, 'low_est', note),
          high: count(row, 'high_est', note),
          ...deaths(row, note),
        }),
        description: text(
          [
            `${kind.label}: ${row.get('dyad_name') || `${row.get('side_a')} - ${row.get('side_b')}`}.`,
            headline,
          ]
            .filter(Boolean)
            .join(' '),
          'source_headline',
          5000,
          note,
        ),
        sources: sources(row, note),
      },
      columns: {
        date: 'date_start',
        datePrecision: 'date_prec',
        province: 'adm_1',
        district: 'adm_2',
        place: 'where_coordinates',
        ...positionColumns,
        geoPrecision: 'where_prec',
        type: 'type_of_violence',
        perpetrator: 'side_a',
        opponent: 'side_b',
        killed: 'best_est',
        'killed.low': 'low_est',
        'killed.high': 'high_est',
        'killed.civilians': 'deaths_civilians',
        'killed.unknown': 'deaths_unknown',
        sources: 'source_office',
        'sources.title': 'source_headline',
        description: 'source_headline',
      },
    };
  },
});
