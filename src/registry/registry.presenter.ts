import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { type ShareableField, type SharedEntity, shareableFields } from '../agreement/agreement.schema.js';
import type { Point } from '../agreement/location.js';
import { type AgreementInForce, type PolicyContext, policyActor } from '../agreement/policy.js';
import { type Sharing, sharedLocation, sharingFor } from '../agreement/share.js';
import { type ErrorCode, notFound } from '../platform/errors.js';
import type { ListedPerson } from './person.service.js';
import { personFields, siteInput, unitFields } from './registry.js';
import type { Site } from './site.service.js';
import type { Unit } from './unit.service.js';
import type { RegistryAccess } from './visibility.js';
import { approvalsAt, movementActionNames, movementActions } from '../movements/movement.actions.js';
import { presentEscorts } from '../movements/escort.presenter.js';
import { escortedBy, involves, type Movement, movementFields } from '../movements/movement.record.js';

/**
 * The one way a person, a site, a unit or a movement leaves the server: the viewer, the agreement read once
 * for the request, the entity, and its records. Each record's fields are copied from the
 * entity's allow-list in the agreement schema (`shareableFields`), and only those the agreement
 * shows the viewer are read at all, so a withheld encrypted field is never decrypted.
 */

/** Who sees records, under which agreement version and circumstances: read once per request. */
export interface Viewing {
  viewer: Actor;
  agreement: AgreementInForce | null;
  context: PolicyContext;
  /** The request's time, read once with the agreement: what is overdue is judged at it. */
  at?: Date;
  /** The unit the viewer commands (a commander's users.unit_id): its movements involve them. */
  commands?: string | null;
}

/**
 * Everything about a viewing that decides what it is shown, as text: two viewings with one key are
 * shown the same of the same records, since the agreement tells actors apart only by their kind,
 * party and roles (`policyActor`). For keeping answers (see platform/http/answer-cache.ts).
 */
export function viewingKey({ viewer, agreement, context, commands }: Viewing): string {
  const { partyId, partyKind, roles } = policyActor(viewer);
  const circumstances = Object.entries(context).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([
    viewer.type,
    partyId,
    partyKind,
    [...roles].sort(),
    agreement?.version ?? null,
    circumstances,
    commands ?? null,
  ]);
}

/** The records of each shared entity as its service returns them. */
interface Records {
  person: ListedPerson;
  site: Site;
  unit: Unit;
  movement: Movement;
}

// Every field an entity's allow-list names is a property of its record: this fails to compile otherwise.
const recordsHaveTheirFields: Records extends { [E in SharedEntity]: Record<ShareableField<E>, unknown> }
  ? true
  : never = true;
void recordsHaveTheirFields;

/** Where a record is, for the entities that have a place of their own. */
const locationOf: { [E in SharedEntity]: (record: Records[E]) => Point | null } = {
  person: () => null,
  site: (site) => ({ lat: site.lat, lon: site.lon }),
  unit: () => null,
  movement: () => null,
};

/** The input schema of each entity's fields: the allow-listed fields' responses derive from it. */
const inputShapes = {
  person: personFields.shape,
  site: siteInput.shape,
  unit: unitFields.shape,
  movement: movementFields.shape,
} satisfies {
  [E in SharedEntity]: Record<ShareableField<E>, z.ZodType>;
};
type InputShapes = typeof inputShapes;

/**
 * What a field holds in a response, from its input schema: the same type without the input's
 * rules (trimming, limits, defaults), which a stored value has passed already. An input that
 * transforms what it is given is read by what it transforms into when that is a schema, else
 * by what it takes.
 */
export function responseValue(input: z.ZodType): z.ZodType {
  if (input instanceof z.ZodOptional || input instanceof z.ZodDefault)
    return responseValue(input.unwrap() as z.ZodType);
  if (input instanceof z.ZodNullable) {
    const value = responseValue(input.unwrap() as z.ZodType);
    return value.isNullable() ? value : value.nullable();
  }
  if (input instanceof z.ZodPipe)
    return responseValue((input.out instanceof z.ZodTransform ? input.in : input.out) as z.ZodType);
  if (input instanceof z.ZodString) return z.string();
  if (input instanceof z.ZodNumber) return input.isInt ? z.number().int() : z.number();
  return input;
}

export const sharedLocationSchema = z
  .union([
    z.object({ precision: z.literal('exact'), lat: z.number(), lon: z.number() }),
    z.object({ precision: z.literal('area'), lat: z.number(), lon: z.number(), cellKm: z.number() }),
  ])
  .nullable();

/** The envelope every shared record has, whatever its fields. */
export const sharedEnvelope = {
  id: z.string(),
  partyId: z.string(),
  location: sharedLocationSchema,
  withheld: z.array(z.string()).describe('fields the agreement withholds from you'),
  agreementVersion: z.number().int().nullable().describe('the agreement version that decided what you see'),
};

/** Each allow-listed field of an entity's response: its stored value, present when shown. */
type ResponseFields<E extends SharedEntity> = {
  [F in ShareableField<E>]: z.ZodOptional<
    z.ZodType<Exclude<z.output<InputShapes[E][F & keyof InputShapes[E]]>, undefined>>
  >;
};
type SharedSchema<E extends SharedEntity> = z.ZodObject<typeof sharedEnvelope & ResponseFields<E>>;

/** A record as the API sends it: its shown fields at the top level, beside what was withheld. */
export type Presented<E extends SharedEntity> = z.output<SharedSchema<E>>;

