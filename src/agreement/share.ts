import type { PartyKind, Role } from '../access/actor.js';
import {
  type EntitySharing,
  fieldKindOf,
  type FieldRule,
  type LocationPrecision,
  type SharedEntity,
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
 * What a viewer sees of one owner's records of an entity. It depends on the owner's party, never on
 * the record, so a page decides it once per owner and applies it to each record.
 */
export interface Sharing {
  /** Whether the viewer sees the field's value. */
  shows(field: string): boolean;
  /** How precisely the viewer sees where a record is. */
  precision: LocationPrecision;
  /** The agreement version that decided; null before any is in force. */
  agreementVersion: number | null;
}

/**
 * How `viewer` sees `owner`'s records of `entity`: whole for its own party, else the fields the
 * agreement shares (under the context's conditions) and the location at the viewer's precision.
 * Null when the agreement does not share such records at all, unless the record involves the
 * viewer's party (`involved`).
 */
export function sharingFor(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  entity: SharedEntity,
  owner: { id: string; kind: PartyKind },
  context: PolicyContext = {},
  options: { involved?: boolean } = {},
): Sharing | null {
  const agreementVersion = agreement?.version ?? null;
  if (viewer.partyId === owner.id) return { shows: () => true, precision: 'exact', agreementVersion };
  if (!agreement || !viewer.partyKind) return null;
  if (!isParty(agreement.document, viewer.partyId) || !isParty(agreement.document, owner.id)) return null;
  const rules = sharingRules(agreement.document, owner.kind, viewer.partyKind, entity);
  // A party the record involves (a movement it must approve) sees it, field by field as agreed.
  if (rules.records === 'none' && !options.involved) return null;
  const precision = locationPrecision(rules, viewer.roles, context);
  return {
    shows: (field) => fieldShown(entity, field, rules.fields[field], precision, context),
    precision,
    agreementVersion,
  };
}

/** Where a record is, as the sharing shows it; null when it is withheld or the record has none. */
export function sharedLocation(sharing: Sharing, location: Point | null): SharedLocation | null {
  if (!location) return null;
  if (sharing.precision === 'exact') return exactly(location);
  return sharing.precision === 'area' ? coarsen(location) : null;
}

/**
 * The record as `viewer` may see it (see `sharingFor`); null when the agreement does not share
 * such records at all. A field the entity does not declare reaches no other party.
 */
export function share(
  agreement: AgreementInForce | null,
  viewer: PolicyActor,
  entity: SharedEntity,
  record: ShareableRecord,
  context: PolicyContext = {},
): SharedRecord | null {
  const sharing = sharingFor(
    agreement,
    viewer,
    entity,
    { id: record.partyId, kind: record.partyKind },
    context,
  );
  if (!sharing) return null;
  const fields: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(record.fields)) {
    if (sharing.shows(name)) fields[name] = value;
    else withheld.push(name);
  }
  const location = record.location ?? null;
  const shown = sharedLocation(sharing, location);
  if (location && !shown) withheld.push('location');
  return {
    id: record.id,
    partyId: record.partyId,
    fields,
    location: shown,
    withheld: withheld.sort(),
    agreementVersion: sharing.agreementVersion,
  };
}
