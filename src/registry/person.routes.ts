import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { answerCache } from '../platform/http/answer-cache.js';
import { errorSchema, fileBody, flagParam, idParams } from '../platform/http/schemas.js';
import { pageQuery, pageOf } from '../platform/paging.js';
import { personColumns, type PersonImporter } from './person.import.js';
import type { PersonService } from './person.service.js';
import { personSchema, present, presentOne, presenterFor, viewingKey } from './registry.presenter.js';
import { personFields, personInput, personStatuses } from './registry.js';
import { changeRecordRoutes, createRecordRoute, includeInactive } from './record.routes.js';
import type { RegistryAccess } from './visibility.js';

/** Issue 7, finding 8: a clearance states why and what it answers; both are audited. */
const clearanceQuery = {
  purpose: z
    .literal('clearance')
    .optional()
    .describe(
      'a security clearance: the agreement may then share more (the passport); needs a role the agreement names, reason and reference; counted against your hourly allowance and audited for the owning party',
    ),
  reason: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a lower-case word, e.g. checkpoint')
    .optional()
    .describe("with purpose=clearance: why, one of the agreement's clearance.reasons"),
  reference: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._:/#-]{2,63}$/,
      'a checkpoint log, booking or case number, e.g. CP7-2026-118',
    )
    .optional()
    .describe('with purpose=clearance: the checkpoint log, booking or case number the clearance answers'),
};

/** A clearance names its reason and reference: 400 naming the one missing. */
function clearanceStated(
  query: { purpose?: 'clearance' | undefined; reason?: string | undefined; reference?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (query.purpose !== 'clearance') return;
  for (const field of ['reason', 'reference'] as const) {
    if (query[field] === undefined)
      ctx.addIssue({ code: 'custom', path: [field], message: `a clearance states its ${field}` });
  }
}

/** The clearance a query asks for, if any. */
function clearanceOf(query: {
  purpose?: 'clearance' | undefined;
  reason?: string | undefined;
  reference?: string | undefined;
}) {
  return query.purpose === 'clearance' && query.reason && query.reference
    ? { reason: query.reason, reference: query.reference }
    : undefined;
}

const listQuery = pageQuery
  .extend({
    siteId: z.string().max(100).optional(),
    nationality: z.string().length(2).optional(),
    status: z.enum(personStatuses).optional(),
    employer: z.string().max(200).optional(),
    q: z.string().min(1).max(100).optional().describe('part of the name or native-script name'),
    passportNumber: z
      .string()
      .min(5)
      .max(20)
      .optional()
      .describe('exact; only where the agreement shows it to you'),
    ...clearanceQuery,
    includeInactive,
  })
  .superRefine(clearanceStated);

/** A clearance read may be refused for the hour. */
const clearanceResponses = { 429: errorSchema } as const;

/** Protected persons. */
export const personRoutes: FastifyPluginAsyncZod<{
  persons: PersonService;
  importPersons: PersonImporter;
  visibility: RegistryAccess;
}> = async (app, { persons, importPersons, visibility }) => {
  const presentWritten = presenterFor(visibility, 'person');
  // Pages as they were serialised, by viewing and query, under the persons' and parties' version.
  const pages = answerCache({ maxBytes: 16 * 1024 * 1024 });

  app.get(
    '/api/v1/persons',
    {
      config: { access: 'person.read' },
      schema: {
        tags: ['registry'],
        summary: 'Persons you may see, by name; fields as the agreement shares them',
        querystring: listQuery,
        response: {
          200: pageOf(personSchema),
          ...clearanceResponses,
        },
      },
    },
    async (request, reply) => {
      const { purpose: _p, reason: _r, reference: _ref, ...query } = request.query;
      const clearance = clearanceOf(request.query);
      const viewing = await visibility.viewing(actorOf(request), clearance ? { clearance: true } : {});
      const list = async () => {
        const page = await persons.list(viewing, { ...query, clearance });
        return { items: present(viewing, 'person', page.items), next: page.next };
      };
      // A clearance is counted and audited on every read: never answered from memory.
      if (clearance) return list();
      // The version first: the page made after it is at least as new as what it vouches for.
      const version = await persons.dataVersion();
      const key = `${viewingKey(viewing)} ${JSON.stringify(query)}`;
      const body = await pages.answer(key, version, async () => reply.serialize(await list()) as string);
      // Serialised already through the response schema: sent as it is (the type provider expects an object).
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  const writeRoutes = {
    entity: 'person',
    path: '/api/v1/persons',
    schema: personSchema,
    presentWritten,
  } as const;
  createRecordRoute(app, {
    ...writeRoutes,
    input: personInput,
    summary: 'Register a person of your party',
    create: (actor, input) => persons.create(actor, input),
  });

  app.get(
    '/api/v1/persons/:id',
    {
      config: { access: 'person.read' },
      schema: {
        tags: ['registry'],
        summary:
          'One person; with purpose=clearance, a reason and a reference, the passport number where the agreement allows (counted and audited)',
        params: idParams,
        querystring: z.object(clearanceQuery).superRefine(clearanceStated),
        response: { 200: personSchema, ...clearanceResponses },
      },
    },
    async (request) => {
      const clearance = clearanceOf(request.query);
      const viewing = await visibility.viewing(actorOf(request), clearance ? { clearance: true } : {});
      const person = clearance
        ? await persons.getForClearance(viewing, request.params.id, clearance)
        : await persons.get(viewing, request.params.id);
      return presentOne(viewing, 'person', person);
    },
  );

  changeRecordRoutes(app, {
    ...writeRoutes,
    patch: personFields.partial(),
    update: (actor, id, input) => persons.update(actor, id, input),
    deactivate: (actor, id) => persons.deactivate(actor, id),
  });

  app.post(
    '/api/v1/persons/import',
    {
      config: { access: 'person.write' },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['registry'],
        summary: `Register persons of your party from CSV (text/csv; columns ${Object.keys(personColumns).join(', ')}): all or none unless partial=true`,
        querystring: z.object({
          partial: flagParam(),
          dryRun: flagParam(),
        }),
        consumes: ['text/csv'],
        body: fileBody('the CSV file, with a header row, in UTF-8 or Windows-1252'),
        response: {
          200: z.object({
            encoding: z.enum(['utf-8', 'windows-1252']).describe('the encoding the file was read in'),
            rows: z.number().int(),
            imported: z.number().int(),
            dryRun: z.boolean(),
            rejected: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async (request) => importPersons(actorOf(request), request.body, request.query),
  );
};