/** The response schema of an entity: the envelope, and each allow-listed field, present when shown. */
function sharedSchema<E extends SharedEntity>(entity: E, id: string) {
  const shape: Record<string, z.ZodType> = inputShapes[entity];
  const fields = Object.fromEntries(
    Object.keys(shareableFields[entity]).map((name) => [name, responseValue(shape[name]!).optional()]),
  );
  // A movement also lists the approval actions its viewer may take now.
  const actions =
    entity === 'movement'
      ? {
          actions: z
            .array(z.enum(movementActionNames))
            .optional()
            .describe('the approval actions you may take on this movement now'),
        }
      : {};
  return z.object({ ...sharedEnvelope, ...fields, ...actions }).meta({ id }) as unknown as SharedSchema<E>;
}

export const personSchema = sharedSchema('person', 'Person');
export const siteSchema = sharedSchema('site', 'Site');
export const unitSchema = sharedSchema('unit', 'Unit');
export const movementSchema = sharedSchema('movement', 'Movement');

/** What one owner's records show a viewer, worked out once for a page: the fields, in allow-list order. */
interface Shown {
  sharing: Sharing;
  fields: readonly string[];
  /** The withheld fields, sorted; with `location` too, for a record that has one. */
  withheld: readonly string[];
  withheldWithLocation: readonly string[];
}

function shownBy(sharing: Sharing, entity: SharedEntity): Shown {
  const names = Object.keys(shareableFields[entity]);
  const withheld = names.filter((name) => !sharing.shows(name)).sort();
  return {
    sharing,
    fields: names.filter((name) => sharing.shows(name)),
    withheld,
    withheldWithLocation: [...withheld, 'location'].sort(),
  };
}

function presentWith<E extends SharedEntity>(shown: Shown, entity: E, record: Records[E]): Presented<E> {
  const presented: Record<string, unknown> = { id: record.id, partyId: record.partyId };
  // Only the shown fields are read: an encrypted field withheld is never decrypted.
  const source = record as unknown as Record<string, unknown>;
  for (const name of shown.fields) presented[name] = source[name];
  const where = locationOf[entity](record);
  const location = sharedLocation(shown.sharing, where);
  presented.location = location;
  presented.withheld = [...(where && !location ? shown.withheldWithLocation : shown.withheld)];
  presented.agreementVersion = shown.sharing.agreementVersion;
  return presented as Presented<E>;
}

/** The records as the viewer may see them; a record the agreement does not share is left out. */
export function present<E extends SharedEntity>(viewing: Viewing, entity: E, records: readonly Records[E][]) {
  const viewer = policyActor(viewing.viewer);
  // What is shown depends on the owner's party only: decided once per party on the page.
  const byOwner = new Map<string, Shown | null>();
  const presented: Presented<E>[] = [];
  for (const record of records) {
    // A movement the viewer's party must approve, or whose escort the viewer commands, involves
    // it: the `movement` condition holds.
    const movement = entity === 'movement' ? (record as Records['movement']) : null;
    const involved =
      !!movement && (involves(viewing.agreement, viewer, movement) || escortedBy(viewing.commands, movement));
    const key = involved ? `${record.partyId} involved` : record.partyId;
    let shown = byOwner.get(key);
    if (shown === undefined) {
      const owner = { id: record.partyId, kind: record.partyKind };
      const context = involved ? { ...viewing.context, inMovement: true } : viewing.context;
      const sharing = sharingFor(viewing.agreement, viewer, entity, owner, context, { involved });
      shown = sharing && shownBy(sharing, entity);
      byOwner.set(key, shown);
    }
    if (!shown) continue;
    const one = presentWith(shown, entity, record);
    if (entity === 'movement') withApprovals(viewing, record as Records['movement'], one);
    // The escort's units show only what the agreement shares of each unit's own record.
    if (movement && shown.sharing.shows('units')) {
      const escort = presentEscorts(viewing.agreement, viewer, viewing.context, movement.units);
      (one as Record<string, unknown>).units = escort;
    }
    presented.push(one);
  }
  return presented;
}

/** A movement's break-glass reviews as of the viewing's time, and the actions its viewer may take. */
function withApprovals(viewing: Viewing, movement: Movement, presented: Record<string, unknown>) {
  // A viewing built without a time (a test's) is judged now.
  const at = viewing.at ?? new Date();
  if (presented.approvals !== undefined) presented.approvals = approvalsAt(movement.approvals, at);
  presented.actions = movementActions(viewing.viewer, viewing.agreement, movement, at);
}

const notFoundCodes = {
  person: 'person_not_found',
  site: 'site_not_found',
  unit: 'unit_not_found',
  movement: 'movement_not_found',
} as const satisfies Record<SharedEntity, ErrorCode>;

/** One record as the viewer may see it; not found when the agreement does not share it. */
export function presentOne<E extends SharedEntity>(viewing: Viewing, entity: E, record: Records[E]) {
  const [shown] = present(viewing, entity, [record]);
  if (!shown) throw notFound(notFoundCodes[entity], entity[0]!.toUpperCase() + entity.slice(1));
  return shown;
}

/**
 * Presents what a write returned as its author sees it under the agreement in force: one viewing
 * per call, for routes that answer a write with the record.
 */
export function presenterFor<E extends SharedEntity>(visibility: Pick<RegistryAccess, 'viewing'>, entity: E) {
  return async (actor: Actor, record: Records[E]) =>
    presentOne(await visibility.viewing(actor), entity, record);
}
