// Reads and validates person CSV files off the server's event loop: a 100,000-row file takes
// seconds of parsing and schema checks. Valid rows come back in small parts, one at a time, so
// that copying them in never holds the loop for long.
import type { FileEncoding } from '../platform/text-encoding.js';
import { serveRequests } from '../platform/worker.js';
import { type PersonRowInput, readPersonCsv, type RejectedRow } from './person.csv.js';

export interface PersonCsvRequest {
  /** The file's bytes, decoded in the worker; or text, from a caller that has it as text. */
  file: Uint8Array | string;
  sites: { id: string; name: string }[];
  partyId: string;
}

/** What the worker answers once every part of the valid rows has been sent. */
export interface PersonCsvSummary {
  encoding: FileEncoding;
  rows: number;
  rejected: RejectedRow[];
}

/** Rows per message: a few milliseconds of copying on the loop's side. */
const partSize = 1000;

serveRequests<PersonCsvRequest, PersonCsvSummary, PersonRowInput[]>(async (request, send) => {
  const { encoding, rows, valid, rejected } = readPersonCsv(request.file, request.sites, request.partyId);
  for (let i = 0; i < valid.length; i += partSize) await send(valid.slice(i, i + partSize));
  return { encoding, rows, rejected };
});
