import type { Actor } from '../access/actor.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { AppError, forbidden, notFound } from '../platform/errors.js';
import {
  ChainVerifier,
  type AuditDetails,
  type AuditEntry,
  checkpointMessage,
  hashEntry,
  leafOf,
  type VerifyProblem,
} from './audit.js';
import * as repo from './audit.repository.js';
import { inclusionProof, MerkleAccumulator } from './merkle.js';
import {
  hasPartyKey,
  listTrustedParties,
  readPublicKey,
  signAsParty,
  verifySignature,
} from './signing-keys.js';

/** What changed: names only, never values, so the log carries no personal data. */
export interface Change {
  action: string;
  entityType: string;
  entityId: string | null;
  fields?: string[];
  /** The party the change belongs to, when it is not the actor's own. */
  partyId?: string | null;
  /** Short named values the entry states, hashed with it (a clearance's reason and reference). */
  details?: AuditDetails;
}

/** Entity types whose entries every party sees, whoever wrote them. */
export const sharedEntityTypes = ['party', 'audit_checkpoint', 'agreement'] as const;

/** Registry records whose audit entries follow the records' own sharing. */
const recordEntityTypes = ['person', 'site', 'unit'] as const;

/**
 * Appends one entry inside the caller's transaction: the entry commits or rolls back with the
 * change it describes. `actor` is null for an anonymous request (a failed login).
 */
export async function recordAudit(
  trx: Db,
  actor: Actor | null,
  change: Change,
  now: Date,
): Promise<AuditEntry> {
  const { seq, prevHash } = await repo.claimNextSeq(trx);
  const unhashed = {
    seq,
    at: now.toISOString(),
    actorType: actor?.type ?? ('anonymous' as const),
    actorId: actor?.id ?? null,
    partyId: change.partyId !== undefined ? change.partyId : (actor?.partyId ?? null),
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    fields: [...(change.fields ?? [])].sort(),
    ...(change.details ? { details: { ...change.details } } : {}),
    prevHash,
  };
  const entry = { ...unhashed, hash: hashEntry(unhashed) };
  await repo.insertEntry(trx, entry);
  return entry;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  signatures: number;
  problems: VerifyProblem[];
}

