import type { Db, Tx } from '../database.js';
import { keysetPage, type Page, type PageKey, type PageRequest, mapPage } from '../platform/paging.js';
import type { AuditDetails, AuditEntry } from './audit.js';
import type { AuditCheckpointRow, AuditEntryRow, AuditSignatureRow } from './audit.tables.js';

function toEntry(row: AuditEntryRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorType: row.actor_type as AuditEntry['actorType'],
    actorId: row.actor_id,
    partyId: row.party_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    fields: JSON.parse(row.fields) as string[],
    ...(row.details ? { details: JSON.parse(row.details) as AuditDetails } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
    salt: row.salt ?? null,
  };
}

/** Claims the next sequence number. On PostgreSQL the row lock serialises concurrent appends. */
export async function claimNextSeq(tx: Tx): Promise<{ seq: number; prevHash: string }> {
  const row = await tx
    .updateTable('audit_head')
    .set((eb) => ({ next_seq: eb('next_seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['next_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  return { seq: Number(row.next_seq) - 1, prevHash: row.last_hash };
}

export async function insertEntry(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_entries')
    .values({
      seq: entry.seq,
      at: entry.at,
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      party_id: entry.partyId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      fields: JSON.stringify(entry.fields),
      details: entry.details ? JSON.stringify(entry.details) : null,
      prev_hash: entry.prevHash,
      hash: entry.hash,
      salt: entry.salt,
    })
    .execute();
  await tx.updateTable('audit_head').set({ last_hash: entry.hash }).where('id', '=', 1).execute();
}

export async function readHead(db: Db): Promise<{ nextSeq: number; lastHash: string }> {
  const row = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return { nextSeq: Number(row.next_seq), lastHash: row.last_hash };
}

/** Entries in sequence order from `fromSeq`, a page at a time. */
export async function readEntries(db: Db, fromSeq: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .selectAll()
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}

/** Every entry, streamed in pages so a verifier holds only one page. */
export async function* streamEntries(db: Db, pageSize = 5000): AsyncGenerator<AuditEntry> {
  let from = 0;
  for (;;) {
    const page = await readEntries(db, from, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    from = page[page.length - 1]!.seq + 1;
  }
}

/** Which entries a party may see: its own, those of shared entity types, those of records shared with it. */
export interface EntryVisibility {
  visibleToParty: string;
  sharedEntityTypes: readonly string[];
  /** Entity types of other parties' records the agreement shares, with the owners it shares them from. */
  sharedRecords?: readonly { entityType: string; ownerIds: readonly string[] }[];
}

export interface EntryFilter extends EntryVisibility, PageRequest {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  /** ISO UTC times: entries at or after `from`, before `to`. */
  from?: string | undefined;
  to?: string | undefined;
}

/** Entries are listed newest first. */
const newestFirst: PageKey<AuditEntryRow>[] = [{ column: 'seq', kind: 'number', of: (e) => Number(e.seq) }];

function visibleEntries(db: Db, visibility: EntryVisibility) {
  return db
    .selectFrom('audit_entries')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('party_id', '=', visibility.visibleToParty),
        eb('entity_type', 'in', [...visibility.sharedEntityTypes]),
        ...(visibility.sharedRecords ?? [])
          .filter((r) => r.ownerIds.length > 0)
          .map((r) => eb.and([eb('entity_type', '=', r.entityType), eb('party_id', 'in', [...r.ownerIds])])),
      ]),
    );
}

/** One page, newest first; the visibility rule is part of the query, so paging never skips or leaks. */
export async function listVisibleEntries(db: Db, filter: EntryFilter): Promise<Page<AuditEntry>> {
  let query = visibleEntries(db, filter);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('at', '>=', filter.from);
  if (filter.to) query = query.where('at', '<', filter.to);
  const page = await keysetPage(query, newestFirst, 'desc', filter);
  return mapPage(page, toEntry);
}

/** Entry `seq`, if the party may see it. */
export async function findVisibleEntry(
  db: Db,
  visibility: EntryVisibility,
  seq: number,
): Promise<AuditEntry | null> {
  const row = await visibleEntries(db, visibility).where('seq', '=', seq).executeTakeFirst();
  return row ? toEntry(row) : null;
}

export async function findEntry(db: Db, seq: number): Promise<AuditEntry | null> {
  const row = await db.selectFrom('audit_entries').selectAll().where('seq', '=', seq).executeTakeFirst();
  return row ? toEntry(row) : null;
}

/** The entry hashes of the first `treeSize` entries: the leaves of a checkpoint's tree. */
export async function readLeafHashes(db: Db, treeSize: number): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .select('hash')
    .where('seq', '<', treeSize)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.hash);
}

/** A checkpoint as stored, with its signatures. */
export interface CheckpointRecord {
  treeSize: number;
  rootHash: string;
  createdAt: string;
  /** The checkpoint the consistency proof starts from; null for the first, and for legacy ones. */
  previousSize: number | null;
  /** Hex hashes of the RFC 9162 consistency proof from `previousSize`. */
  consistencyProof: string[] | null;
  signatures: SignatureRecord[];
}

