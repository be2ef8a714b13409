import { z } from 'zod';
import { fieldIssues, validationFailed } from '../../platform/errors.js';
import { parseYamlField } from '../../platform/yaml.js';
import { compileDateFormat } from './dates.js';
import { tollParts } from './values.js';

/**
 * A column mapping for `--format csv`: for each incident field, the column that holds it (or a
 * constant), the date format, and where the killed and wounded figures are. Documented with an
 * example in docs/incident-mapping.example.yaml.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** `Column name`, or `{ column, map?, default? }`, or `{ value }` for a constant. */
const fieldSpec = z.preprocess(
  (v) => (typeof v === 'string' ? { column: v } : v),
  z
    .strictObject({
      column: z.string().trim().min(1).optional(),
      value: scalar.optional(),
      map: z.record(z.string(), scalar).optional(),
      default: scalar.optional(),
    })
    .refine((s) => (s.column === undefined) !== (s.value === undefined), {
      message: 'give either column or value, not both',
    })
    .refine((s) => s.column !== undefined || (s.map === undefined && s.default === undefined), {
      message: 'map and default go with a column',
    }),
);
export type FieldSpec = z.output<typeof fieldSpec>;

const tollPart = fieldSpec.optional();
/** One column (that may hold `10-15` or `40+`), a constant, or columns per part. */
const tollSpec = z.preprocess(
  (v) => (typeof v === 'string' ? { column: v } : v),
  z
    .strictObject({
      column: z.string().trim().min(1).optional(),
      value: scalar.optional(),
      best: tollPart,
      low: tollPart,
      high: tollPart,
      civilians: tollPart,
      security: tollPart,
      militants: tollPart,
      foreignNationals: tollPart,
      unknown: tollPart,
    })
    .refine(
      (s) => {
        const whole = Number(s.column !== undefined) + Number(s.value !== undefined);
        const parts = Object.keys(s).filter((k) => k !== 'column' && k !== 'value').length;
        return whole + (parts > 0 ? 1 : 0) === 1;
      },
      { message: 'give one column, a value, or columns for best, low, high and the categories' },
    ),
);
export type TollSpec = z.output<typeof tollSpec>;

const sourceSpec = z.strictObject({
  publisher: fieldSpec,
  title: fieldSpec.optional(),
  url: fieldSpec.optional(),
  published: fieldSpec.optional(),
  reliability: fieldSpec.optional(),
  credibility: fieldSpec.optional(),
});

/**
 * A date format, or a list tried in order (a column written several ways), always read as a
 * list. Each is compiled when the mapping loads: an unknown token is an error, not literal text;
 * in a list of several the error names the format's place (`dateFormat.1`).
 */
const dateFormats = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z
    .array(z.string().trim().min(1))
    .min(1)
    .superRefine((formats, ctx) => {
      for (const [i, format] of formats.entries()) {
        try {
          compileDateFormat(format);
        } catch (error) {
          const path = formats.length > 1 ? [i] : [];
          ctx.addIssue({ code: 'custom', message: (error as Error).message, path });
        }
      }
    })
    .default(['YYYY-MM-DD']),
);

export const columnMapping = z.strictObject({
  dateFormat: dateFormats,
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  sourceKeyPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/i, 'letters, digits, dot, dash or underscore')
    .default('csv'),
  fields: z.strictObject({
    date: fieldSpec,
    datePrecision: fieldSpec.optional(),
    province: fieldSpec.optional(),
    district: fieldSpec.optional(),
    place: fieldSpec.optional(),
    lat: fieldSpec.optional(),
    lon: fieldSpec.optional(),
    geoPrecision: fieldSpec.optional(),
    type: fieldSpec,
    subType: fieldSpec.optional(),
    perpetrator: fieldSpec.optional(),
    opponent: fieldSpec.optional(),
    claimed: fieldSpec.optional(),
    target: fieldSpec.optional(),
    killed: tollSpec.optional(),
    wounded: tollSpec.optional(),
    kidnapped: fieldSpec.optional(),
    status: fieldSpec.optional(),
    statusStatement: fieldSpec.optional(),
    description: fieldSpec.optional(),
    sourceKey: fieldSpec.optional(),
    source: sourceSpec.optional(),
  }),
});
export type ColumnMapping = z.output<typeof columnMapping>;

/**
 * Reads a mapping from YAML and validates it. Errors are `validation_failed` with the bad key
 * as the field (`mapping.fields.killed.lowe`) and in the message.
 */
export function parseMapping(yamlText: string): ColumnMapping {
  const data = parseYamlField(yamlText, 'mapping', 'The mapping is not valid YAML');
  const parsed = columnMapping.safeParse(data ?? {});
  if (parsed.success) return parsed.data;
  const first = fieldIssues(parsed.error.issues)[0]!;
  const path = first.field.split('.').filter(Boolean);
  const message =
    parsed.error.issues[0]!.code === 'unrecognized_keys' ? `unknown key (${knownKeys(path)})` : first.message;
  const key = first.field || '(top level)';
  throw validationFailed(`mapping.${key}`, `Mapping key ${key}: ${message}`);
}

/** The keys allowed where an unknown one was found, for the error message. */
function knownKeys(path: string[]): string {
  const parent = path.slice(0, -1);
  const where = parent.length === 0 ? 'top level' : parent.join('.');
  const keys =
    parent.length === 0
      ? Object.keys(columnMapping.shape)
      : parent.length === 1 && parent[0] === 'fields'
        ? Object.keys(columnMapping.shape.fields.shape)
        : parent[0] === 'fields' && parent[1] === 'source'
          ? Object.keys(sourceSpec.shape)
          : parent.length === 2 && (parent[1] === 'killed' || parent[1] === 'wounded')
            ? ['column', 'value', ...tollParts]
            : ['column', 'value', 'map', 'default'];
  return `${where} takes ${keys.join(', ')}`;
}
