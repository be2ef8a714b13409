import type { Actor } from '../access/actor.js';
import type { Db } from '../database.js';
import type { Clock } from '../platform/clock.js';
import { AppError, fieldRefused, forbidden, notFound, validationFailed } from '../platform/errors.js';
import type { Page, PageRequest } from '../platform/paging.js';
import { leafOf } from './audit.js';
import * as repo from './audit.repository.js';
import type { CheckpointRecord } from './audit.repository.js';
import type { AuditedWrites } from './audited-write.js';
import { ChainVerifier, storedSignatureLine } from './audit.verify.js';
import { consistencyProof, merkleRoot, verifyConsistency } from './merkle.js';
import {
  checkpointBody,
  checkSignature,
  cosign,
  cosignerName,
  formatNote,
  logOrigin,
  NoteError,
  type NoteSignature,
  parseSignatureLine,
  parseVerifierKey,
  partyOfCosigner,
  verifierKey,
} from './note.js';
import { readPrivateKey, readPublicKey, serverSigningParties } from './signing-keys.js';

/** A cosignature may be dated a little ahead of this server's clock, not more. */
const clockSkewSeconds = 300;

/** A checkpoint with its C2SP forms: the log's origin, the note body, and the signed note. */
export interface PresentedCheckpoint extends CheckpointRecord {
  origin: string;
  body: string;
  note: string;
}

/**
 * Checkpoints: the server creates them, each with the consistency proof from the one before,
 * and signs them as its own party only; the other party cosigns from its own machine and
 * uploads just the signature (`jsms audit sign`).
 */
