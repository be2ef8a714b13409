import type { NewIncident } from '../incident.service.js';
import type { Row } from './text.js';

/** The file formats an incident import reads. `csv` needs a column mapping. */
export const incidentFormats = ['ucdp', 'acled', 'gtd', 'jsms', 'csv'] as const;
export type IncidentFormat = (typeof incidentFormats)[number];

/** A row that became an incident; `line` is the physical line its record starts on (header = 1). */
export interface ParsedRow {
  line: number;
  incident: NewIncident;
}

/** A row that could not become an incident, with the column at fault and why. */
export interface RejectedRow {
  line: number;
  field: string;
  message: string;
}

/** Something repaired in a row that was still imported (a swapped range, a truncated text). */
export interface RowNote {
  line: number;
  field: string;
  message: string;
}

export interface ParseResult {
  encoding: 'utf-8' | 'windows-1252';
  rows: ParsedRow[];
  rejected: RejectedRow[];
  /** Rows that are not incidents and are not counted: totals, blank rows, rows above the header. */
  skipped: { line: number; reason: string }[];
  /** Repairs made to imported rows; none of them is an error. */
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

/** Records a repair made to the current row. */
export type Note = (field: string, message: string) => void;

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
