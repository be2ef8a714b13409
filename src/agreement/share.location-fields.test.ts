import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Role } from '../access/actor.js';
import {
  movementSchema,
  personSchema,
  sharedEnvelope,
  siteSchema,
  unitSchema,
} from '../registry/registry.presenter.js';
import {
  type AgreementDocument,
  fieldKindOf,
  parseAgreement,
  shareableFields,
  sharedEntities,
  type SharedEntity,
} from './agreement.schema.js';
import type { PolicyActor } from './policy.js';
import { share } from './share.js';

// Finding 9 of issue 7: a site's perimeter, shared as a plain field, undid the 20 km coarsening of
// its location. Every field that says where a record is follows the location precision.

const example = parseAgreement(
  readFileSync(new URL('../../docs/agreement.example.yaml', import.meta.url), 'utf8'),
);

/** The example, with every declared field of every entity shared `always` in every direction. */
function sharingEverything(): AgreementDocument {
  const doc = structuredClone(example);
  for (const direction of ['partnerToHost', 'hostToPartner', 'partnerToPartner'] as const) {
    for (const entity of sharedEntities) {
      doc.sharing[direction][entity] = {
        records: 'all',
        fields: Object.fromEntries(Object.keys(shareableFields[entity]).map((f) => [f, 'always' as const])),
        location: {
          byRole: { commander: 'exact', observer: 'area', analyst: 'none', coordinator: 'area' },
          exactWhen: ['sos'],
        },
      };
    }
  }
  return doc;
}

const agreement = { version: 1, document: sharingEverything() };
const host = (role: Role): PolicyActor => ({ partyId: 'ssd', partyKind: 'host', roles: [role] });
const partner = (role: Role): PolicyActor => ({ partyId: 'cso', partyKind: 'partner', roles: [role] });

const locationFields = sharedEntities.flatMap((entity) =>
  Object.entries(shareableFields[entity])
    .filter(([, kind]) => kind === 'location')
    .map(([field]) => [entity, field] as [SharedEntity, string]),
);

/** A canary value for a field: a six-decimal perimeter for shapes, a name for anything else. */
function canaryFor(field: string): unknown {
  if (field === 'perimeter')
    return {
      type: 'Polygon',
      coordinates: [
        [
          [62.341234, 25.981234],
          [62.349876, 25.981234],
          [62.349876, 25.989876],
          [62.341234, 25.981234],
        ],
      ],
    };
  return `Canary ${field} 4417`;
}

describe('location fields follow the location precision', () => {
  it('are declared: the walk below is not vacuous', () => {
    expect(locationFields).toEqual(expect.arrayContaining([['site', 'perimeter']]));
  });

  describe.each(locationFields)('%s.%s', (entity, field) => {
    const value = canaryFor(field);
    const record = {
      id: 'r1',
      partyId: 'cso',
      partyKind: 'partner' as const,
      fields: { [field]: value },
      location: { lat: 25.987651, lon: 62.345679 },
    };
    const seen = (viewer: PolicyActor, context = {}) => share(agreement, viewer, entity, record, context)!;

    it('reaches a viewer who sees the location exactly', () => {
      const shared = seen(host('commander'));
      expect(shared.location?.precision).toBe('exact');
      expect(shared.fields[field]).toEqual(value);
    });

    it.each([
      ['observer', 'area'],
      ['coordinator', 'area'],
      ['analyst', 'none'],
      ['admin', 'none'],
    ] as const)('is withheld from a host %s, who sees the location at %s', (role, precision) => {
      const shared = seen(host(role));
      expect(shared.location?.precision ?? 'none').toBe(precision);
      expect(shared.fields).not.toHaveProperty(field);
      expect(shared.withheld).toContain(field);
      const text = JSON.stringify(shared);
      for (const fragment of JSON.stringify(value).match(/\d+\.\d{4,}|Canary[^"]*/g)!) {
        expect(text).not.toContain(fragment);
      }
    });

    it('reaches an area viewer while the location is exact for them (exactWhen)', () => {
      const shared = seen(host('observer'), { sos: true });
      expect(shared.location?.precision).toBe('exact');
      expect(shared.fields[field]).toEqual(value);
    });

    it('is whole for its owner, whatever the precision rules', () => {
      expect(seen(partner('observer')).fields[field]).toEqual(value);
    });
  });

  it('leaves plain fields to their field rule alone', () => {
    const shared = share(agreement, host('analyst'), 'site', {
      id: 's1',
      partyId: 'cso',
      partyKind: 'partner',
      fields: { name: 'Dasu camp', protectionLevel: 4 },
      location: { lat: 35.29, lon: 73.29 },
    })!;
    expect(shared.location).toBeNull();
    expect(shared.fields).toEqual({ name: 'Dasu camp', protectionLevel: 4 });
  });

  it('shows no other party a field the agreement schema does not declare', () => {
    const shared = share(agreement, host('commander'), 'site', {
      id: 's1',
      partyId: 'cso',
      partyKind: 'partner',
      fields: { name: 'Dasu camp', entrance: { lat: 35.291234, lon: 73.291234 } },
      location: { lat: 35.29, lon: 73.29 },
    })!;
    expect(shared.fields).toEqual({ name: 'Dasu camp' });
    expect(shared.withheld).toContain('entrance');
  });
});

describe('the declared fields are the fields the API shows', () => {
  const schemas = {
    person: personSchema,
    site: siteSchema,
    unit: unitSchema,
    movement: movementSchema,
  } as const;
  const envelope = Object.keys(sharedEnvelope);

  it.each(sharedEntities)('the %s response schema has exactly the declared fields', (entity) => {
    const shown = Object.keys(schemas[entity].shape).filter((k) => !envelope.includes(k));
    expect(shown.sort()).toEqual(Object.keys(shareableFields[entity]).sort());
  });

  it.each(sharedEntities)('every %s field shaped like a place is declared a location field', (entity) => {
    const shape: Record<string, z.ZodType> = schemas[entity].shape;
    for (const [field, schema] of Object.entries(shape)) {
      if (envelope.includes(field)) continue;
      const text = JSON.stringify(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
      const placeLike = /"coordinates"|"lat"|"lon"|"latitude"|"longitude"/.test(text);
      if (placeLike) expect({ field, kind: fieldKindOf(entity, field) }).toEqual({ field, kind: 'location' });
      if (entity === 'site' && field === 'perimeter') expect(placeLike).toBe(true);
    }
  });
});
