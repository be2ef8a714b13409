import { createHash } from 'node:crypto';
import { canonicalJson } from '../platform/canonical-json.js';

/** The hash before the first entry. */
export const genesisHash = '0'.repeat(64);

/** One link of the append-only log. It names what changed, never the personal data itself. */
export interface AuditEntry {
  seq: number;
  at: string;
  actorType: 'user' | 'device' | 'system' | 'anonymous';
  actorId: string | null;
  partyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  fields: string[];
  /** Short named values the entry states, such as a clearance's reason and reference; never personal data. */
  details?: AuditDetails;
  prevHash: string;
  hash: string;
  /**
   * 16 random bytes (hex) committed to in the hash and stored beside the entry, shown only to
   * those who may see the entry: without it, a hidden entry's hash (the next entry's prevHash,
   * an inclusion-proof sibling) cannot be matched by guessing its few possible contents.
   * Null for entries written before salting, which keep their unsalted hash.
   */
  salt: string | null;
}

export type AuditDetails = Record<string, string>;

export type UnhashedEntry = Omit<AuditEntry, 'hash'>;

/**
/**
 * SHA-256 over the RFC 8785 canonical JSON of every field but the hash itself. `details` is hashed
 * only when present and the salt only when not null, so entries written without either (legacy
 * entries have no salt) keep the hash they were written with.
 */
export function hashEntry(entry: UnhashedEntry): string {
  const { seq, at, actorType, actorId, partyId, action, entityType, entityId, fields, prevHash, salt } =
    entry;
  const body = {
    seq,
    at,
    actorType,
    actorId,
    partyId,
    action,
    entityType,
    entityId,
    fields,
    ...(entry.details ? { details: entry.details } : {}),
    prevHash,
    ...(salt === null ? {} : { salt }),
  };
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The Merkle leaf of an entry: its hash, as bytes. */
export function leafOf(entry: Pick<AuditEntry, 'hash'>): Buffer {
  return Buffer.from(entry.hash, 'hex');
}

/**
 * What a party signed for a checkpoint before cosignatures (format 1): a short text naming the
 * size and the root. Still checked for checkpoints signed that way.
 */
export function checkpointMessage(treeSize: number, rootHash: string): Buffer {
  return Buffer.from(`jsms-audit-checkpoint/v1\n${treeSize}\n${rootHash}\n`, 'utf8');
}
