import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { forbidden } from '../platform/errors.js';
import { errorResponses, integerParam, pageLimit } from '../platform/http/schemas.js';
import type { CheckpointRecord } from './audit.repository.js';
import type { AuditService } from './audit.service.js';

const entrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorType: z.enum(['user', 'device', 'system', 'anonymous']),
    actorId: z.string().nullable(),
    partyId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    fields: z.array(z.string()),
    details: z
      .record(z.string(), z.string())
      .optional()
      .describe('what the entry states beside the field names, e.g. a clearance read’s reason and reference'),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

const checkpointSchema = z
  .object({
    treeSize: z.number().int(),
    rootHash: z.string(),
    createdAt: z.string(),
    signatures: z.array(
      z.object({
        partyId: z.string(),
        keyId: z.string(),
        publicKey: z.string(),
        signature: z.string(),
        signedAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'AuditCheckpoint' });

function presentCheckpoint(c: CheckpointRecord) {
  return {
    treeSize: c.treeSize,
    rootHash: c.rootHash,
    createdAt: c.createdAt,
    signatures: c.signatures.map((s) => ({
      partyId: s.partyId,
      keyId: s.keyId,
      publicKey: s.publicKeyPem,
      signature: s.signature,
      signedAt: s.signedAt,
    })),
  };
}

const seqParams = z.object({ seq: integerParam({ min: 0 }) });
const treeSizeParams = z.object({ treeSize: integerParam({ min: 0 }) });

/** The audit log: entries a party may see, signed checkpoints, and inclusion proofs. */
export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  app.get(
    '/api/v1/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: "Audit entries about your party's records and shared ones, newest first",
        querystring: z.object({
          limit: pageLimit(),
          beforeSeq: integerParam({ min: 0 }).optional(),
          entityType: z.string().max(64).optional(),
          entityId: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(entrySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await audit.list(actorOf(request), request.query) }),
  );

  app.get(
    '/api/v1/audit/checkpoints',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Signed checkpoints (Merkle roots), newest first',
        response: { 200: z.object({ items: z.array(checkpointSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await audit.checkpoints(actorOf(request))).map(presentCheckpoint) }),
  );

  app.post(
    '/api/v1/audit/checkpoints',
    {
      config: { access: 'audit.checkpoint' },
      schema: {
        tags: ['audit'],
        summary: "Checkpoint every entry so far and sign it with your party's key",
        response: { 201: checkpointSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!actor.partyId) throw forbidden();
      return reply.status(201).send(presentCheckpoint(await audit.checkpoint(actor, [actor.partyId])));
    },
  );

  app.post(
    '/api/v1/audit/checkpoints/:treeSize/sign',
    {
      config: { access: 'audit.checkpoint' },
      schema: {
        tags: ['audit'],
        summary: "Co-sign a checkpoint with your party's key, after the server re-verifies it",
        params: treeSizeParams,
        response: { 200: checkpointSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!actor.partyId) throw forbidden();
      return presentCheckpoint(await audit.sign(actor, request.params.treeSize, actor.partyId));
    },
  );

  app.get(
    '/api/v1/audit/entries/:seq/proof',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Inclusion proof (RFC 9162) of one entry in a checkpoint',
        params: seqParams,
        querystring: z.object({ treeSize: integerParam({ min: 1 }) }),
        response: {
          200: z.object({
            entry: entrySchema,
            checkpoint: checkpointSchema,
            leafIndex: z.number().int(),
            proof: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const result = await audit.proof(actorOf(request), request.params.seq, request.query.treeSize);
      return {
        entry: result.entry,
        checkpoint: presentCheckpoint(result.checkpoint),
        leafIndex: result.entry.seq,
        proof: result.proof,
      };
    },
  );
};
