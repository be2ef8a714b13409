import { readFileSync } from 'node:fs';
import type { Role } from '../../src/access/actor.js';
import { parseAgreement } from '../../src/agreement/agreement.schema.js';
import type { PolicyActor } from '../../src/agreement/policy.js';
import type { ShareableRecord } from '../../src/agreement/share.js';

// The example agreement with a second partner, and actors of each party, for the pure policy tests.
export const example = parseAgreement(
  readFileSync(new URL('../../docs/agreement.example.yaml', import.meta.url), 'utf8'),
);
// A second partner, so the partner-to-partner clauses apply; 'xyz' is party to nothing.
export const agreement = {
  version: 3,
  document: { ...example, parties: { host: 'ssd', partners: ['cso', 'cpec'] } },
};

export const host = (...roles: Role[]): PolicyActor => ({ partyId: 'ssd', partyKind: 'host', roles });
export const partner = (...roles: Role[]): PolicyActor => ({ partyId: 'cso', partyKind: 'partner', roles });
export const otherPartner = (...roles: Role[]): PolicyActor => ({
  partyId: 'cpec',
  partyKind: 'partner',
  roles,
});

export const karachi = { lat: 24.8607, lon: 67.0011 };
/** A partner person in Karachi, every field filled. */
export const person: ShareableRecord = {
  id: 'p1',
  partyId: 'cso',
  partyKind: 'partner',
  fields: {
    name: 'Zhang Wei',
    nativeName: '张伟',
    nationality: 'CN',
    employer: 'Demo Power Co.',
    siteId: 's1',
    status: 'in_country',
    phone: '+92 300 0000000',
    passportNumber: 'E12345678',
    bloodGroup: 'O+',
    emergencyContact: 'Li Na, +86 138 0000 0000',
  },
  location: karachi,
};
