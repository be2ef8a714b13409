import { createHash } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import type { PartyService } from '../access/party.service.js';
import type { AuditedWrites } from '../audit/audited-write.js';
import { serverSigningParties, signAsParty } from '../audit/signing-keys.js';
import type { Db, Tx } from '../database.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { AppError, forbidden, invalidTransition, notFound, validationFailed } from '../platform/errors.js';
import { type AgreementDocument, parseAgreement, validateAgreement } from './agreement.schema.js';
import type { AgreementVersionRow } from './agreement.tables.js';
import { diffDocuments } from './diff.js';
import { decide, type AgreementInForce, policyActor } from './policy.js';
import * as repo from './agreement.repository.js';
import { readTogether } from '../platform/db/read-together.js';

/** What a party signs: the version number and the SHA-256 of the canonical document. */
function signedMessage(version: number, hash: string): Buffer {
  return Buffer.from(`jsms-agreement/v1\n${version}\n${hash}\n`, 'utf8');
}

export interface AgreementVersion {
  version: number;
  status: AgreementVersionRow['status'];
  hash: string;
  source: string;
  document: AgreementDocument;
  proposedBy: string;
  proposedPartyId: string;
  proposedAt: string;
  inForceAt: string | null;
  supersededAt: string | null;
  signatures: {
    partyId: string;
    userId: string;
    signedAt: string;
    keyId: string | null;
    keySignature: string | null;
  }[];
  /** Parties of the document that have not signed yet. */
  awaiting: string[];
}

