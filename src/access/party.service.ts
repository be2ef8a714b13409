import type { AuditedWrites } from '../audit/audited-write.js';
import type { Db } from '../database.js';
import { conflict, notFound, validationFailed } from '../platform/errors.js';
import type { Actor } from './actor.js';
import * as repo from './party.repository.js';

export type { Party } from './party.repository.js';

/** Party ids are short slugs: they name key files and appear in audit entries. */
export const partyIdPattern = /^[a-z][a-z0-9-]{1,31}$/;

/** The parties of the deployment: one host, one or more partners. */
export function partyService(deps: { db: Db; writes: AuditedWrites }) {
  const { db, writes } = deps;
  return {
    list: (_actor: Actor) => repo.listParties(db),

    /** Every party, for other capabilities' rules (parties are public to every signed-in caller). */
    all: () => repo.listParties(db),

    /** One party or null, for other capabilities' rules. */
    find: (id: string) => repo.findParty(db, id),

    async get(_actor: Actor, id: string) {
      const party = await repo.findParty(db, id);
      if (!party) throw notFound('party_not_found', 'Party');
      return party;
    },

    /** Adds a party; only from the command line or the demo, where the operator is the system. */
    async create(
      actor: Actor,
      input: { id: string; name: string; kind: 'host' | 'partner'; isDemo?: boolean },
    ) {
      if (!partyIdPattern.test(input.id)) {
        throw validationFailed(
          'id',
          'A party id is 2-32 lower-case letters, digits or dashes, starting with a letter',
        );
      }
      return writes.write(actor, async ({ tx, now, audit }) => {
        if (await repo.findParty(tx, input.id))
          throw conflict('conflict', `Party ${input.id} already exists`);
        if (input.kind === 'host' && (await repo.listParties(tx)).some((p) => p.kind === 'host')) {
          throw conflict('conflict', 'A deployment has exactly one host party, and it already has one');
        }
        const party = { ...input, isDemo: input.isDemo ?? false, createdAt: now.toISOString() };
        await repo.insertParty(tx, party);
        await audit({
          action: 'party.created',
          entityId: party.id,
          partyId: party.id,
          fields: ['name', 'kind'],
        });
        return party;
      });
    },
  };
}

export type PartyService = ReturnType<typeof partyService>;
