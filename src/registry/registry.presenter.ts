import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { policyActor } from '../agreement/agreement.service.js';
import {
  type ShareableField,
  type SharedEntity,
  shareableFields,
  unitKinds,
} from '../agreement/agreement.schema.js';
import type { Point } from '../agreement/location.js';
import type { AgreementInForce, PolicyContext } from '../agreement/policy.js';
import { type Sharing, sharedLocation, sharingFor } from '../agreement/share.js';
import { type ErrorCode, notFound } from '../platform/errors.js';
import type { Person } from './person.service.js';
import { bloodGroups, personStatuses, polygonInput, siteKinds, unitStatuses } from './registry.js';
import type { Site } from './site.service.js';
import type { Unit } from './unit.service.js';

/**
 * The one way a person, a site or a unit leaves the server: the viewer, the agreement read once
 * for the request, the entity, and its records. Each record's fields are copied from the
 * entity's allow-list in the agreement schema (`shareableFields`), and only those the agreement
 * shows the viewer are read at all, so a withheld encrypted field is never decrypted.
 */

/** Who sees records, under which agreement version and circumstances: read once per request. */
export interface Viewing {
  viewer: Actor;
  agreement: AgreementInForce | null;
  context: PolicyContext;
}

/** The records of each shared entity as its service returns them. */
interface Records {
  person: Person;
  site: Site;
  unit: Unit;
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
};

/** What each allow-listed field holds in a response; a field the allow-list lacks does not compile. */
const fieldValues = {
  person: {
    name: z.string(),
    nativeName: z.string().nullable(),
    nationality: z.string(),
    passportNumber: z.string().nullable(),
    employer: z.string().nullable(),
    phone: z.string().nullable(),
    emergencyContact: z.string().nullable(),
    bloodGroup: z.enum(bloodGroups).nullable(),
    siteId: z.string().nullable(),
    status: z.enum(personStatuses),
  },
  site: {
    name: z.string(),
    kind: z.enum(siteKinds),
    perimeter: polygonInput.nullable(),
    protectionLevel: z.number().int(),
    city: z.string().nullable(),
  },
  unit: {
    kind: z.enum(unitKinds),
    callSign: z.string(),
    strength: z.number().int(),
    vehicles: z.number().int(),
    armouredVehicles: z.number().int(),
    weapons: z.string().nullable(),
    baseSiteId: z.string().nullable(),
    status: z.enum(unitStatuses),
  },
} satisfies { [E in SharedEntity]: Record<ShareableField<E>, z.ZodType> };

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

type Optional<V extends Record<string, z.ZodType>> = { [F in keyof V]: z.ZodOptional<V[F]> };

/** The response schema of an entity: the envelope, and each allow-listed field, present when shown. */
function sharedSchema<E extends SharedEntity>(entity: E, id: string) {
  const values: Record<string, z.ZodType> = fieldValues[entity];
  const fields = Object.fromEntries(
    Object.keys(shareableFields[entity]).map((name) => [name, values[name]!.optional()]),
  ) as Optional<(typeof fieldValues)[E]>;
  return z.object({ ...sharedEnvelope, ...fields }).meta({ id });
}

export const personSchema = sharedSchema('person', 'Person');
export const siteSchema = sharedSchema('site', 'Site');
export const unitSchema = sharedSchema('unit', 'Unit');
interface Schemas {
  person: typeof personSchema;
  site: typeof siteSchema;
  unit: typeof unitSchema;
}

/** A record as the API sends it: its shown fields at the top level, beside what was withheld. */
export type Presented<E extends SharedEntity> = z.output<Schemas[E]>;

function presentWith<E extends SharedEntity>(sharing: Sharing, entity: E, record: Records[E]): Presented<E> {
  const fields: Record<string, unknown> = {};
  const withheld: string[] = [];
  const source = record as unknown as Record<string, unknown>;
  for (const name of Object.keys(shareableFields[entity])) {
    if (sharing.shows(name)) fields[name] = source[name];
    else withheld.push(name);
  }
  const where = locationOf[entity](record);
  const location = sharedLocation(sharing, where);
  if (where && !location) withheld.push('location');
  return {
    id: record.id,
    partyId: record.partyId,
    ...fields,
    location,
    withheld: withheld.sort(),
    agreementVersion: sharing.agreementVersion,
  } as Presented<E>;
}

/** The records as the viewer may see them; a record the agreement does not share is left out. */
export function present<E extends SharedEntity>(viewing: Viewing, entity: E, records: readonly Records[E][]) {
  const viewer = policyActor(viewing.viewer);
  // Sharing depends on the owner's party only: decided once per party on the page.
  const byOwner = new Map<string, Sharing | null>();
  const shown: Presented<E>[] = [];
  for (const record of records) {
    let sharing = byOwner.get(record.partyId);
    if (sharing === undefined) {
      const owner = { id: record.partyId, kind: record.partyKind };
      sharing = sharingFor(viewing.agreement, viewer, entity, owner, viewing.context);
      byOwner.set(record.partyId, sharing);
    }
    if (sharing) shown.push(presentWith(sharing, entity, record));
  }
  return shown;
}

const notFoundCodes = {
  person: 'person_not_found',
  site: 'site_not_found',
  unit: 'unit_not_found',
} as const satisfies Record<SharedEntity, ErrorCode>;

/** One record as the viewer may see it; not found when the agreement does not share it. */
export function presentOne<E extends SharedEntity>(viewing: Viewing, entity: E, record: Records[E]) {
  const [shown] = present(viewing, entity, [record]);
  if (!shown) throw notFound(notFoundCodes[entity], entity[0]!.toUpperCase() + entity.slice(1));
  return shown;
}