/** The audit log's use cases. */
export function auditService(deps: {
  db: Db;
  clock: Clock;
  keysDir: string;
  /** Which parties' records of a kind the actor sees, as the agreement says; own party only without it. */
  visibleOwners?: (actor: Actor, entity: (typeof recordEntityTypes)[number]) => Promise<string[]>;
}) {
  const { db, clock, keysDir } = deps;

  async function sharedRecords(actor: Actor) {
    if (!deps.visibleOwners) return [];
    return Promise.all(
      recordEntityTypes.map(async (entityType) => ({
        entityType,
        ownerIds: (await deps.visibleOwners!(actor, entityType)).filter((id) => id !== actor.partyId),
      })),
    );
  }

  /**
   * Recomputes the chain, the Merkle roots and every signature. Only public keys from the key
   * directory are trusted: the copies stored beside signatures are for other parties to compare.
   */
  async function verify(): Promise<VerifyReport> {
    const checkpoints = await repo.listCheckpoints(db, { limit: Number.MAX_SAFE_INTEGER });
    const verifier = new ChainVerifier(new Set(checkpoints.map((c) => c.treeSize)));
    for await (const entry of repo.streamEntries(db)) {
      if (!verifier.add(entry)) break;
    }
    const head = await repo.readHead(db);
    const trusted = checkpoints.map((c) => ({
      treeSize: c.treeSize,
      rootHash: c.rootHash,
      signatures: c.signatures.map((s) => ({
        partyId: s.partyId,
        publicKeyPem: readPublicKey(keysDir, s.partyId),
        signature: s.signature,
      })),
    }));
    const problems = verifier.finish(head, trusted, verifySignature, listTrustedParties(keysDir));
    return {
      ok: problems.length === 0,
      entries: verifier.verified,
      checkpoints: checkpoints.length,
      signatures: checkpoints.reduce((n, c) => n + c.signatures.length, 0),
      problems,
    };
  }

  /** The root over the first `treeSize` entries, after checking that they chain correctly. */
  async function verifiedRoot(treeSize: number): Promise<string> {
    const verifier = new ChainVerifier(new Set([treeSize]));
    const merkle = new MerkleAccumulator();
    for await (const entry of repo.streamEntries(db)) {
      if (entry.seq >= treeSize) break;
      if (!verifier.add(entry)) {
        throw new AppError('conflict', `The audit log does not verify: ${verifier.problems[0]!.message}`);
      }
      merkle.push(leafOf(entry));
    }
    if (merkle.size !== treeSize)
      throw new AppError('conflict', 'The audit log is shorter than the checkpoint');
    return merkle.root().toString('hex');
  }

  /** Signs a checkpoint as `partyId` with the key in the key directory, after verifying it. */
  async function sign(actor: Actor, treeSize: number, partyId: string) {
    const checkpoint = await repo.findCheckpoint(db, treeSize);
    if (!checkpoint) throw notFound('audit_checkpoint_not_found', 'Checkpoint');
    if (checkpoint.signatures.some((s) => s.partyId === partyId)) {
      throw new AppError('already_signed', `Party ${partyId} has already signed this checkpoint`);
    }
    const root = await verifiedRoot(treeSize);
    if (root !== checkpoint.rootHash) {
      throw new AppError('conflict', 'The stored checkpoint root does not match the log: refusing to sign');
    }
    const signed = signAsParty(keysDir, partyId, checkpointMessage(treeSize, root));
    await db
      .transaction()
      .execute(async (trx) => {
        const now = clock.now();
        await repo.insertSignature(trx, {
          treeSize,
          partyId,
          keyId: signed.keyId,
          publicKeyPem: signed.publicKeyPem,
          signature: signed.signature,
          signedAt: now.toISOString(),
          signedBy: actor.id,
        });
        await recordAudit(
          trx,
          actor,
          {
            action: 'audit_checkpoint.signed',
            entityType: 'audit_checkpoint',
            entityId: String(treeSize),
            partyId,
          },
          now,
        );
      })
      .catch(async (error: unknown) => {
        // Two admins of one party signing at once: the first signature stands.
        const again = await repo.findCheckpoint(db, treeSize);
        if (again?.signatures.some((s) => s.partyId === partyId)) {
          throw new AppError('already_signed', `Party ${partyId} has already signed this checkpoint`);
        }
        throw error;
      });
    return (await repo.findCheckpoint(db, treeSize))!;
  }

  return {
    verify,

    /** Entries the actor's party may see, newest first. */
    async list(
      actor: Actor,
      filter: { entityType?: string; entityId?: string; beforeSeq?: number; limit: number },
    ) {
      if (!actor.partyId) throw forbidden('Only a party member may read the audit log');
      return repo.listVisibleEntries(db, {
        ...filter,
        visibleToParty: actor.partyId,
        sharedEntityTypes,
        sharedRecords: await sharedRecords(actor),
      });
    },

    async checkpoints(_actor: Actor, limit = 100) {
      return repo.listCheckpoints(db, { limit });
    },

    /**
     * Records a checkpoint over every entry so far and signs it with each party key given.
     * A checkpoint at an unchanged size is returned as it is.
     */
    async checkpoint(actor: Actor, signAs: readonly string[]) {
      const keyless = signAs.find((partyId) => !hasPartyKey(keysDir, partyId));
      if (keyless) {
        throw new AppError('signing_key_missing', `This server holds no signing key for party ${keyless}`, {
          hint: `jsms keys init --party ${keyless}`,
        });
      }
      const { nextSeq } = await repo.readHead(db);
      let existing = await repo.findCheckpoint(db, nextSeq);
      if (!existing) {
        const root = await verifiedRoot(nextSeq);
        try {
          await db.transaction().execute(async (trx) => {
            const now = clock.now();
            await repo.insertCheckpoint(trx, nextSeq, root, now.toISOString());
            await recordAudit(
              trx,
              actor,
              {
                action: 'audit_checkpoint.created',
                entityType: 'audit_checkpoint',
                entityId: String(nextSeq),
              },
              now,
            );
          });
        } catch (error) {
          // Another request checkpointed the same entries a moment ago: that one stands.
          if (!(await repo.findCheckpoint(db, nextSeq))) throw error;
        }
        existing = (await repo.findCheckpoint(db, nextSeq))!;
      }
      for (const partyId of signAs) {
        if (!existing.signatures.some((s) => s.partyId === partyId))
          existing = await sign(actor, nextSeq, partyId);
      }
      return existing;
    },

    sign,

    /** The inclusion proof of entry `seq` in the checkpoint of `treeSize` entries. */
    async proof(actor: Actor, seq: number, treeSize: number) {
      const [entry] = await repo.listVisibleEntries(db, {
        visibleToParty: actor.partyId ?? '',
        sharedEntityTypes,
        sharedRecords: await sharedRecords(actor),
        beforeSeq: seq + 1,
        limit: 1,
      });
      if (!entry || entry.seq !== seq) throw notFound('audit_entry_not_found', 'Audit entry');
      const checkpoint = await repo.findCheckpoint(db, treeSize);
      if (!checkpoint) throw notFound('audit_checkpoint_not_found', 'Checkpoint');
      if (seq >= treeSize)
        throw new AppError('validation_failed', 'The entry is not in that checkpoint', { field: 'treeSize' });
      const leaves = (await repo.readLeafHashes(db, treeSize)).map((h) => Buffer.from(h, 'hex'));
      return {
        entry,
        checkpoint,
        proof: inclusionProof(seq, leaves).map((b) => b.toString('hex')),
      };
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
