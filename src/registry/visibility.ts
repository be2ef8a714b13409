import type { Actor } from '../access/actor.js';
import { listParties } from '../access/party.repository.js';
import { type AgreementService, policyActor } from '../agreement/agreement.service.js';
import type { SharedEntity } from '../agreement/agreement.schema.js';
import { decide, type PolicyContext } from '../agreement/policy.js';
import { sharesFields, visibleOwners } from '../agreement/share.js';
import type { Db } from '../database.js';
import { type ErrorCode, forbidden, notFound } from '../platform/errors.js';

interface Owned {
  partyId: string;
  partyKind: 'host' | 'partner';
}

/** Registry reads and writes ask the agreement the same two questions; here, once. */
export function registryAccess(deps: { db: Db; agreements: AgreementService }) {
  const { db, agreements } = deps;
  return {
    /** Throws not found unless the actor's party owns the record or the agreement shares it. */
    async assertVisible(
      actor: Actor,
      entity: SharedEntity,
      record: Owned | null,
      code: ErrorCode & `${string}not_found`,
    ) {
      const what = entity[0]!.toUpperCase() + entity.slice(1);
      if (!record) throw notFound(code, what);
      if (actor.type === 'system' || record.partyId === actor.partyId) return;
      const agreement = await agreements.inForce();
      const read =
        agreement &&
        decide(agreement, policyActor(actor), {
          type: 'record.read',
          entity,
          ownerPartyId: record.partyId,
          ownerKind: record.partyKind,
        });
      if (!read || !read.allow) throw notFound(code, what);
    },

    /** Throws unless the actor's party owns the record: each party manages its own. */
    assertOwned(actor: Actor, entity: SharedEntity, record: Owned) {
      if (actor.type !== 'system' && record.partyId !== actor.partyId) {
        throw forbidden(`A party cannot change another party's ${entity} records`, {
          clause: 'ownership',
          party: record.partyId,
        });
      }
    },

    /**
     * The parties whose records of `entity` the actor's list may hold; with `filteredOn`, only
     * those whose records show the actor every filtered field (under `context`), so a filter
     * never tests a value the agreement withholds.
     */
    async visibleOwners(
      actor: Actor,
      entity: SharedEntity,
      filteredOn: readonly string[] = [],
      context: PolicyContext = {},
    ): Promise<string[]> {
      const parties = await listParties(db);
      if (actor.type === 'system') return parties.map((p) => p.id);
      const agreement = await agreements.inForce();
      const viewer = policyActor(actor);
      return visibleOwners(agreement, viewer, entity, parties).filter((id) =>
        sharesFields(
          agreement,
          viewer,
          entity,
          parties.find((p) => p.id === id)!,
          filteredOn,
          context,
        ),
      );
    },
  };
}

export type RegistryAccess = ReturnType<typeof registryAccess>;
