import type { Actor } from '../access/actor.js';
import type { AuditedWrites } from './audited-write.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, notFound, validationFailed } from '../platform/errors.js';
import * as repo from './audit.repository.js';
import type { EntryFilter, EntryVisibility } from './audit.repository.js';
import { ChainVerifier, type VerifyProblem, type WitnessedCopy } from './audit.verify.js';
import { checkpointService } from './checkpoint.service.js';
import { inclusionProof } from './merkle.js';
import { ProvenanceCheck, type ProvenanceRule } from './provenance.js';
import { trustedKeys } from './signing-keys.js';

/** Entity types whose entries every party sees, whoever wrote them. */
export const sharedEntityTypes = ['party', 'audit_checkpoint', 'agreement'] as const;

/** Registry records whose audit entries follow the records' own sharing. */
const recordEntityTypes = ['person', 'site', 'unit'] as const;

export interface VerifyReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  signatures: number;
  /** Witnessed copies checked against the log. */
  witnessed: number;
  /** Stored records traced to the entry that created them (their own or their import's). */
  records: number;
  problems: VerifyProblem[];
}

/** A kind of record verify accounts for, with a way to read every stored id (pages, any order). */
export interface RecordSource extends ProvenanceRule {
  ids(): AsyncIterable<readonly string[]>;
}

/** The audit log's use cases. */
export function auditService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  keysDir: string;
  /** The demo holds every party's key; anywhere else that is refused. */
  demo?: boolean;
  /** Which parties' records of a kind the actor sees, as the agreement says; own party only without it. */
  visibleOwners?: (actor: Actor, entity: (typeof recordEntityTypes)[number]) => Promise<string[]>;
  /** The records whose every stored row must have been created by an entry of the log. */
  records?: readonly RecordSource[];
}) {
  const { db, keysDir } = deps;
  const checkpoints = checkpointService({
    db,
    clock: deps.clock,
    writes: deps.writes,
    keysDir,
    demo: deps.demo ?? false,
  });

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
   * Recomputes the chain, the Merkle roots, every signature and the log's record of its
   * checkpoints, and checks each witnessed copy a party kept. Only public keys from the key
   * directory are trusted: the copies stored beside signatures are for other parties to compare.
   * On a whole chain it then traces every stored record to the entry that created it.
   */
  async function verify(options: { witnessed?: readonly WitnessedCopy[] } = {}): Promise<VerifyReport> {
    const stored = await repo.allCheckpoints(db);
    const witnessed = options.witnessed ?? [];
    const verifier = new ChainVerifier({ checkpoints: stored, trustedKeys: trustedKeys(keysDir), witnessed });
    const sources = deps.records ?? [];
    const provenance = sources.map((source) => new ProvenanceCheck(source));
    for await (const entry of repo.streamEntries(db)) {
      if (!verifier.add(entry)) break;
      for (const check of provenance) check.addEntry(entry);
    }
    const problems = verifier.finish(await repo.readHead(db));
    // A broken chain has said where it breaks; records past that point would only repeat it.
    if (verifier.isChainWhole) {
      for (const [i, source] of sources.entries()) {
        for await (const ids of source.ids()) provenance[i]!.addRecords(ids);
        problems.push(...provenance[i]!.finish());
      }
    }
    return {
      ok: problems.length === 0,
      entries: verifier.verified,
      checkpoints: stored.length,
      signatures: stored.reduce((n, c) => n + c.signatures.length, 0),
      witnessed: witnessed.length,
      records: provenance.reduce((n, c) => n + c.records, 0),
      problems,
    };
  }

  return {
    verify,
    ...checkpoints,

    /** Entries the actor's party may see, newest first, with their salts. */
    async list(
      actor: Actor,
      filter: Omit<EntryFilter, keyof EntryVisibility> & { from?: string; to?: string },
    ) {
      if (!actor.partyId)
        throw forbidden('Only a party member may read the audit log', { caller: 'party member' });
      return repo.listVisibleEntries(db, {
        ...filter,
        // Stored times are ISO UTC strings: a bound in any offset becomes one, so text order is time order.
        from: filter.from && new Date(filter.from).toISOString(),
        to: filter.to && new Date(filter.to).toISOString(),
        visibleToParty: actor.partyId,
        sharedEntityTypes,
        sharedRecords: await sharedRecords(actor),
      });
    },

    /** The inclusion proof of entry `seq` in the checkpoint of `treeSize` entries. */
    async proof(actor: Actor, seq: number, treeSize: number) {
      const visibility = {
        visibleToParty: actor.partyId ?? '',
        sharedEntityTypes,
        sharedRecords: await sharedRecords(actor),
      };
      const entry = await repo.findVisibleEntry(db, visibility, seq);
      if (!entry) throw notFound('audit_entry_not_found', 'Audit entry');
      const checkpoint = await checkpoints.checkpointAt(actor, treeSize);
      if (seq >= treeSize)
        throw validationFailed('treeSize', 'The entry is not in that checkpoint', 'querystring');
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
