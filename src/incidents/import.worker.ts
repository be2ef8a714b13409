// Parses incident files off the server's event loop: a 16 MiB file takes seconds of decoding,
// CSV reading and validation. Incidents come back in small parts as they are read, one at a
// time, so that copying them in never holds the loop for long.
import { serveRequests } from '../platform/worker.js';
import {
  type IncidentFormat,
  incidentFileParts,
  parseMapping,
  type ParseResult,
  type ParsedRow,
} from './import/parse.js';

export interface IncidentFileRequest {
  /** The file's bytes (decoded here, once), or the text a JSON body carried. */
  file: Uint8Array | string;
  format: IncidentFormat;
  /** The column mapping (YAML) for `format: csv`. */
  mapping?: string | undefined;
}

/** What the worker answers once every part of the rows has been sent. */
export type IncidentFileSummary = Omit<ParseResult, 'rows'>;

/**
 * Rows per message: some 20 ms of copying on the loop's side on a busy machine. Each part is a
 * round trip between the threads, and on a loaded machine each hop waits for a core: with 250
 * rows a part, a 200,000-row file spent most of its import waiting on them.
 */
const partSize = 1000;

serveRequests<IncidentFileRequest, IncidentFileSummary, ParsedRow[]>(async (request, send) => {
  const mapping = request.mapping ? parseMapping(request.mapping) : undefined;
  const parts = incidentFileParts(request.file, request.format, mapping, partSize);
  // One part ahead: the next is read while the loop's side takes the last, not after.
  let taken: Promise<void> = Promise.resolve();
  for (;;) {
    const step = parts.next();
    await taken;
    if (step.done) return step.value;
    taken = send(step.value);
  }
});
