// What an agreement document says each party shows the other, read for display. The server
// enforces the document; this only reads its `sharing` section into rows a person can scan.

export const directions = ['hostToPartner', 'partnerToHost', 'partnerToPartner'] as const;
export type Direction = (typeof directions)[number];
export const entities = ['person', 'site', 'unit'] as const;
export type Entity = (typeof entities)[number];

/** A field's rule: always, never, or while one of the conditions holds. */
export type FieldRule = { rule: 'always' } | { rule: 'never' } | { rule: 'when'; conditions: string[] };

export interface EntitySummary {
  records: 'all' | 'none';
  fields: { name: string; rule: FieldRule }[];
  /** The location precision each role named sees; a role not named sees none. */
  locationByRole: { role: string; precision: string }[];
  exactWhen: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A condition as a short word: `movement`, `sos`, `clearance`, or `riskLevelAtLeast:5`. */
export function conditionText(condition: unknown): string {
  if (typeof condition === 'string') return condition;
  if (isObject(condition) && typeof condition.riskLevelAtLeast === 'number')
    return `riskLevelAtLeast:${condition.riskLevelAtLeast}`;
  return JSON.stringify(condition);
}

function fieldRule(value: unknown): FieldRule {
  if (value === 'always') return { rule: 'always' };
  if (isObject(value) && Array.isArray(value.when))
    return { rule: 'when', conditions: value.when.map(conditionText) };
  return { rule: 'never' };
}

/** One direction's rules for one entity, as the document in force states them (validated by the server). */
export function entitySummary(
  document: Record<string, unknown>,
  direction: Direction,
  entity: Entity,
): EntitySummary {
  const sharing = isObject(document.sharing) ? document.sharing : {};
  const byDirection = isObject(sharing[direction]) ? sharing[direction] : {};
  const rules = isObject(byDirection[entity]) ? byDirection[entity] : {};
  const fields = isObject(rules.fields) ? rules.fields : {};
  const location = isObject(rules.location) ? rules.location : {};
  const byRole = isObject(location.byRole) ? location.byRole : {};
  return {
    records: rules.records === 'all' ? 'all' : 'none',
    fields: Object.entries(fields).map(([name, rule]) => ({ name, rule: fieldRule(rule) })),
    locationByRole: Object.entries(byRole).map(([role, precision]) => ({
      role,
      precision: String(precision),
    })),
    exactWhen: Array.isArray(location.exactWhen) ? location.exactWhen.map(conditionText) : [],
  };
}
