import { decide, policyActor, refusedBy } from '../agreement/policy.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import { AppError, forbidden, validationFailed } from '../platform/errors.js';
import { claimClearanceQuota } from './clearance.repository.js';
import type { Viewing } from './registry.presenter.js';

/** What a clearance read states: why (one of the agreement's reasons) and the reference it answers. */
export interface ClearanceRequest {
  reason: string;
  reference: string;
}

/**
 * Clearance reads (issue 7, finding 8): the `clearance` condition shares more of another party's
 * persons (the passport number), so asking for one needs a role the agreement names and a stated
 * reason and reference; each disclosure counts against the user's hourly allowance and is in the
 * audit log, with that reason and reference, as an entry the owning party sees.
 */
export function clearanceReads(deps: { writes: AuditedWrites }) {
  const { writes } = deps;

  return {
    /**
     * Throws unless the viewing's actor may ask for a clearance of the records of `ownerIds` (the
     * parties whose persons the read may show) for the stated reason.
     */
    async authorize(viewing: Viewing, request: ClearanceRequest, ownerIds: readonly string[]): Promise<void> {
      const { viewer: actor, agreement } = viewing;
      if (actor.type !== 'user')
        throw forbidden('Only a signed-in user asks for a clearance', { caller: 'user' });
      // Before any agreement is in force no other party's record is visible: nothing to widen.
      if (!agreement) return;
      const { reasons } = agreement.document.clearance;
      if (!reasons.includes(request.reason)) {
        throw validationFailed(
          'reason',
          `A clearance states one of the agreement's reasons: ${reasons.join(', ')}`,
          'querystring',
        );
      }
      const { host, partners } = agreement.document.parties;
      for (const ownerPartyId of ownerIds) {
        if (ownerPartyId === actor.partyId) continue;
        const ownerKind = ownerPartyId === host ? 'host' : partners.includes(ownerPartyId) ? 'partner' : null;
        if (!ownerKind) continue;
        const decision = decide(agreement, policyActor(actor), {
          type: 'clearance.read',
          ownerPartyId,
          ownerKind,
        });
        if (!decision.allow) throw refusedBy(decision, 'purpose', 'querystring');
      }
    },

    /**
     * Counts the persons whose records a clearance discloses to another party against the user's
     * allowance and records each disclosure, in one transaction: over the allowance, nothing is
     * recorded and the caller shows nothing (429 with the seconds until the hour's window ends).
     */
    async disclose(
      viewing: Viewing,
      request: ClearanceRequest,
      persons: readonly { id: string; partyId: string }[],
    ): Promise<void> {
      if (persons.length === 0) return;
      const { viewer: actor, agreement } = viewing;
      if (actor.type !== 'user')
        throw forbidden('Only a signed-in user asks for a clearance', { caller: 'user' });
      const limit = agreement?.document.clearance.personsPerHour ?? 0;
      if (persons.length > limit) {
        throw new AppError(
          'clearance_rate_limited',
          `This clearance would disclose ${persons.length} persons; the agreement allows ${limit} an hour. Narrow it, e.g. by passport number`,
          { field: 'purpose', in: 'querystring', limit, requested: persons.length },
        );
      }
      await writes.write(actor, async ({ tx, now, audit }) => {
        const claim = await claimClearanceQuota(tx, {
          userId: actor.id,
          persons: persons.length,
          limit,
          now,
        });
        if (!claim.granted) {
          const retryAfterSeconds = Math.max(
            1,
            Math.ceil((claim.windowEndsAt.getTime() - now.getTime()) / 1000),
          );
          throw new AppError(
            'clearance_rate_limited',
            `Your clearances have disclosed ${claim.used} of the ${limit} persons the agreement allows an hour; this one would disclose ${persons.length} more`,
            { retryAfterSeconds, limit, used: claim.used, requested: persons.length },
          );
        }
        for (const person of persons) {
          await audit({
            action: 'person.clearance_viewed',
            entityId: person.id,
            partyId: person.partyId,
            fields: ['passport_enc'],
            details: { reason: request.reason, reference: request.reference },
          });
        }
      });
    },
  };
}

export type ClearanceReads = ReturnType<typeof clearanceReads>;
