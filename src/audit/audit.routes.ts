import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { recordActionRoutes } from '../access/record-action.routes.js';
import { integerParam } from '../platform/http/schemas.js';
import { pageQuery } from '../platform/paging.js';
import { presentCheckpoint } from './checkpoint.presenter.js';
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
    salt: z
      .string()
      .nullable()
      .meta({ description: 'The secret salt the hash commits to; null for entries written before salting' }),
  })
  .meta({ id: 'AuditEntry' });

const checkpointSchema = z
  .object({
    treeSize: z.number().int(),
    rootHash: z.string(),
    createdAt: z.string(),
    origin: z.string().meta({ description: "The log's name in its C2SP checkpoints" }),
    body: z.string().meta({ description: 'The C2SP tlog-checkpoint note text that parties cosign' }),
    note: z.string().meta({ description: 'The signed note: the body and its cosignature lines' }),
    previousSize: z.number().int().nullable(),
    consistency: z
      .array(z.string())
      .nullable()
      .meta({ description: 'RFC 9162 consistency proof (hex) from the checkpoint of previousSize entries' }),
    signatures: z.array(
      z.object({
        partyId: z.string(),
        format: z.union([z.literal(1), z.literal(2)]).meta({
          description: '1: legacy jsms-audit-checkpoint/v1; 2: tlog-cosignature/v1 note signature',
        }),
        keyId: z.string(),
        publicKey: z.string(),
        signature: z.string(),
        signedAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'AuditCheckpoint' });

const seqParams = z.object({ seq: integerParam({ min: 0 }) });
const treeSizeParams = z.object({ treeSize: integerParam({ min: 0 }) });

/** The audit log: entries a party may see, signed checkpoints, and inclusion proofs. */
export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  recordActionRoutes(app, {
    path: '/api/v1/audit',
    tags: ['audit'],
    response: entrySchema,
    list: {
      access: 'audit.read',
      summary: "Audit entries about your party's records and shared ones, newest first",
      query: pageQuery.extend({
        entityType: z.string().max(64).optional(),
        entityId: z.string().max(100).optional(),
        actorId: z.string().max(100).optional().describe('the user or device that acted'),
        action: z.string().max(64).optional().describe('e.g. `user.created`'),
        from: z.iso.datetime({ offset: true }).optional().describe('entries at or after this time'),
        to: z.iso.datetime({ offset: true }).optional().describe('entries before this time'),
      }),
      run: audit.list,
    },
  });

  recordActionRoutes(app, {
    path: '/api/v1/audit/checkpoints',
    tags: ['audit'],
    response: checkpointSchema,
    present: presentCheckpoint,
    list: {
      access: 'audit.read',
      summary: 'Checkpoints (Merkle roots) with their cosignatures, newest first',
      run: audit.checkpoints,
    },
    params: treeSizeParams,
    actions: {
      read: {
        access: 'audit.read',
        summary: 'One checkpoint: its C2SP note, consistency proof and cosignatures',
        run: audit.checkpointAt,
      },
    },
  });

  app.get(
    '/api/v1/audit/checkpoints/:treeSize/consistency',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'RFC 9162 consistency proof from an earlier tree size to this checkpoint',
        params: treeSizeParams,
        querystring: z.object({ from: integerParam({ min: 0 }) }),
        response: {
          200: z.object({ treeSize: z.number().int(), from: z.number().int(), proof: z.array(z.string()) }),
        },
      },
    },
    async (request) => audit.consistency(actorOf(request), request.params.treeSize, request.query.from),
  );

  app.post(
    '/api/v1/audit/checkpoints',
    {
      config: { access: 'audit.checkpoint' },
      schema: {
        tags: ['audit'],
        summary:
          "Checkpoint every entry so far, with the consistency proof from the previous one, signed by this server's own party",
        response: { 201: checkpointSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentCheckpoint(await audit.checkpoint(actorOf(request)))),
  );

  app.post(
    '/api/v1/audit/checkpoints/:treeSize/signatures',
    {
      config: { access: 'audit.checkpoint' },
      schema: {
        tags: ['audit'],
        summary:
          "Upload your party's cosignature of a checkpoint, made on your own machine (jsms audit sign)",
        params: treeSizeParams,
        body: z.object({
          signature: z
            .string()
            .min(1)
            .max(1000)
            .meta({ description: 'The tlog-cosignature/v1 note signature line: "— jsms/<party> <base64>"' }),
        }),
        response: { 201: checkpointSchema },
      },
    },
    async (request, reply) => {
      const checkpoint = await audit.addSignature(
        actorOf(request),
        request.params.treeSize,
        request.body.signature,
      );
      return reply.status(201).send(presentCheckpoint(checkpoint));
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