/** Agreement versions: proposal, co-signature, the version in force, and diffs. */
export function agreementService(deps: {
  db: Db;
  writes: AuditedWrites;
  parties: PartyService;
  keysDir: string;
  demo?: boolean;
}) {
  const { db, writes, keysDir } = deps;
  const signing = { demo: deps.demo ?? false };
  // Documents never change once stored, so a parsed copy per version is safe to keep.
  const parsed = new Map<number, AgreementDocument>();

  function documentOf(version: number, json: string): AgreementDocument {
    let doc = parsed.get(version);
    if (!doc) {
      doc = validateAgreement(JSON.parse(json));
      parsed.set(version, doc);
    }
    return doc;
  }

  async function load(version: number): Promise<AgreementVersion> {
    const row = await repo.findVersion(db, version);
    if (!row) throw notFound('agreement_not_found', 'Agreement version');
    const document = documentOf(row.version, row.document);
    const signatures = await repo.listSignatures(db, [version]);
    const parties = [document.parties.host, ...document.parties.partners];
    return {
      version: row.version,
      status: row.status,
      hash: row.hash,
      source: row.source,
      document,
      proposedBy: row.proposed_by,
      proposedPartyId: row.proposed_party_id,
      proposedAt: row.proposed_at,
      inForceAt: row.in_force_at,
      supersededAt: row.superseded_at,
      signatures: signatures.map((s) => ({
        partyId: s.party_id,
        userId: s.user_id,
        signedAt: s.signed_at,
        keyId: s.key_id,
        keySignature: s.key_signature,
      })),
      awaiting: parties.filter((p) => !signatures.some((s) => s.party_id === p)),
    };
  }

  /** Checks that the document names the deployment's parties as they are. */
  async function checkParties(document: AgreementDocument): Promise<void> {
    const parties = await deps.parties.all();
    const host = parties.find((p) => p.kind === 'host');
    if (document.parties.host !== host?.id) {
      throw validationFailed(
        'source.parties.host',
        `The host party is ${host?.id ?? 'not yet created'}, not ${document.parties.host}`,
      );
    }
    for (const [i, id] of document.parties.partners.entries()) {
      if (!parties.some((p) => p.id === id && p.kind === 'partner')) {
        throw validationFailed(
          `source.parties.partners.${i}`,
          `${id} is not a partner party of this deployment`,
        );
      }
    }
  }

  // Every request asks: the version number is read each time (a version signed on another server
  // instance counts at once), its document only when this instance has not parsed it yet.
  async function inForceOn(executor: Db): Promise<AgreementInForce | null> {
    const version = await repo.findInForceVersion(executor);
    if (version === undefined) return null;
    const known = parsed.get(version);
    if (known) return { version, document: known };
    const row = await repo.findVersion(executor, version);
    return row ? { version, document: documentOf(version, row.document) } : null;
  }

  return {
    /**
     * The version in force, or null before the first is signed by every party.
     */
    inForce: readTogether((): Promise<AgreementInForce | null> => inForceOn(db)),

    /** The version in force as the open transaction of a write that depends on it sees it. */
    inForceWithin: (tx: Tx): Promise<AgreementInForce | null> => inForceOn(tx),

    async list(_actor: Actor): Promise<AgreementVersion[]> {
      const rows = await repo.listVersions(db);
      return Promise.all(rows.map((r) => load(r.version)));
    },

    get: (_actor: Actor, version: number) => load(version),

    /** Proposes a new version from YAML or JSON text; it takes effect once every party signs. */
    async propose(actor: Actor, source: string): Promise<AgreementVersion> {
      if (actor.type !== 'user' || !actor.roles.includes('admin'))
        throw forbidden('Only an admin proposes an agreement version', { roles: ['admin'] });
      const document = parseAgreement(source);
      await checkParties(document);
      const canonical = canonicalJson(document);
      const hash = createHash('sha256').update(canonical).digest('hex');
      const version = await writes.write(actor, async ({ tx, now, audit }) => {
        const version = await repo.nextVersion(tx);
        await repo.insertVersion(tx, {
          version,
          source,
          document: canonical,
          hash,
          status: 'proposed',
          proposed_by: actor.id,
          proposed_party_id: actor.partyId,
          proposed_at: now.toISOString(),
          in_force_at: null,
          superseded_at: null,
        });
        await audit({ action: 'agreement.proposed', entityId: String(version), fields: ['document'] });
        return version;
      });
      return load(version);
    },

    /**
     * Signs a proposed version for the actor's party (with the party's key too, when that party
     * is this server's own). The last party's signature puts it in force and supersedes the previous one.
     */
    async sign(actor: Actor, version: number): Promise<AgreementVersion> {
      const current = await load(version);
      const decision = decide({ version, document: current.document }, policyActor(actor), {
        type: 'agreement.sign',
      });
      if (!decision.allow)
        throw forbidden(decision.reason, { clause: decision.clause, agreementVersion: decision.version });
      if (current.status !== 'proposed')
        throw invalidTransition(`Version ${version}`, current.status, 'signed');
      const partyId = actor.partyId!;
      if (current.signatures.some((s) => s.partyId === partyId)) {
        throw new AppError('already_signed', `Party ${partyId} has already signed version ${version}`);
      }
      // Only as the server's own party: a server holding the other party's key is refused.
      const keySigned = serverSigningParties(keysDir, signing).includes(partyId)
        ? signAsParty(keysDir, signing, partyId, signedMessage(version, current.hash))
        : null;
      await writes.write(actor, async ({ tx, now, audit, publish }) => {
        await repo.lockVersion(tx, version);
        await repo.insertSignature(tx, {
          version,
          party_id: partyId,
          user_id: actor.id,
          signed_at: now.toISOString(),
          key_id: keySigned?.keyId ?? null,
          key_signature: keySigned?.signature ?? null,
        });
        const signed = new Set((await repo.listSignatures(tx, [version])).map((s) => s.party_id));
        const parties = [current.document.parties.host, ...current.document.parties.partners];
        const complete = parties.every((p) => signed.has(p));
        if (complete) {
          const previous = await repo.findInForce(tx);
          if (previous)
            await repo.setStatus(tx, previous.version, {
              status: 'superseded',
              superseded_at: now.toISOString(),
            });
          await repo.setStatus(tx, version, { status: 'in_force', in_force_at: now.toISOString() });
          publish('agreement.in_force', { version, previous: previous?.version ?? null });
        }
        await audit({
          action: 'agreement.signed',
          entityId: String(version),
          fields: complete ? ['signature', 'status'] : ['signature'],
        });
      });
      return load(version);
    },

    /** Withdraws a proposal nobody will sign; only its proposing party's admin may. */
    async withdraw(actor: Actor, version: number): Promise<AgreementVersion> {
      const current = await load(version);
      if (
        actor.type !== 'user' ||
        !actor.roles.includes('admin') ||
        actor.partyId !== current.proposedPartyId
      ) {
        throw forbidden('Only an admin of the proposing party withdraws a proposal', {
          roles: ['admin'],
          party: current.proposedPartyId,
        });
      }
      if (current.status !== 'proposed')
        throw invalidTransition(`Version ${version}`, current.status, 'withdrawn');
      await writes.write(actor, async ({ tx, audit }) => {
        await repo.setStatus(tx, version, { status: 'withdrawn' });
        await audit({ action: 'agreement.withdrawn', entityId: String(version), fields: ['status'] });
      });
      return load(version);
    },

    /** What changed from version `from` to version `to`, leaf by leaf. */
    async diff(_actor: Actor, from: number, to: number) {
      const [a, b] = await Promise.all([load(from), load(to)]);
      return { from, to, changes: diffDocuments(a.document, b.document) };
    },
  };
}

export type AgreementService = ReturnType<typeof agreementService>;
