import { z } from 'zod';
import type { SharedRecord } from '../agreement/share.js';

/** A shared record as the API sends it: its shared fields at the top level, beside what was withheld. */
export function flatten(shared: SharedRecord) {
  return {
    id: shared.id,
    partyId: shared.partyId,
    ...shared.fields,
    location: shared.location,
    withheld: shared.withheld,
    agreementVersion: shared.agreementVersion,
  };
}

/** Presents each record the viewer may see; a record the agreement does not share is dropped. */
export async function presentAll<T>(records: T[], present: (record: T) => Promise<SharedRecord | null>) {
  const shared = await Promise.all(records.map(present));
  return shared.filter((s): s is SharedRecord => s !== null).map(flatten);
}

export const sharedLocationSchema = z
  .union([
    z.object({ precision: z.literal('exact'), lat: z.number(), lon: z.number() }),
    z.object({ precision: z.literal('area'), lat: z.number(), lon: z.number(), cellKm: z.number() }),
  ])
  .nullable();

/** The envelope every shared record has, whatever its fields. */
export const sharedEnvelope = {
  id: z.string(),
  partyId: z.string(),
  location: sharedLocationSchema,
  withheld: z.array(z.string()).describe('fields the agreement withholds from you'),
  agreementVersion: z.number().int().nullable().describe('the agreement version that decided what you see'),
};