export function checkpointService(deps: {
  db: Db;
  clock: Clock;
  writes: AuditedWrites;
  keysDir: string;
  demo: boolean;
}) {
  const { db, clock, writes, keysDir, demo } = deps;

  async function origin(): Promise<string> {
    const first = await repo.findEntry(db, 0);
    if (!first) throw new AppError('conflict', 'The audit log is empty');
    return logOrigin(first.hash);
  }

  function present(c: CheckpointRecord, logName: string): PresentedCheckpoint {
    const body = checkpointBody({ origin: logName, treeSize: c.treeSize, rootHash: c.rootHash });
    // Legacy (format 1) signatures are not note signatures; the note carries the cosignatures.
    const lines = c.signatures
      .filter((s) => s.format === 2)
      .map((s) => storedSignatureLine(s.partyId, s.signature));
    return { ...c, origin: logName, body, note: lines.length > 0 ? formatNote(body, lines) : '' };
  }

  async function load(treeSize: number): Promise<PresentedCheckpoint> {
    const found = await repo.findCheckpoint(db, treeSize);
    if (!found) throw notFound('audit_checkpoint_not_found', 'Checkpoint');
    return present(found, await origin());
  }

  /** The leaves of the first `treeSize` entries, after checking that they chain correctly. */
  async function verifiedLeaves(treeSize: number): Promise<Buffer[]> {
    const verifier = new ChainVerifier();
    const leaves: Buffer[] = [];
    for await (const entry of repo.streamEntries(db)) {
      if (entry.seq >= treeSize) break;
      if (!verifier.add(entry)) {
        throw new AppError(
          'conflict',
          `The audit log does not verify: ${verifier.chainProblems[0]!.message}`,
        );
      }
      leaves.push(leafOf(entry));
    }
    if (leaves.length !== treeSize)
      throw new AppError('conflict', 'The audit log is shorter than the checkpoint');
    return leaves;
  }

  /**
   * Signs a checkpoint as one of the server's own parties, after checking its root against the
   * log (unless the caller has just computed it from the verified log).
   */
  async function signAsServer(
    actor: Actor,
    checkpoint: PresentedCheckpoint,
    partyId: string,
    verifiedRoot?: string,
  ) {
    const root = verifiedRoot ?? merkleRoot(await verifiedLeaves(checkpoint.treeSize)).toString('hex');
    if (root !== checkpoint.rootHash) {
      throw new AppError(
        'checkpoint_inconsistent',
        'The stored checkpoint root does not match the log: refusing to sign',
      );
    }
    const now = clock.now();
    const privateKey = readPrivateKey(keysDir, partyId);
    const name = cosignerName(partyId);
    const signature = cosign(checkpoint.body, name, privateKey, Math.floor(now.getTime() / 1000));
    await storeSignature(actor, checkpoint.treeSize, partyId, signature, verifierKey(name, privateKey), now);
  }

  async function storeSignature(
    actor: Actor,
    treeSize: number,
    partyId: string,
    signature: NoteSignature,
    vkey: string,
    now: Date,
  ) {
    const encoded = Buffer.concat([Buffer.from(signature.keyId, 'hex'), signature.signature]).toString(
      'base64',
    );
    await writes
      .write(
        actor,
        async ({ tx, audit }) => {
          await repo.insertSignature(tx, {
            treeSize,
            partyId,
            format: 2,
            keyId: signature.keyId,
            publicKey: vkey,
            signature: encoded,
            signedAt: now.toISOString(),
            signedBy: actor.id,
          });
          await audit({ action: 'audit_checkpoint.signed', entityId: String(treeSize), partyId });
        },
        { at: now },
      )
      .catch(async (error: unknown) => {
        // Two admins of one party signing at once: the first signature stands.
        const again = await repo.findCheckpoint(db, treeSize);
        if (again?.signatures.some((s) => s.partyId === partyId)) throw alreadySigned(partyId);
        throw error;
      });
  }

  return {
    /** Checkpoints, newest first. */
    async checkpoints(_actor: Actor, page: PageRequest): Promise<Page<PresentedCheckpoint>> {
      const found = await repo.listCheckpointPage(db, page);
      if (found.items.length === 0) return { items: [], next: null };
      const logName = await origin();
      return { items: found.items.map((c) => present(c, logName)), next: found.next };
    },

    /** One checkpoint with its note. */
    async checkpointAt(_actor: Actor, treeSize: number): Promise<PresentedCheckpoint> {
      return load(treeSize);
    },

    /**
     * Records a checkpoint over every entry so far, with the consistency proof from the previous
     * checkpoint, and signs it as the server's own party. A checkpoint at an unchanged size is
     * returned as it is (signed by the server's party if it was not yet).
     */
    async checkpoint(actor: Actor): Promise<PresentedCheckpoint> {
      const parties = serverSigningParties(keysDir, { demo });
      if (parties.length === 0) {
        throw new AppError('signing_key_missing', 'This server holds no signing key of its party', {
          hint: 'jsms keys init --party <your party>',
        });
      }
      const { nextSeq } = await repo.readHead(db);
      if (nextSeq === 0) throw new AppError('conflict', 'The audit log is empty: nothing to checkpoint');
      let verifiedRoot: string | undefined;
      if (!(await repo.findCheckpoint(db, nextSeq))) {
        const leaves = await verifiedLeaves(nextSeq);
        const root = merkleRoot(leaves);
        verifiedRoot = root.toString('hex');
        const previous = await repo.previousCheckpoint(db, nextSeq);
        const proof = previous ? consistencyProof(previous.treeSize, leaves) : null;
        // The log must extend the previous checkpoint: if its entries were rewritten since, say so
        // rather than sign a new root over them.
        if (
          previous &&
          !verifyConsistency(previous.treeSize, nextSeq, Buffer.from(previous.rootHash, 'hex'), root, proof!)
        ) {
          throw new AppError(
            'checkpoint_inconsistent',
            `The log no longer extends the checkpoint of ${previous.treeSize} entries: refusing to checkpoint it`,
          );
        }
        try {
          await writes.write(actor, async ({ tx, now, audit }) => {
            await repo.insertCheckpoint(tx, {
              treeSize: nextSeq,
              rootHash: root.toString('hex'),
              createdAt: now.toISOString(),
              previousSize: previous?.treeSize ?? null,
              consistencyProof: proof?.map((p) => p.toString('hex')) ?? null,
            });
            await audit({ action: 'audit_checkpoint.created', entityId: String(nextSeq) });
          });
        } catch (error) {
          // Another request checkpointed the same entries a moment ago: that one stands.
          if (!(await repo.findCheckpoint(db, nextSeq))) throw error;
        }
      }
      for (const partyId of parties) {
        const current = await load(nextSeq);
        if (current.signatures.some((s) => s.partyId === partyId)) continue;
        try {
          await signAsServer(actor, current, partyId, verifiedRoot);
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'already_signed')) throw error;
        }
      }
      return load(nextSeq);
    },

    /** The RFC 9162 consistency proof from the tree of `from` entries to the checkpoint's. */
    async consistency(_actor: Actor, treeSize: number, from: number) {
      const checkpoint = await repo.findCheckpoint(db, treeSize);
      if (!checkpoint) throw notFound('audit_checkpoint_not_found', 'Checkpoint');
      if (from > treeSize)
        throw validationFailed('from', `from is at most the checkpoint's size, ${treeSize}`, 'querystring');
      // From the stored leaves as they are: the signer, not this server, decides whether they hold.
      const leaves = (await repo.readLeafHashes(db, treeSize)).map((h) => Buffer.from(h, 'hex'));
      return {
        treeSize,
        from,
        proof: consistencyProof(Math.min(from, leaves.length), leaves).map((b) => b.toString('hex')),
      };
    },

    /**
     * Stores a party's cosignature of a checkpoint, made on that party's own machine: a note
     * signature line by the caller's party that verifies with the party's trusted public key.
     */
    async addSignature(actor: Actor, treeSize: number, text: string): Promise<PresentedCheckpoint> {
      if (!actor.partyId) throw forbidden('A checkpoint is cosigned by a party', { caller: 'party member' });
      const checkpoint = await load(treeSize);
      let signature;
      try {
        signature = parseSignatureLine(text.trim());
      } catch (error) {
        if (error instanceof NoteError) throw signatureInvalid(`Not a note signature line: ${error.message}`);
        throw error;
      }
      const partyId = partyOfCosigner(signature.name);
      if (partyId !== actor.partyId) {
        throw signatureInvalid(
          `The signature is by ${signature.name}; you sign as ${cosignerName(actor.partyId)}`,
        );
      }
      const pem = readPublicKey(keysDir, partyId);
      if (pem === null) {
        throw new AppError('party_key_unknown', `This server trusts no public key of party ${partyId}`, {
          hint: `jsms keys trust --party ${partyId} --public <file>`,
        });
      }
      if (checkpoint.signatures.some((s) => s.partyId === partyId)) throw alreadySigned(partyId);
      const vkey = verifierKey(signature.name, pem);
      const check = checkSignature(checkpoint.body, signature, parseVerifierKey(vkey));
      if (check.status === 'unknown') {
        throw signatureInvalid(`The signature was made with another key than party ${partyId}'s trusted key`);
      }
      if (check.status === 'invalid' || check.timestamp === null) {
        throw signatureInvalid(`The signature does not verify over the checkpoint of ${treeSize} entries`);
      }
      const now = clock.now();
      if (check.timestamp > now.getTime() / 1000 + clockSkewSeconds) {
        throw signatureInvalid('The signature is dated in the future');
      }
      await storeSignature(actor, treeSize, partyId, signature, vkey, now);
      return load(treeSize);
    },
  };
}

function alreadySigned(partyId: string): AppError {
  return new AppError('already_signed', `Party ${partyId} has already signed this checkpoint`);
}

function signatureInvalid(message: string): AppError {
  return fieldRefused('signature_invalid', 'signature', message);
}
