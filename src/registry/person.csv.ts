import { parseCsv } from '../platform/csv.js';
import { fieldIssues, validationFailed } from '../platform/errors.js';
import { decodeFile, type FileEncoding } from '../platform/text-encoding.js';
import { personColumns } from './person.columns.js';
import { personInput, type PersonInput } from './registry.js';

export interface RejectedRow {
  line: number;
  field: string;
  message: string;
}

/** A row that passed the schema, with its site resolved to an id. */
export interface PersonRowInput {
  line: number;
  input: PersonInput;
}

/**
 * Reads a person CSV file (its bytes, decoded here) without touching storage: checks the header, resolves each row's site among
 * `sites` (by id, or by name ignoring case) and validates it. Each row is either valid or rejected
 * with its line, the column at fault and why. Throws `validation_failed` for a bad header.
 */
export function readPersonCsv(
  file: Uint8Array | string,
  sites: readonly { id: string; name: string }[],
  partyId: string,
): { encoding: FileEncoding; rows: number; valid: PersonRowInput[]; rejected: RejectedRow[] } {
  const { text, encoding } = decodeFile(file);
  const { headers, rows } = parseCsv(text);
  const unknown = headers.filter((h) => h && !(h in personColumns));
  if (unknown.length > 0) {
    throw validationFailed(
      'header',
      `Unknown column ${unknown[0]}; columns are ${Object.keys(personColumns).join(', ')}`,
    );
  }
  if (!headers.includes('name') || !headers.includes('nationality')) {
    throw validationFailed('header', 'The header needs at least the columns name and nationality');
  }
  const siteByKey = new Map<string, string>();
  for (const site of sites) {
    siteByKey.set(site.id, site.id);
    siteByKey.set(site.name.toLowerCase(), site.id);
  }

  const rejected: RejectedRow[] = [];
  const valid: PersonRowInput[] = [];
  for (const row of rows) {
    const raw: Record<string, unknown> = {};
    for (const [column, field] of Object.entries(personColumns)) {
      const value = row.values[column];
      if (value !== undefined && value !== '') raw[field] = value;
    }
    if (typeof raw.siteId === 'string') {
      const siteId = siteByKey.get(raw.siteId) ?? siteByKey.get(raw.siteId.toLowerCase());
      if (!siteId) {
        rejected.push({
          line: row.line,
          field: 'site',
          message: `no site named ${raw.siteId} in party ${partyId}`,
        });
        continue;
      }
      raw.siteId = siteId;
    }
    const parsed = personInput.safeParse(raw);
    if (!parsed.success) {
      const issue = fieldIssues(parsed.error.issues)[0]!;
      const key = issue.field.split('.')[0];
      const field = Object.entries(personColumns).find(([, f]) => f === key)?.[0] ?? issue.field;
      rejected.push({ line: row.line, field, message: issue.message });
      continue;
    }
    valid.push({ line: row.line, input: parsed.data });
  }
  return { encoding, rows: rows.length, valid, rejected };
}
