// Parses incident files off the server's event loop: a 16 MiB file takes seconds of decoding,
// CSV reading and validation. Incidents come back in parts, so that no one message takes long
// to copy on the loop's side.
import { serveRequests } from '../platform/worker.js';
import {
  type IncidentFormat,
  parseIncidentFile,
  parseMapping,
  type ParseResult,
  type ParsedRow,
} from './import/parse.js';

export interface IncidentFileRequest {
  bytes: Uint8Array;
  format: IncidentFormat;
  /** The column mapping (YAML) for `format: csv`. */
  mapping?: string | undefined;
}

/** What the worker answers once every part of the rows has been sent. */
export type IncidentFileSummary = Omit<ParseResult, 'rows'>;

/** Rows per message. */
const partSize = 2000;

serveRequests<IncidentFileRequest, IncidentFileSummary, ParsedRow[]>((request, send) => {
  const mapping = request.mapping ? parseMapping(request.mapping) : undefined;
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const { rows, ...summary } = parseIncidentFile(bytes, request.format, mapping);
  for (let i = 0; i < rows.length; i += partSize) send(rows.slice(i, i + partSize));
  return summary;
});
