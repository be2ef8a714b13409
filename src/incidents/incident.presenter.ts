import type { IncidentRow } from './incident.tables.js';

/** The reconciled incident as the API shows it. */
export function presentIncident(row: IncidentRow) {
  const tollOf = (prefix: 'killed' | 'wounded') => ({
    civilians: row[`${prefix}_civilians`],
    security: row[`${prefix}_security`],
    militants: row[`${prefix}_militants`],
    foreignNationals: row[`${prefix}_foreign`],
    unknown: row[`${prefix}_unknown`],
    best: row[`${prefix}_best`],
    low: row[`${prefix}_low`],
    high: row[`${prefix}_high`],
  });
  return {
    id: row.id,
    sourceKey: row.source_key,
    date: row.date,
    datePrecision: row.date_precision,
    province: row.province,
    district: row.district,
    place: row.place,
    lat: row.lat === null ? null : Number(row.lat),
    lon: row.lon === null ? null : Number(row.lon),
    geoPrecision: row.geo_precision,
    type: row.type,
    subType: row.sub_type,
    perpetrator: row.perpetrator,
    opponent: row.opponent,
    claimed: row.claimed === null ? null : row.claimed === 1,
    target: row.target,
    killed: tollOf('killed'),
    wounded: tollOf('wounded'),
    kidnapped: row.kidnapped,
    status: row.status,
    statusStatement: row.status_statement,
    description: row.description,
    accounts: row.accounts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
