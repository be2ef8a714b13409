import type { components } from '../api/schema.js';
import type { Permission } from '../../../src/access/permissions.js';

export type Person = components['schemas']['Person'];
export type Site = components['schemas']['Site'];
export type Unit = components['schemas']['Unit'];
export type RegistryRecord = Person | Site | Unit;
export type Kind = 'persons' | 'sites' | 'units';

/** How a field is entered and shown: its input, and for a choice its values and their label keys. */
export interface Field {
  name: string;
  /** `shape`: a polygon drawn on the map, shown here but not entered in the form. */
  input: 'text' | 'number' | 'choice' | 'site' | 'shape';
  /** For `choice`: the values, labelled by `${labels}.${value}`. */
  values?: readonly string[];
  labels?: string;
  required?: boolean;
  /** Shown in the list's table as well as on the detail. */
  listed?: boolean;
  /** Entered as a field but read back within `location` (a site's coordinates). */
  inLocation?: 'lat' | 'lon';
}

/** A list filter kept in the address's query: free text or a choice. */
export interface Filter {
  name: string;
  values?: readonly string[];
  labels?: string;
}

export interface KindSpec {
  kind: Kind;
  path: '/api/v1/persons' | '/api/v1/sites' | '/api/v1/units';
  write: Permission;
  /** The field that names a record in lists and headings. */
  title: 'name' | 'callSign';
  fields: Field[];
  filters: Filter[];
  /** Whether records have a place of their own, shown with the precision the agreement gives. */
  located: boolean;
  /** A record placed by a site it names (a unit at its base): shown where that site is shown. */
  placedBy?: 'baseSiteId';
}

const siteKinds = [
  'project',
  'camp',
  'residence',
  'office',
  'base',
  'other',
] as const satisfies Site['kind'][];
const unitKinds = [
  'armed_escort',
  'static_guard',
  'close_protection',
  'liaison',
] as const satisfies Unit['kind'][];
const unitStatuses = ['available', 'deployed', 'off_duty'] as const satisfies Unit['status'][];
const personStatuses = ['in_country', 'away'] as const satisfies Person['status'][];
const bloodGroups = [
  'A+',
  'A-',
  'B+',
  'B-',
  'AB+',
  'AB-',
  'O+',
  'O-',
] as const satisfies Person['bloodGroup'][];

// The values are the server's (each checked against the API's types): the choices offered in forms.

/** The registry's three kinds of record: the one table the lists, details and forms are drawn from. */
export const kinds: Record<Kind, KindSpec> = {
  persons: {
    kind: 'persons',
    path: '/api/v1/persons',
    write: 'person.write',
    title: 'name',
    located: false,
    fields: [
      { name: 'name', input: 'text', required: true, listed: true },
      { name: 'nativeName', input: 'text', listed: true },
      { name: 'nationality', input: 'text', required: true, listed: true },
      { name: 'passportNumber', input: 'text' },
      { name: 'employer', input: 'text', listed: true },
      { name: 'phone', input: 'text' },
      { name: 'emergencyContact', input: 'text' },
      { name: 'bloodGroup', input: 'choice', values: bloodGroups },
      { name: 'siteId', input: 'site', listed: true },
      {
        name: 'status',
        input: 'choice',
        values: personStatuses,
        labels: 'registry.personStatus',
        required: true,
        listed: true,
      },
    ],
    filters: [
      { name: 'q' },
      { name: 'nationality' },
      { name: 'employer' },
      { name: 'status', values: personStatuses, labels: 'registry.personStatus' },
    ],
  },
  sites: {
    kind: 'sites',
    path: '/api/v1/sites',
    write: 'site.write',
    title: 'name',
    located: true,
    fields: [
      { name: 'name', input: 'text', required: true, listed: true },
      {
        name: 'kind',
        input: 'choice',
        values: siteKinds,
        labels: 'enums.siteKind',
        required: true,
        listed: true,
      },
      { name: 'protectionLevel', input: 'number', required: true, listed: true },
      { name: 'city', input: 'text', listed: true },
      { name: 'perimeter', input: 'shape' },
      { name: 'lat', input: 'number', required: true, inLocation: 'lat' },
      { name: 'lon', input: 'number', required: true, inLocation: 'lon' },
    ],
    filters: [{ name: 'kind', values: siteKinds, labels: 'enums.siteKind' }],
  },
  units: {
    kind: 'units',
    path: '/api/v1/units',
    write: 'unit.write',
    title: 'callSign',
    located: false,
    placedBy: 'baseSiteId',
    fields: [
      { name: 'callSign', input: 'text', required: true, listed: true },
      {
        name: 'kind',
        input: 'choice',
        values: unitKinds,
        labels: 'enums.unitKind',
        required: true,
        listed: true,
      },
      {
        name: 'status',
        input: 'choice',
        values: unitStatuses,
        labels: 'enums.unitStatus',
        required: true,
        listed: true,
      },
      { name: 'strength', input: 'number', required: true, listed: true },
      { name: 'vehicles', input: 'number', required: true, listed: true },
      { name: 'armouredVehicles', input: 'number', required: true, listed: true },
      { name: 'weapons', input: 'text', listed: true },
      { name: 'baseSiteId', input: 'site', listed: true },
    ],
    filters: [
      { name: 'kind', values: unitKinds, labels: 'enums.unitKind' },
      { name: 'status', values: unitStatuses, labels: 'enums.unitStatus' },
    ],
  },
};

/** A record's fields by name, for the generic table and form. */
export function valueOf(record: RegistryRecord, name: string): unknown {
  return (record as unknown as Record<string, unknown>)[name];
}
