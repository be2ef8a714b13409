import type { NewIncident } from '../incident.rows.js';
import type { Row } from './text.js';

/** The file formats an incident import reads. `csv` needs a column mapping. */
export const incidentFormats = ['ucdp', 'acled', 'gtd', 'jsms', 'csv'] as const;
export type IncidentFormat = (typeof incidentFormats)[number];

/**
 * Where a row is in its file: `record` is its number as a spreadsheet shows it (the file's first
 * record = 1), `line` the physical line it starts on; quoted newlines make them differ.
 */
export interface RowPlace {
  record: number;
  line: number;
}

/** A row that became an incident. */
export interface ParsedRow extends RowPlace {
  incident: NewIncident;
}

/** A row that could not become an incident, with the column at fault and why. */
export interface RejectedRow extends RowPlace {
  field: string;
  message: string;
}

/**
 * Something in a row that was still imported: a `repaired` slip (a swapped range, a truncated
 * text), or a `warning` about a cell that could not be read and was left unknown.
 */
export interface RowNote extends RowPlace {
  kind: NoteKind;
  field: string;
  message: string;
}

export const noteKinds = ['repaired', 'warning'] as const;
export type NoteKind = (typeof noteKinds)[number];

/** A row that is not an incident (a totals row, a blank row, a row above the header). */
export interface SkippedRow extends RowPlace {
  reason: string;
}

export interface ParseResult {
  encoding: 'utf-8' | 'windows-1252';
  rows: ParsedRow[];
  rejected: RejectedRow[];
  /** Rows that are not incidents and are not counted: totals, blank rows, rows above the header. */
  skipped: SkippedRow[];
  /** Repairs made to imported rows and cells left unknown in them; none of them is an error. */
  notes: RowNote[];
}

/** A bad cell: `field` names the column as the file spells it. */
export class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RowError';
  }
}

/** Records a repair made to the current row (the default), or a warning about one of its cells. */
export type Note = (field: string, message: string, kind?: NoteKind) => void;

/** What a format makes of one row. */
export type RowRead =
  | { skip: string }
  | {
      /** The account before validation with `accountInput`. */
      raw: Record<string, unknown>;
      sourceKey: string | null;
      /** The column behind each account field (`killed`, `killed.low`, `sources`…), for rejections. */
      columns: Record<string, string>;
    };

/** One file format: which columns it needs and how a row becomes an account. */
export interface RowReader {
  /** Columns the header must have, as the format spells them (matched ignoring case, `_`, `-`). */
  required: readonly string[];
  /** When set, the only columns accepted (the JSMS template): anything else is a header error. */
  only?: readonly string[];
  /** Where each required column comes from, for header errors (a mapping key). */
  labels?: Record<string, string>;
  /** The column holding the date, to tell a totals row (no date, only numbers) from a record. */
  dateColumn: string | null;
  /** The delimiter; detected from the header when not given. */
  delimiter?: string;
  read(row: Row, note: Note): RowRead;
}
