import type { Actor } from '../access/actor.js';
import type { Db } from '../database.js';
import { parseCsv } from '../platform/csv.js';
import type { FieldCipher } from '../platform/encryption.js';
import { AppError, validationFailed } from '../platform/errors.js';
import type { PersonService } from './person.service.js';
import { personInput, type PersonInput } from './registry.js';

/** CSV columns and the person fields they fill; `site` takes a site's name or id. */
export const personColumns: Record<string, keyof PersonInput> = {
  name: 'name',
  native_name: 'nativeName',
  nationality: 'nationality',
  passport_number: 'passportNumber',
  employer: 'employer',
  phone: 'phone',
  emergency_contact: 'emergencyContact',
  blood_group: 'bloodGroup',
  site: 'siteId',
  status: 'status',
};

export interface RejectedRow {
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  imported: number;
  rejected: RejectedRow[];
  dryRun: boolean;
}

export interface ImportOptions {
  partyId?: string | undefined;
  /** Store the good rows even when some are rejected. */
  partial?: boolean;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Bulk registration of persons from CSV. Every row is checked first; unless `partial`, one bad
 * row means nothing is stored. Each stored person gets its own audit entry.
 */
export function personImporter(deps: { db: Db; cipher: FieldCipher; persons: PersonService }) {
  const { db, cipher, persons } = deps;

  return async function importPersons(
    actor: Actor,
    csv: string,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const partyId = actor.type === 'system' ? options.partyId : actor.partyId;
    if (!partyId) throw validationFailed('party', 'Name the party the persons belong to');
    const { headers, rows } = parseCsv(csv);
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

    const sites = await db
      .selectFrom('sites')
      .select(['id', 'name'])
      .where('party_id', '=', partyId)
      .where('active', '=', 1)
      .execute();
    const siteByKey = new Map<string, string>();
    for (const site of sites) {
      siteByKey.set(site.id, site.id);
      siteByKey.set(site.name.toLowerCase(), site.id);
    }
    const existing = new Set(
      (
        await db
          .selectFrom('persons')
          .select('passport_index')
          .where('party_id', '=', partyId)
          .where('passport_index', 'is not', null)
          .execute()
      ).map((r) => r.passport_index),
    );

    const rejected: RejectedRow[] = [];
    const valid: PersonInput[] = [];
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
        const issue = parsed.error.issues[0]!;
        const field =
          Object.entries(personColumns).find(([, f]) => f === issue.path[0])?.[0] ?? String(issue.path[0]);
        rejected.push({ line: row.line, field, message: issue.message });
        continue;
      }
      if (parsed.data.passportNumber) {
        const index = cipher.blindIndex(parsed.data.passportNumber);
        if (existing.has(index)) {
          rejected.push({
            line: row.line,
            field: 'passport_number',
            message: 'a person with this passport number is already registered',
          });
          continue;
        }
        existing.add(index);
      }
      valid.push(parsed.data);
    }

    const report = { rows: rows.length, imported: 0, rejected, dryRun: options.dryRun ?? false };
    if (rejected.length > 0 && !options.partial) {
      const first = rejected[0]!;
      throw new AppError(
        'import_rejected',
        `${rejected.length} of ${rows.length} rows rejected (first: line ${first.line}, ${first.field}: ${first.message}); nothing was imported`,
        {
          row: first.line,
          field: first.field,
          rejected,
        },
      );
    }
    if (options.dryRun) return { ...report, imported: valid.length };
    await persons.createMany(
      actor,
      valid.map((input) => ({ ...input, partyId })),
      options.onProgress,
    );
    return { ...report, imported: valid.length };
  };
}

export type PersonImporter = ReturnType<typeof personImporter>;
