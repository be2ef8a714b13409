import type { PartyKind, Role } from '../access/actor.js';
import {
  type EntitySharing,
  fieldKindOf,
  type FieldRule,
  type LocationPrecision,
  type SharedEntity,
  shareableFields,
} from './agreement.schema.js';
import { coarsen, exactly, type Point, type SharedLocation } from './location.js';
import {
  type AgreementInForce,
  anyHolds,
  decide,
  isParty,
  type PolicyActor,
  type PolicyContext,
  sharingRules,
} from './policy.js';

/**
 * What a viewer sees of another party's records under the agreement in force: which owners' records
 * at all, which fields, and how precisely where they are. Pure, like decide().
 */

/**
 * The parties whose records of `entity` the viewer sees: its own, and those the agreement in
 * force shares. Lists filter on this in SQL, so paging never skips or leaks a row.
 */
export function visibleOwners(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  entity: SharedEntity,
  parties: readonly { id: string; kind: PartyKind }[],
): string[] {
  return parties
    .filter((owner) => {
      if (owner.id === viewer.partyId) return true;
      if (!agreement || !viewer.partyKind) return false;
      return decide(agreement, viewer, {
        type: 'record.read',
        entity,
        ownerPartyId: owner.id,
        ownerKind: owner.kind,
      }).allow;
    })
    .map((p) => p.id);
}

function fieldShared(rule: FieldRule | undefined, context: PolicyContext): boolean {
  if (rule === undefined || rule === 'never') return false;
  if (rule === 'always') return true;
  return anyHolds(rule.when, context);
}

/**
 * Whether another party's viewer sees a field: one the entity does not declare never; a location
 * field only at exact precision, since a shape or a place name has no coarse form that does not
 * narrow the area cell (a perimeter's vertices, snapped, still tell which cells it spans).
 */
function fieldShown(
  entity: SharedEntity,
  name: string,
  rule: FieldRule | undefined,
  precision: LocationPrecision,
  context: PolicyContext,
): boolean {
  const kind = fieldKindOf(entity, name);
  if (kind === undefined) return false;
  if (kind === 'location' && precision !== 'exact') return false;
  return fieldShared(rule, context);
}

/**
 * Whether a viewer of another party sees every one of `fields` of an owner's records under the
 * context: a list may filter or search on a field only where it would show it, or the filter
 * itself would disclose the value.
 */
export function sharesFields(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  entity: SharedEntity,
  owner: { id: string; kind: PartyKind },
  fields: readonly string[],
  context: PolicyContext = {},
): boolean {
  if (viewer.partyId === owner.id) return true;
  if (!agreement || !viewer.partyKind) return false;
  if (!isParty(agreement.document, viewer.partyId) || !isParty(agreement.document, owner.id)) return false;
  const rules = sharingRules(agreement.document, owner.kind, viewer.partyKind, entity);
  if (rules.records !== 'all') return false;
  const precision = locationPrecision(rules, viewer.roles, context);
  return fields.every((field) => fieldShown(entity, field, rules.fields[field], precision, context));
}

/** The precision a viewer gets for a location under the rules. */
export function locationPrecision(
  rules: EntitySharing,
  viewerRoles: readonly Role[],
  context: PolicyContext,
): LocationPrecision {
  const rank = { none: 0, area: 1, exact: 2 } as const;
  let best: LocationPrecision = 'none';
  for (const role of viewerRoles) {
    const p = rules.location.byRole[role] ?? 'none';
    if (rank[p] > rank[best]) best = p;
  }
  if (best === 'area' && anyHolds(rules.location.exactWhen, context)) return 'exact';
  return best;
}

/**
 * The fields of `source` that the entity declares in the agreement schema. Presenters pass only
 * these, so a field nobody declared (and gave a kind) reaches no one, its owner included.
 */
export function shareableFieldsOf(entity: SharedEntity, source: object): Record<string, unknown> {
  const values = source as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(shareableFields[entity])) {
    if (Object.hasOwn(values, name)) fields[name] = values[name];
  }
  return fields;
}

/** A record with its identity, its fields, and where it is. */
export interface ShareableRecord {
  id: string;
  partyId: string;
  partyKind: PartyKind;
  fields: Record<string, unknown>;
  location?: Point | null;
}

export interface SharedRecord {
  id: string;
  partyId: string;
  fields: Record<string, unknown>;
  location: SharedLocation | null;
  /** Names of the fields the agreement withholds from this viewer, so a screen can say so. */
  withheld: string[];
  /** The agreement version that decided what is shown; null before any is in force. */
  agreementVersion: number | null;
}

/**
 * The record as `viewer` may see it: whole for its own party, else only the fields the agreement
 * shares (under the context's conditions) and the location at the viewer's precision. Returns
 * null when the agreement does not share such records at all.
 */
export function share(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  entity: SharedEntity,
  record: ShareableRecord,
  context: PolicyContext = {},
): SharedRecord | null {
  const location = record.location ?? null;
  if (viewer.partyId === record.partyId) {
    return {
      id: record.id,
      partyId: record.partyId,
      fields: { ...record.fields },
      location: location && exactly(location),
      withheld: [],
      agreementVersion: agreement?.version ?? null,
    };
  }
  if (!agreement || !viewer.partyKind) return null;
  if (!isParty(agreement.document, viewer.partyId) || !isParty(agreement.document, record.partyId))
    return null;
  const rules = sharingRules(agreement.document, record.partyKind, viewer.partyKind, entity);
  if (rules.records === 'none') return null;
  const precision = locationPrecision(rules, viewer.roles, context);
  const fields: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(record.fields)) {
    if (fieldShown(entity, name, rules.fields[name], precision, context)) fields[name] = value;
    else withheld.push(name);
  }
  let shown: SharedLocation | null = null;
  if (location) {
    if (precision === 'exact') shown = exactly(location);
    else if (precision === 'area') shown = coarsen(location);
    else withheld.push('location');
  }
  return {
    id: record.id,
    partyId: record.partyId,
    fields,
    location: shown,
    withheld: withheld.sort(),
    agreementVersion: agreement.version,
  };
}
