import { z } from 'zod';
import { polygonInput } from '../platform/geo.js';
import { unitKinds } from '../agreement/agreement.schema.js';
import { validationFailed } from '../platform/errors.js';
import { nameText } from '../platform/text-rules.js';

/** Pure rules and input shapes of the registry: persons, sites and units. */

export const personStatuses = ['in_country', 'away'] as const;
export const bloodGroups = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export const siteKinds = ['project', 'camp', 'residence', 'office', 'base', 'other'] as const;
export const unitStatuses = ['available', 'deployed', 'off_duty'] as const;

const optionalName = (max: number) =>
  z
    .string()
    .transform((v) => (v.trim() === '' ? null : v))
    .pipe(nameText(max).nullable())
    .nullable()
    .optional();
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/** A person's fields, without defaults: what a partial update takes. */
export const personFields = z.object({
  name: nameText(200),
  nativeName: optionalName(200),
  /** ISO 3166-1 alpha-2, e.g. CN, PK. */
  nationality: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter country code (ISO 3166-1), e.g. CN')
    .transform((v) => v.toUpperCase()),
  passportNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{5,20}$|^$/, '5 to 20 letters and digits')
    .transform((v) => (v === '' ? null : v.toUpperCase()))
    .nullable()
    .optional(),
  employer: optionalText(200),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,24}$|^$/, 'a phone number, e.g. +92 300 1234567')
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  emergencyContact: optionalText(300),
  bloodGroup: z
    .enum(bloodGroups)
    .or(z.literal(''))
    .transform((v) => (v === '' ? null : v))
    .pipe(z.enum(bloodGroups).nullable())
    .nullable()
    .optional(),
  siteId: z.string().min(1).max(100).nullable().optional(),
  status: z.enum(personStatuses),
});

/** A person as registered; the sensitive fields are encrypted at rest. */
export const personInput = personFields.extend({ status: z.enum(personStatuses).default('in_country') });
export type PersonInput = z.output<typeof personInput>;

export const siteInput = z.object({
  name: nameText(200),
  kind: z.enum(siteKinds),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  perimeter: polygonInput.nullable().optional(),
  protectionLevel: z.number().int().min(1).max(6),
  city: optionalText(100),
});
export type SiteInput = z.output<typeof siteInput>;

/** A unit's fields without defaults: what a partial update takes. */
export const unitFields = z.object({
  kind: z.enum(unitKinds),
  callSign: nameText(50),
  strength: z.number().int().min(0).max(10_000),
  vehicles: z.number().int().min(0).max(1_000),
  armouredVehicles: z.number().int().min(0).max(1_000),
  weapons: optionalText(300),
  baseSiteId: z.string().min(1).max(100).nullable().optional(),
  status: z.enum(unitStatuses),
});
/** A unit as registered; `assertUnitConsistent` checks the rule across its fields. */
export const unitInput = unitFields.extend({ status: z.enum(unitStatuses).default('available') });
export type UnitInput = z.output<typeof unitInput>;

/**
 * The unit's rule across fields: its armoured vehicles are some of its vehicles. A create checks
 * the input, an update the stored unit with the changes merged in, so both answer alike.
 */
export function assertUnitConsistent(unit: Pick<UnitInput, 'vehicles' | 'armouredVehicles'>): void {
  if (unit.armouredVehicles > unit.vehicles)
    throw validationFailed('armouredVehicles', `armouredVehicles: cannot exceed vehicles (${unit.vehicles})`);
}
