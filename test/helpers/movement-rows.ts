import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/database.js';
import type { MovementRow } from '../../src/movements/movement.tables.js';
import type { UnitRow } from '../../src/registry/registry.tables.js';

// Rows straight into the tables, for tests of the storage beneath the movement services: the
// smallest movement and unit the foreign keys and checks accept, each field overridable.

const stamp = '2026-11-28T08:00:00.000Z';

/** Stores a draft movement of `party_id` (the partner's by default) and returns its row. */
export async function insertMovementRow(
  db: Db,
  overrides: Partial<MovementRow> & Pick<MovementRow, 'requested_by'>,
): Promise<MovementRow> {
  const row: MovementRow = {
    id: randomUUID(),
    party_id: 'cso',
    state: 'draft',
    purpose: 'Site visit',
    origin_site_id: null,
    origin_lat: 35.29,
    origin_lon: 73.29,
    destination_site_id: null,
    destination_lat: 35.0,
    destination_lon: 73.0,
    route: JSON.stringify({
      type: 'LineString',
      coordinates: [
        [73.29, 35.29],
        [73.0, 35.0],
      ],
    }),
    corridor_m: 1000,
    planned_departure: '2026-12-01T08:00:00.000Z',
    planned_arrival: '2026-12-01T12:00:00.000Z',
    vehicles: JSON.stringify([{ label: 'Van 1', armoured: false }]),
    risk_level: null,
    assessment: null,
    assessed_at: null,
    agreement_version: null,
    departed_at: null,
    arrived_at: null,
    ended_reason: null,
    debrief: null,
    version: 1,
    is_demo: 0,
    created_at: stamp,
    updated_at: stamp,
    ...overrides,
  };
  await db.insertInto('movements').values(row).execute();
  return row;
}

/** Stores an active armed escort unit of `party_id` (the host's by default) and returns its row. */
export async function insertUnitRow(db: Db, overrides: Partial<UnitRow> = {}): Promise<UnitRow> {
  const row: UnitRow = {
    id: randomUUID(),
    party_id: 'ssd',
    kind: 'armed_escort',
    call_sign: 'ESCORT-1',
    strength: 8,
    vehicles: 2,
    armoured_vehicles: 1,
    weapons: null,
    base_site_id: null,
    status: 'available',
    agreement_version: 1,
    active: 1,
    is_demo: 0,
    created_at: stamp,
    updated_at: stamp,
    ...overrides,
  };
  await db.insertInto('units').values(row).execute();
  return row;
}
