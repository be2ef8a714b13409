import { compileDateFormat, requiredDate } from './dates.js';
import type { Row } from './text.js';
import { codeIn, datasetReader, position, positionColumns } from './dataset.js';
import { RowError } from './types.js';
import { parseCount, province, text, toll } from './values.js';

/**
 * An ACLED export (the columns of the ACLED data export tool: event_id_cnty, event_date,
 * event_type, sub_event_type, actor1, actor2, admin1, admin2, location, latitude, longitude,
 * geo_precision, fatalities, notes, source…). Rules:
 * - type from event_type and sub_event_type (table below); peaceful protests and strategic
 *   developments are not violence and are skipped (reported in `skipped`), unless a strategic
 *   development has fatalities, which is imported as `other`.
 * - fatalities → killed best (ACLED's conservative figure, not split by who died), counted as
 *   civilians too for violence against civilians.
 * - perpetrator = actor1, opponent = actor2 unless civilians (they are the target, not a side);
 *   target from civilian_targeting, actor2 and inter2: state forces →
 *   security_forces, civilians → civilians (foreign_nationals when actor2 names another country,
 *   `Civilians (China)`), armed groups → militants.
 * - time_precision 1 → day, 2 → week, 3 → month; geo_precision 1 → place, 2 → district, 3 → province.
 */
const subEventTypes: Record<string, string> = {
  'suicide bomb': 'suicide_attack',
  'remote explosive/landmine/ied': 'ied',
  'shelling/artillery/missile attack': 'rocket_attack',
  'air/drone strike': 'other',
  grenade: 'other',
  'chemical weapon': 'other',
  'armed clash': 'armed_clash',
  'government regains territory': 'armed_clash',
  'non-state actor overtakes territory': 'armed_clash',
  attack: 'targeted_killing',
  'abduction/forced disappearance': 'kidnapping',
  'sexual violence': 'one_sided_violence',
  'excessive force against protesters': 'one_sided_violence',
  'mob violence': 'other',
  'violent demonstration': 'other',
};
const eventTypes: Record<string, string> = {
  battles: 'armed_clash',
  'explosions/remote violence': 'other',
  'violence against civilians': 'one_sided_violence',
  riots: 'other',
};
const timePrecisions: Record<string, string> = { '1': 'day', '2': 'week', '3': 'month' };
const geoPrecisions: Record<string, string> = { '1': 'place', '2': 'district', '3': 'province' };
const acledDates = [
  compileDateFormat('D MMMM YYYY'),
  compileDateFormat('D-MMMM-YYYY'),
  compileDateFormat('D/M/YYYY'),
];

/** The ACLED type and whether the row is an incident at all. */
function typeOf(row: Row, fatalities: number): { type: string } | { skip: string } {
  const eventType = row.get('event_type');
  const sub = row.get('sub_event_type').toLowerCase();
  const event = eventType.toLowerCase();
  const type = codeIn(subEventTypes, sub);
  if (type) return { type };
  if (event === 'protests') return { skip: `not violence: ${eventType}, ${row.get('sub_event_type')}` };
  if (event === 'strategic developments' && fatalities === 0) {
    return { skip: `not violence: ${eventType}, ${row.get('sub_event_type')}` };
  }
  if (!eventType) throw new RowError('event_type', 'no event type');
  return { type: codeIn(eventTypes, event) ?? 'other' };
}

function targetOf(row: Row): string | null {
  const actor = row.get('actor2');
  const inter = row.get('inter2').toLowerCase();
  const country = row.get('country');
  if (
    /civilian targeting/i.test(row.get('civilian_targeting')) ||
    inter === '7' ||
    /^civilians/i.test(actor)
  ) {
    const nationality = /^civilians\s*\(([^)]+)\)/i.exec(actor)?.[1]?.trim();
    return nationality && country && nationality.toLowerCase() !== country.toLowerCase()
      ? 'foreign_nationals'
      : 'civilians';
  }
  if (!actor && !inter) return null;
  if (inter === '1' || inter === '8' || inter.startsWith('state forces') || inter.startsWith('external')) {
    return 'security_forces';
  }
  if (/^(military|police) forces of/i.test(actor)) return 'security_forces';
  if (/^government of/i.test(actor)) return 'government';
  if (['2', '3', '4'].includes(inter) || /rebel|militia/.test(inter)) return 'militants';
  return actor ? 'unknown' : null;
}

export const acledReader = datasetReader({
  dataset: 'acled',
  idColumn: 'event_id_cnty',
  required: ['event_id_cnty', 'event_date', 'event_type', 'fatalities'],
  dateColumn: 'event_date',
  read(row, note, id) {
    const date = requiredDate(row.get('event_date'), 'event_date', acledDates, 'D MMMM YYYY or YYYY-MM-DD');
    const fatalities = parseCount(row.get('fatalities'), 'fatalities', note);
    const kind = typeOf(row, fatalities?.best ?? 0);
    if ('skip' in kind) return kind;
    const timePrec = row.get('time_precision');
    const geoPrec = row.get('geo_precision');
    const againstCivilians = row.get('event_type').toLowerCase() === 'violence against civilians';
    const sourceText = row.get('source');
    return {
      raw: {
        date: date.date,
        datePrecision: timePrecisions[timePrec] ?? date.precision,
        province: province(row.get('admin1')),
        district: text(row.get('admin2'), 'admin2', 100, note),
        place: text(row.get('location'), 'location', 200, note),
        ...position(row),
        geoPrecision: geoPrecisions[geoPrec] ?? null,
        type: kind.type,
        subType: text(row.get('sub_event_type') || row.get('event_type'), 'sub_event_type', 100, note),
        perpetrator: text(row.get('actor1'), 'actor1', 200, note),
        opponent: /^civilians/i.test(row.get('actor2')) ? null : text(row.get('actor2'), 'actor2', 200, note),
        target: targetOf(row),
        killed: toll({ total: fatalities, civilians: againstCivilians ? (fatalities?.best ?? null) : null }),
        description: text(row.get('notes'), 'notes', 5000, note),
        sources: [
          { publisher: 'ACLED', title: `ACLED event ${id}` },
          ...sourceText
            .split(';')
            .map((s) => text(s, 'source', 200, note))
            .filter((s): s is string => s != null)
            .slice(0, 49)
            .map((publisher) => ({ publisher })),
        ],
      },
      columns: {
        date: 'event_date',
        datePrecision: 'time_precision',
        province: 'admin1',
        district: 'admin2',
        place: 'location',
        ...positionColumns,
        geoPrecision: 'geo_precision',
        type: 'event_type',
        subType: 'sub_event_type',
        perpetrator: 'actor1',
        opponent: 'actor2',
        target: 'actor2',
        killed: 'fatalities',
        description: 'notes',
        sources: 'source',
      },
    };
  },
});
