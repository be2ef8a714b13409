import { latLngToCell } from 'h3-js';
import type { Actor } from '../access/actor.js';
import { forbidden } from '../platform/errors.js';
import { type AccountInput, effectiveColumns, riskResolution } from './incident.js';
import type { IncidentAccountRow, IncidentRow } from './incident.tables.js';

/**
 * A new incident's rows, pure: the record and its first account as the actor's party files them,
 * for a single create and for an import alike.
 */

/** The risk grid cell of a point. */
export const cellOf = (lat: number, lon: number) => latLngToCell(lat, lon, riskResolution);

export interface NewIncident extends AccountInput {
  /** The id the record has in the dataset it came from, e.g. `ucdp:123456`. */
  sourceKey?: string | null;
  isDemo?: boolean;
}

/** The party an account is filed for: the actor's; refused for an actor of no party. */
export function partyOf(actor: Actor): string {
  if (!actor.partyId) throw forbidden('An incident account is filed by a party', { caller: 'party member' });
  return actor.partyId;
}

/** A new incident's row and its first account's, with the ids given. */
export function newRows(
  actor: Actor,
  partyId: string,
  input: NewIncident,
  now: string,
  ids: { incident: string; account: string },
) {
  const id = ids.incident;
  const { sourceKey, isDemo, ...body } = input;
  const row: IncidentRow = {
    id,
    source_key: sourceKey ?? null,
    ...effectiveColumns(body, cellOf),
    accounts: 1,
    is_demo: isDemo ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  const account: IncidentAccountRow = {
    id: ids.account,
    incident_id: id,
    party_id: partyId,
    revision: 1,
    body: JSON.stringify(body),
    created_by: actor.id,
    created_at: now,
    superseded_at: null,
  };
  return { row, account };
}