export interface SignatureRecord {
  partyId: string;
  /** 1: legacy signature over jsms-audit-checkpoint/v1; 2: tlog-cosignature/v1. */
  format: 1 | 2;
  /** Format 1: 16 hex digits of the key's SHA-256; format 2: the note key ID, 8 hex digits. */
  keyId: string;
  /** Format 1: the PEM public key; format 2: the verifier key (vkey). Not trusted by verify. */
  publicKey: string;
  /** Base64: format 1 the Ed25519 signature, format 2 the note signature (key ID, time, signature). */
  signature: string;
  signedAt: string;
  signedBy: string;
}

export async function insertCheckpoint(
  tx: Tx,
  checkpoint: Omit<CheckpointRecord, 'signatures'>,
): Promise<void> {
  await tx
    .insertInto('audit_checkpoints')
    .values({
      tree_size: checkpoint.treeSize,
      root_hash: checkpoint.rootHash,
      created_at: checkpoint.createdAt,
      previous_size: checkpoint.previousSize,
      consistency_proof: checkpoint.consistencyProof ? JSON.stringify(checkpoint.consistencyProof) : null,
    })
    .execute();
}

export async function insertSignature(tx: Tx, sig: SignatureRecord & { treeSize: number }) {
  await tx
    .insertInto('audit_signatures')
    .values({
      tree_size: sig.treeSize,
      party_id: sig.partyId,
      format: sig.format,
      key_id: sig.keyId,
      public_key: sig.publicKey,
      signature: sig.signature,
      signed_at: sig.signedAt,
      signed_by: sig.signedBy,
    })
    .execute();
}

/** Checkpoints with their signatures, newest first; `treeSize` picks one, `below` those smaller. */
export async function listCheckpoints(
  db: Db,
  options: { treeSize?: number; below?: number; limit?: number } = {},
): Promise<CheckpointRecord[]> {
  let query = db.selectFrom('audit_checkpoints').selectAll();
  if (options.treeSize !== undefined) query = query.where('tree_size', '=', options.treeSize);
  if (options.below !== undefined) query = query.where('tree_size', '<', options.below);
  const checkpoints = await query
    .orderBy('tree_size', 'desc')
    .limit(options.limit ?? 1000)
    .execute();
  return attachSignatures(db, checkpoints);
}

/** Checkpoints are listed newest (largest) first. */
const largestFirst: PageKey<AuditCheckpointRow>[] = [
  { column: 'tree_size', kind: 'number', of: (c) => Number(c.tree_size) },
];

/** One page of checkpoints with their signatures, newest first. */
export async function listCheckpointPage(db: Db, page: PageRequest): Promise<Page<CheckpointRecord>> {
  const checkpoints = await keysetPage(
    db.selectFrom('audit_checkpoints').selectAll(),
    largestFirst,
    'desc',
    page,
  );
  return { items: await attachSignatures(db, checkpoints.items), next: checkpoints.next };
}

/** The checkpoints' signatures, attached in two reads whatever their number. */
async function attachSignatures(db: Db, checkpoints: AuditCheckpointRow[]): Promise<CheckpointRecord[]> {
  if (checkpoints.length === 0) return [];
  const signatures = await db
    .selectFrom('audit_signatures')
    .selectAll()
    .where(
      'tree_size',
      'in',
      checkpoints.map((c) => c.tree_size),
    )
    .orderBy('party_id')
    .execute();
  return withSignatures(checkpoints, signatures);
}

/** Joins signature rows to their checkpoint rows, keeping the checkpoints' order. */
function withSignatures(checkpoints: AuditCheckpointRow[], signatures: AuditSignatureRow[]) {
  const bySize = new Map<number, SignatureRecord[]>();
  for (const s of signatures) {
    const list = bySize.get(Number(s.tree_size)) ?? [];
    list.push(toSignature(s));
    bySize.set(Number(s.tree_size), list);
  }
  return checkpoints.map((c) => toCheckpoint(c, bySize.get(Number(c.tree_size)) ?? []));
}

function toSignature(s: AuditSignatureRow): SignatureRecord {
  return {
    partyId: s.party_id,
    format: Number(s.format) === 2 ? 2 : 1,
    keyId: s.key_id,
    publicKey: s.public_key,
    signature: s.signature,
    signedAt: s.signed_at,
    signedBy: s.signed_by,
  };
}

function toCheckpoint(c: AuditCheckpointRow, signatures: SignatureRecord[]): CheckpointRecord {
  return {
    treeSize: Number(c.tree_size),
    rootHash: c.root_hash,
    createdAt: c.created_at,
    previousSize: c.previous_size === null ? null : Number(c.previous_size),
    consistencyProof: c.consistency_proof === null ? null : (JSON.parse(c.consistency_proof) as string[]),
    signatures,
  };
}

export async function findCheckpoint(db: Db, treeSize: number): Promise<CheckpointRecord | null> {
  const [found] = await listCheckpoints(db, { treeSize });
  return found ?? null;
}

/** The largest checkpoint below `treeSize`: the one a new checkpoint proves consistency from. */
export async function previousCheckpoint(db: Db, treeSize: number): Promise<CheckpointRecord | null> {
  const [found] = await listCheckpoints(db, { below: treeSize, limit: 1 });
  return found ?? null;
}

/** Every checkpoint with its signatures, oldest first, in two reads: for verify, however many. */
export async function allCheckpoints(db: Db): Promise<CheckpointRecord[]> {
  const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('tree_size').execute();
  const signatures = await db.selectFrom('audit_signatures').selectAll().orderBy('party_id').execute();
  return withSignatures(checkpoints, signatures);
}
