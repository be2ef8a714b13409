import { isoDate } from './dates.js';
import type { Row } from './text.js';
import { codeIn, datasetReader, position, positionColumns } from './dataset.js';
import { type Note, RowError } from './types.js';
import { parseCategory, parseCount, parseYesNo, province, text, toll } from './values.js';

/**
 * The Global Terrorism Database CSV (START, University of Maryland; the Kaggle copy is
 * Windows-1252). Rules:
 * - date from iyear, imonth, iday; iday 0 → the 1st with month precision, imonth 0 → 1 January
 *   with year precision.
 * - type: suicide = 1 → suicide_attack; a projectile weapon (rockets, mortars) → rocket_attack;
 *   else by attacktype1_txt (Bombing/Explosion → ied, Armed Assault → armed_assault,
 *   Assassination → targeted_killing, Hostage Taking (Kidnapping) and Hijacking → kidnapping,
 *   Hostage Taking (Barricade Incident) → armed_assault, anything else → other).
 * - target from targtype1_txt (table below); a civilian target of another nationality than the
 *   country (natlty1_txt) → foreign_nationals.
 * - killed best = nkill (GTD counts victims and perpetrators together), militants = nkillter;
 *   wounded likewise with nwound, nwoundte; kidnapped = nhostkid (-99 unknown); claimed 1/0, -9 unknown.
 * - specificity 1 → place, 2–3 → district, 4 → province, 5 → country.
 */
const attackTypes: Record<string, string> = {
  'bombing/explosion': 'ied',
  'armed assault': 'armed_assault',
  assassination: 'targeted_killing',
  'hostage taking (kidnapping)': 'kidnapping',
  hijacking: 'kidnapping',
  'hostage taking (barricade incident)': 'armed_assault',
};
const targetTypes: Record<string, string> = {
  police: 'security_forces',
  military: 'security_forces',
  'private citizens & property': 'civilians',
  'educational institution': 'civilians',
  'religious figures/institutions': 'civilians',
  business: 'civilians',
  'journalists & media': 'civilians',
  ngo: 'civilians',
  'abortion related': 'civilians',
  tourists: 'foreign_nationals',
  'government (general)': 'government',
  'government (diplomatic)': 'government',
  transportation: 'infrastructure',
  utilities: 'infrastructure',
  telecommunication: 'infrastructure',
  'food or water supply': 'infrastructure',
  'airports & aircraft': 'infrastructure',
  maritime: 'infrastructure',
  'terrorists/non-state militia': 'militants',
  'violent political party': 'militants',
  other: 'unknown',
  unknown: 'unknown',
};
const specificities: Record<string, string> = {
  '1': 'place',
  '2': 'district',
  '3': 'district',
  '4': 'province',
  '5': 'country',
};

/** A GTD whole number: `3`, `3.0`; -9 and -99 mean unknown. */
function gtdCount(row: Row, column: string, note: Note): number | null {
  const cell = row.get(column);
  if (/^-9+(\.0+)?$/.test(cell)) return null;
  return parseCategory(cell, column, note);
}

function dateOf(row: Row): { date: string; precision: 'day' | 'month' | 'year' } {
  const whole = (column: string) => {
    const cell = row.get(column);
    if (!/^\d+(\.0+)?$/.test(cell)) throw new RowError(column, cell ? `"${cell}" is not a number` : 'empty');
    return Number.parseInt(cell, 10);
  };
  const year = whole('iyear');
  const month = whole('imonth');
  const day = whole('iday');
  const precision = month === 0 ? 'year' : day === 0 ? 'month' : 'day';
  const date = isoDate(year, month || 1, day || 1);
  if (!date)
    throw new RowError(month > 12 ? 'imonth' : 'iday', `${year}-${month}-${day} is not a calendar date`);
  return { date, precision };
}

function typeOf(row: Row): string {
  if (row.get('suicide') === '1') return 'suicide_attack';
  if (/^projectile/i.test(row.get('weapsubtype1_txt'))) return 'rocket_attack';
  return codeIn(attackTypes, row.get('attacktype1_txt').toLowerCase()) ?? 'other';
}

function targetOf(row: Row): string | null {
  const kind = row.get('targtype1_txt');
  if (!kind) return null;
  const target = codeIn(targetTypes, kind.toLowerCase()) ?? 'unknown';
  const nationality = row.get('natlty1_txt');
  const country = row.get('country_txt');
  const foreign =
    nationality &&
    country &&
    nationality.toLowerCase() !== country.toLowerCase() &&
    !/^(international|multinational|unknown)$/i.test(nationality);
  return target === 'civilians' && foreign ? 'foreign_nationals' : target;
}

export const gtdReader = datasetReader({
  dataset: 'gtd',
  idColumn: 'eventid',
  required: ['eventid', 'iyear', 'imonth', 'iday'],
  dateColumn: 'iyear',
  read(row, note, id) {
    const date = dateOf(row);
    const city = row.get('city');
    const group = row.get('gname');
    const citation = row.get('scite1');
    return {
      raw: {
        date: date.date,
        datePrecision: date.precision,
        province: province(/^unknown$/i.test(row.get('provstate')) ? '' : row.get('provstate')),
        place: /^unknown$/i.test(city) ? null : text(city, 'city', 200, note),
        ...position(row),
        geoPrecision: codeIn(specificities, row.get('specificity')) ?? null,
        type: typeOf(row),
        subType: text(row.get('attacktype1_txt'), 'attacktype1_txt', 100, note),
        perpetrator: /^unknown$/i.test(group) ? null : text(group, 'gname', 200, note),
        claimed: parseYesNo(row.get('claimed'), 'claimed'),
        target: targetOf(row),
        killed: toll({
          total: parseCount(row.get('nkill'), 'nkill', note),
          militants: gtdCount(row, 'nkillter', note),
        }),
        wounded: toll({
          total: parseCount(row.get('nwound'), 'nwound', note),
          militants: gtdCount(row, 'nwoundte', note),
        }),
        kidnapped: gtdCount(row, 'nhostkid', note),
        description: text(row.get('summary'), 'summary', 5000, note),
        sources: [
          {
            publisher: 'Global Terrorism Database',
            title: citation ? text(citation, 'scite1', 500, note) : `GTD event ${id}`,
          },
        ],
      },
      columns: {
        date: 'iyear',
        province: 'provstate',
        place: 'city',
        ...positionColumns,
        type: 'attacktype1_txt',
        subType: 'attacktype1_txt',
        perpetrator: 'gname',
        claimed: 'claimed',
        target: 'targtype1_txt',
        killed: 'nkill',
        'killed.militants': 'nkillter',
        wounded: 'nwound',
        'wounded.militants': 'nwoundte',
        kidnapped: 'nhostkid',
        description: 'summary',
        sources: 'scite1',
      },
    };
  },
});
