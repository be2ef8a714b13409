import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { AppError } from '../platform/errors.js';
import { errorResponses, idParams, pageLimit } from '../platform/http/schemas.js';
import { personColumns, type PersonImporter } from './person.import.js';
import type { PersonService } from './person.service.js';
import { flatten, presentAll, sharedEnvelope } from './presenter.js';
import { bloodGroups, personFields, personInput, personStatuses } from './registry.js';

export const personSchema = z
  .object({
    ...sharedEnvelope,
    name: z.string().optional(),
    nativeName: z.string().nullable().optional(),
    nationality: z.string().optional(),
    passportNumber: z.string().nullable().optional(),
    employer: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    emergencyContact: z.string().nullable().optional(),
    bloodGroup: z.enum(bloodGroups).nullable().optional(),
    siteId: z.string().nullable().optional(),
    status: z.enum(personStatuses).optional(),
  })
  .meta({ id: 'Person' });

const listQuery = z.object({
  limit: pageLimit(),
  after: z.string().max(500).optional(),
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
  purpose: z
    .literal('clearance')
    .optional()
    .describe('a security clearance: the agreement may then share the passport'),
  includeInactive: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** Protected persons. */
export const personRoutes: FastifyPluginAsyncZod<{
  persons: PersonService;
  importPersons: PersonImporter;
}> = async (app, { persons, importPersons }) => {
  const presentOne = async (
    request: Parameters<typeof actorOf>[0],
    person: Awaited<ReturnType<PersonService['get']>>,
    clearance = false,
  ) => {
    const shared = await persons.present(actorOf(request), person, clearance ? { clearance: true } : {});
    if (!shared) throw new AppError('person_not_found', 'Person not found');
    return flatten(shared);
  };

  app.get(
    '/api/v1/persons',
    {
      config: { access: 'person.read' },
      schema: {
        tags: ['registry'],
        summary: 'Persons you may see, by name; fields as the agreement shares them',
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(personSchema), next: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const page = await persons.list(actor, request.query);
      const context = request.query.purpose === 'clearance' ? { clearance: true } : {};
      return {
        items: await presentAll(page.items, (p) => persons.present(actor, p, context)),
        next: page.next,
      };
    },
  );

  app.post(
    '/api/v1/persons',
    {
      config: { access: 'person.write' },
      schema: {
        tags: ['registry'],
        summary: 'Register a person of your party',
        body: personInput,
        response: { 201: personSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await presentOne(request, await persons.create(actorOf(request), request.body))),
  );

  app.get(
    '/api/v1/persons/:id',
    {
      config: { access: 'person.read' },
      schema: {
        tags: ['registry'],
        summary:
          'One person; with purpose=clearance the passport number where the agreement allows (audited)',
        params: idParams,
        querystring: z.object({ purpose: z.literal('clearance').optional() }),
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const clearance = request.query.purpose === 'clearance';
      const person = clearance
        ? await persons.getForClearance(actor, request.params.id)
        : await persons.get(actor, request.params.id);
      return presentOne(request, person, clearance);
    },
  );

  app.patch(
    '/api/v1/persons/:id',
    {
      config: { access: 'person.write' },
      schema: {
        tags: ['registry'],
        summary: 'Change a person of your party',
        params: idParams,
        body: personFields.partial(),
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) =>
      presentOne(request, await persons.update(actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/persons/:id/deactivate',
    {
      config: { access: 'person.write' },
      schema: {
        tags: ['registry'],
        summary: 'Deactivate a person of your party',
        params: idParams,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) => presentOne(request, await persons.deactivate(actorOf(request), request.params.id)),
  );
  app.post(
    '/api/v1/persons/import',
    {
      config: { access: 'person.write' },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['registry'],
        summary: `Register persons of your party from CSV (text/csv; columns ${Object.keys(personColumns).join(', ')}): all or none unless partial=true`,
        querystring: z.object({
          partial: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
          dryRun: z
            .enum(['true', 'false'])
            .default('false')
            .transform((v) => v === 'true'),
        }),
        body: z.string().min(1).describe('the CSV text, with a header row'),
        response: {
          200: z.object({
            rows: z.number().int(),
            imported: z.number().int(),
            dryRun: z.boolean(),
            rejected: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => importPersons(actorOf(request), request.body, request.query),
  );
};
