// Reads and validates person CSV files off the server's event loop: a 100,000-row file takes
// seconds of parsing and schema checks. Valid rows come back in parts, so that no one message
// takes long to copy on the loop's side.
import { serveRequests } from '../platform/worker.js';
import { type PersonRowInput, readPersonCsv, type RejectedRow } from './person.csv.js';

export interface PersonCsvRequest {
  csv: string;
  sites: { id: string; name: string }[];
  partyId: string;
}

/** What the worker answers once every part of the valid rows has been sent. */
export interface PersonCsvSummary {
  rows: number;
  rejected: RejectedRow[];
}

/** Rows per message. */
const partSize = 5000;

serveRequests<PersonCsvRequest, PersonCsvSummary, PersonRowInput[]>((request, send) => {
  const { rows, valid, rejected } = readPersonCsv(request.csv, request.sites, request.partyId);
  for (let i = 0; i < valid.length; i += partSize) send(valid.slice(i, i + partSize));
  return { rows, rejected };
});
