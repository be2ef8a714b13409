import { z } from 'zod';
import { roles } from '../access/actor.js';
import { invalidInput } from '../platform/errors.js';
import { parseYamlField } from '../platform/yaml.js';

/** The UN Security Level System scale, 1–6. */
export const riskLevelNames = ['minimal', 'low', 'moderate', 'substantial', 'high', 'extreme'] as const;
export const unitKinds = ['armed_escort', 'static_guard', 'close_protection', 'liaison'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** Rules name parties by their place in the agreement, so one document serves several partners. */
const partyKind = z.enum(['host', 'partner']);
const riskLevel = z.number().int().min(1).max(6);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day, HH:MM');

const unitKindRule = z.object({
  armed: z.boolean(),
  providers: z.array(partyKind).min(1),
  /** Where the risk level is at least `minRiskLevel`, only these parties may provide the kind. */
  zones: z.array(z.object({ minRiskLevel: riskLevel, providers: z.array(partyKind) })).default([]),
});

const protectionRule = z.object({
  level: riskLevel,
  /** Level 6 by default: no movement unless an exemption is signed by these parties. */
  forbidden: z.boolean().default(false),
  exemptionApprovals: z.array(partyKind).default([]),
  armedEscortVehicles: z.number().int().min(0),
  armouredPassengerVehicle: z.boolean(),
  /** Local hours in which a movement may be under way; null for any time. */
  allowedHours: z.object({ from: clock, to: clock }).nullable(),
  /** Whose coordinator must approve; any of them may veto. */
  approvals: z.array(partyKind),
});

/** A condition that widens what is shared while it holds. */
export const conditionSchema = z.union([
  z.literal('movement'),
  z.literal('sos'),
  z.literal('clearance'),
  z.object({ riskLevelAtLeast: riskLevel }).strict(),
]);
export type Condition = z.output<typeof conditionSchema>;

const fieldRule = z.union([
  z.literal('always'),
  z.literal('never'),
  z.object({ when: z.array(conditionSchema).min(1) }).strict(),
]);
export type FieldRule = z.output<typeof fieldRule>;

export const locationPrecisions = ['exact', 'area', 'none'] as const;
export type LocationPrecision = (typeof locationPrecisions)[number];

const entitySharing = z.object({
  /** Whether the other party sees these records at all. */
  records: z.enum(['all', 'none']),
  /** Field by field; a field not listed is never shared. */
  fields: z.record(z.string(), fieldRule).default({}),
  location: z
    .object({
      byRole: z.partialRecord(z.enum(roles), z.enum(locationPrecisions)).default({}),
      /** While any of these holds, `area` becomes `exact` (`none` stays `none`). */
      exactWhen: z.array(conditionSchema).default([]),
    })
    .default({ byRole: {}, exactWhen: [] }),
});
export type EntitySharing = z.output<typeof entitySharing>;

export const sharedEntities = ['person', 'site', 'unit', 'movement'] as const;
export type SharedEntity = (typeof sharedEntities)[number];

/**
 * What a field carries. A `location` field says where its record is (a perimeter, a place name):
 * besides its field rule it follows the viewer's location precision, so it cannot undo the
 * coarsening of the record's own location.
 */
export const fieldKinds = ['value', 'location'] as const;
export type FieldKind = (typeof fieldKinds)[number];

/**
 * The fields each shared entity may show, with their kind: the presenters' allow-list, and the
 * only field names an agreement may give rules for. A field a presenter passes that is not here is
 * never shown to another party.
 */
export const shareableFields = {
  person: {
    name: 'value',
    nativeName: 'value',
    nationality: 'value',
    passportNumber: 'value',
    employer: 'value',
    phone: 'value',
    emergencyContact: 'value',
    bloodGroup: 'value',
    siteId: 'value',
    status: 'value',
  },
  site: {
    name: 'value',
    kind: 'value',
    perimeter: 'location',
    protectionLevel: 'value',
    city: 'location',
  },
  unit: {
    kind: 'value',
    callSign: 'value',
    strength: 'value',
    vehicles: 'value',
    armouredVehicles: 'value',
    weapons: 'value',
    baseSiteId: 'value',
    status: 'value',
  },
  // Where a movement runs is a location: its ends, its line, its width, its checkpoints, and its
  // assessment (whose segments trace the line).
  movement: {
    purpose: 'value',
    state: 'value',
    origin: 'location',
    destination: 'location',
    route: 'location',
    corridorMeters: 'location',
    checkpoints: 'location',
    plannedDeparture: 'value',
    plannedArrival: 'value',
    passengers: 'value',
    vehicles: 'value',
    riskLevel: 'value',
    assessment: 'location',
    units: 'value',
    requestedBy: 'value',
    departedAt: 'value',
    arrivedAt: 'value',
    endedReason: 'value',
    debrief: 'value',
    version: 'value',
  },
} as const satisfies Record<SharedEntity, Record<string, FieldKind>>;
export type ShareableField<E extends SharedEntity> = keyof (typeof shareableFields)[E] & string;

/** The kind of a field of an entity, or undefined when the entity shows no such field. */
export function fieldKindOf(entity: SharedEntity, field: string): FieldKind | undefined {
  const fields: Record<string, FieldKind> = shareableFields[entity];
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}

const nothingShared: z.input<typeof entitySharing> = { records: 'none' };
/**
 * Movements came after the first agreements were signed: one without the clause shares none,
 * except with the party whose approval a movement needs, which sees all of it (the `movement`
 * condition holds for it) and where it runs as its coordinators and admins.
 */
const movementsToApprovers: z.input<typeof entitySharing> = {
  records: 'none',
  fields: Object.fromEntries(
    Object.keys(shareableFields.movement).map((field) => [field, { when: ['movement' as const] }]),
  ),
  location: { byRole: { admin: 'exact', coordinator: 'exact' } },
};
const directionSharing = z.object({
  person: entitySharing,
  site: entitySharing,
  unit: entitySharing,
  movement: entitySharing.prefault(movementsToApprovers),
});

/**
 * Reads of another party's records for a security clearance (a checkpoint, an airport, a hotel),
 * which the `clearance` condition widens: who may ask, for which stated reasons, and how many
 * persons a user's clearances may disclose in an hour. No one may ask unless named.
 */
const clearanceRules = z.object({
  actors: z.array(z.object({ party: partyKind, roles: z.array(z.enum(roles)).min(1) })).default([]),
  reasons: z
    .array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case word, e.g. checkpoint'))
    .min(1)
    .default(['checkpoint', 'airport', 'hotel']),
  personsPerHour: z.number().int().min(1).max(10_000).default(20),
});

/**
 * Joint approval of movements. A required approval left pending for `approvalTimeoutHours` after
 * the movement is submitted escalates to the `escalateTo` roles of each party whose approval is
 * missing. Break-glass is the `emergency` clause's, not restated here.
 */
const movementRules = z.object({
  approvalTimeoutHours: z.number().positive().max(168).default(4),
  escalateTo: z
    .array(z.enum(roles).exclude(['person']))
    .min(1)
    .default(['coordinator', 'admin']),
});

export const agreementSchema = z
  .object({
    title: z.string().min(1).max(200),
    /** The IANA time zone in which allowed hours are read. */
    timeZone: z.string().default('Asia/Karachi'),
    parties: z.object({ host: z.string().min(1), partners: z.array(z.string().min(1)).min(1) }),
    unitKinds: z.object({
      armed_escort: unitKindRule,
      static_guard: unitKindRule,
      close_protection: unitKindRule,
      liaison: unitKindRule,
    }),
    protection: z.array(protectionRule).length(6),
    emergency: z.object({
      actors: z.array(z.object({ party: partyKind, roles: z.array(z.enum(roles)).min(1) })).min(1),
      justificationMinLength: z.number().int().min(1).default(20),
      reviewWithinHours: z.number().int().positive(),
    }),
    movements: movementRules.prefault({}),
    sharing: z.object({
      partnerToHost: directionSharing,
      hostToPartner: directionSharing,
      partnerToPartner: directionSharing.prefault({
        person: nothingShared,
        site: nothingShared,
        unit: nothingShared,
        movement: nothingShared,
      }),
    }),
    clearance: clearanceRules.prefault({}),
    retention: z.object({
      locationHistoryDays: z.number().int().positive(),
      closedMovementsDays: z.number().int().positive(),
    }),
  })
  .superRefine((doc, ctx) => {
    doc.protection.forEach((rule, index) => {
      if (rule.level !== index + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['protection', index, 'level'],
          message: `entry ${index + 1} must be level ${index + 1}`,
        });
      }
      if (rule.forbidden && rule.exemptionApprovals.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['protection', index, 'exemptionApprovals'],
          message: 'a forbidden level names whose signatures make an exemption',
        });
      }
    });
    // A rule for a field no presenter shows would do nothing, silently: a misspelt name is an error.
    for (const direction of ['partnerToHost', 'hostToPartner', 'partnerToPartner'] as const) {
      for (const entity of sharedEntities) {
        for (const field of Object.keys(doc.sharing[direction][entity].fields)) {
          if (fieldKindOf(entity, field)) continue;
          ctx.addIssue({
            code: 'custom',
            path: ['sharing', direction, entity, 'fields', field],
            message: `a ${entity} has no field ${field}; its fields are ${Object.keys(shareableFields[entity]).join(', ')}`,
          });
        }
      }
    }
    if (doc.parties.partners.includes(doc.parties.host)) {
      ctx.addIssue({
        code: 'custom',
        path: ['parties', 'partners'],
        message: 'the host is not also a partner',
      });
    }
  });

export type AgreementDocument = z.output<typeof agreementSchema>;

/** Parses a YAML or JSON agreement (JSON is YAML) and validates it; errors name the path. */
export function parseAgreement(text: string): AgreementDocument {
  return validateAgreement(parseYamlField(text, 'source', 'The agreement is not valid YAML or JSON'));
}

/**
 * Validates an already-parsed agreement document. Its text arrives as the body's `source`, so an
 * error names the path inside the document under it: `source.sharing.hostToPartner…`.
 */
export function validateAgreement(raw: unknown): AgreementDocument {
  const result = agreementSchema.safeParse(raw);
  if (!result.success) throw invalidInput(result.error.issues, 'body', ['source']);
  return result.data;
}
