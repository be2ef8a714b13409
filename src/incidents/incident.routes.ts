import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { recordActionRoutes } from '../access/record-action.routes.js';
import { featureCollectionSchema } from '../platform/geo.js';
import { validationFailed } from '../platform/errors.js';
import { fileBody, flagParam, idParams } from '../platform/http/schemas.js';
import { pageQuery } from '../platform/paging.js';
import { sendStream } from '../platform/http/stream.js';
import { accountInput, incidentStatuses, incidentTypes, targetCategories } from './incident.js';
import { incidentFormats, noteKinds } from './import/parse.js';
import type { IncidentImporter } from './incident.import.js';
import { csvExport, geojsonExport } from './incident.export.js';
import { presentIncident } from './incident.presenter.js';
import type { IncidentService } from './incident.service.js';

const toll = z.object({
  civilians: z.number().int().nullable(),
  security: z.number().int().nullable(),
  militants: z.number().int().nullable(),
  foreignNationals: z.number().int().nullable(),
  unknown: z.number().int().nullable(),
  best: z.number().int().nullable(),
  low: z.number().int().nullable(),
  high: z.number().int().nullable(),
});

/** What happened, in an incident and in a draft read from news alike; each counts its tolls its own way. */
export const incidentFacts = <Toll extends z.ZodType>(toll: Toll) => ({
  type: z.string(),
  subType: z.string().nullable(),
  perpetrator: z.string().nullable(),
  claimed: z.boolean().nullable(),
  target: z.string().nullable(),
  killed: toll,
  wounded: toll,
});

export const incidentSchema = z
  .object({
    id: z.string(),
    sourceKey: z.string().nullable(),
    date: z.string(),
    datePrecision: z.string(),
    province: z.string().nullable(),
    district: z.string().nullable(),
    place: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    geoPrecision: z.string().nullable(),
    ...incidentFacts(toll),
    opponent: z.string().nullable().describe('the other side (ACLED actor2, UCDP side_b), if named'),
    kidnapped: z.number().int().nullable(),
    status: z.enum(incidentStatuses),
    statusStatement: z.string().nullable(),
    description: z.string().nullable(),
    accounts: z.number().int().describe('how many parties have filed an account'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Incident' });

export const incidentFilter = z.object({
  from: z.string().date().optional(),
  to: z.string().date().optional(),
  province: z
    .string()
    .max(100)
    .optional()
    .describe('any spelling a source uses: KPK finds Khyber Pakhtunkhwa'),
  district: z.string().max(100).optional(),
  type: z.enum(incidentTypes).optional(),
  perpetrator: z
    .string()
    .max(200)
    .optional()
    .describe(
      'a group on either side: the perpetrator or the opponent (ACLED actor 1 or 2, UCDP side a or b)',
    ),
  target: z.enum(targetCategories).optional(),
  status: z.enum(incidentStatuses).optional(),
});

const listQuery = pageQuery.extend(incidentFilter.shape);

/** Incidents: record, file accounts, list, map. */
/** Where a row is in the file: its record number as a spreadsheet shows it, and its first physical line. */
const rowPlace = z.object({
  record: z.number().int().describe('the record number, the first record of the file = 1'),
  line: z.number().int().describe('the physical line the record starts on; quoted newlines make it differ'),
});
const rowNote = rowPlace.extend({ kind: z.enum(noteKinds), field: z.string(), message: z.string() });

export const incidentRoutes: FastifyPluginAsyncZod<{
  incidents: IncidentService;
  importIncidents: IncidentImporter;
}> = async (app, { incidents, importIncidents }) => {
  recordActionRoutes(app, {
    path: '/api/v1/incidents',
    tags: ['incidents'],
    response: incidentSchema,
    present: presentIncident,
    list: {
      access: 'incident.read',
      summary: 'Incidents, newest first, filtered by period, province, type, perpetrator, target and status',
      query: listQuery,
      run: incidents.list,
    },
    create: {
      access: 'incident.write',
      summary: "Record an incident as your party's account",
      body: accountInput,
      run: incidents.create,
    },
  });

  app.get(
    '/api/v1/incidents.geojson',
    {
      config: { access: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary:
          'Every incident the filters match, as a GeoJSON FeatureCollection, streamed: those with a location as points (geoPrecision in the properties), and the count of those without one',
        querystring: incidentFilter,
        response: {
          200: featureCollectionSchema(
            z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
          ).extend({
            withoutLocation: z.number().int().describe('incidents that match but have no location to draw'),
          }),
        },
      },
    },
    async (request, reply) => {
      const pages = incidents.exportPages(actorOf(request), request.query);
      return sendStream(reply, 'application/geo+json', geojsonExport(pages));
    },
  );

  app.get(
    '/api/v1/incidents.csv',
    {
      config: { access: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary:
          'Every incident the filters match as CSV, newest first, streamed: ACLED-like columns (event_date, event_type, actor1, admin1, latitude, fatalities …), low and high estimates and tolls by category; an unknown figure is an empty cell',
        querystring: incidentFilter,
        response: {
          200: { description: 'the incidents, one a line', content: { 'text/csv': { schema: z.string() } } },
        },
      },
    },
    async (request, reply) => {
      const pages = incidents.exportPages(actorOf(request), request.query);
      // The dates are schema-checked YYYY-MM-DD, so the name needs no escaping.
      const { from, to } = request.query;
      const name = `jsms-incidents${from ? `-from-${from}` : ''}${to ? `-to-${to}` : ''}.csv`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      return sendStream(reply, 'text/csv; charset=utf-8', csvExport(pages));
    },
  );

  app.get(
    '/api/v1/incidents/:id',
    {
      config: { access: 'incident.read' },
      schema: {
        tags: ['incidents'],
        summary: "An incident with every party's account and where they differ",
        params: idParams,
        response: {
          200: z.object({
            incident: incidentSchema,
            accounts: z.array(
              z.object({
                partyId: z.string(),
                createdAt: z.string(),
                body: z.record(z.string(), z.unknown()),
              }),
            ),
            differences: z.array(z.object({ field: z.string(), values: z.record(z.string(), z.unknown()) })),
          }),
        },
      },
    },
    async (request) => {
      const { incident, accounts, differences } = await incidents.get(actorOf(request), request.params.id);
      return { incident: presentIncident(incident), accounts, differences };
    },
  );

  app.put(
    '/api/v1/incidents/:id/accounts/mine',
    {
      config: { access: 'incident.write' },
      schema: {
        tags: ['incidents'],
        summary:
          "File or revise your party's account of an incident; other parties' accounts are kept as they are",
        params: idParams,
        body: accountInput,
        response: { 200: incidentSchema },
      },
    },
    async (request) =>
      presentIncident(await incidents.fileAccount(actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/api/v1/incidents/import',
    {
      config: { access: 'incident.write' },
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['incidents'],
        summary:
          'Import incidents: a text/csv body with ?format=ucdp|acled|gtd|jsms, or JSON {format, csv, mapping} for any spreadsheet with a column mapping',
        querystring: z.object({
          format: z.enum(incidentFormats).optional(),
          dryRun: flagParam(),
        }),
        consumes: ['text/csv', 'application/json'],
        body: z.union([
          fileBody('the file, as text/csv'),
          z.object({
            format: z.enum(incidentFormats),
            csv: z.string().min(1),
            mapping: z.string().max(100_000).optional(),
          }),
        ]),
        response: {
          200: z.object({
            encoding: z.enum(['utf-8', 'windows-1252']),
            rows: z.number().int(),
            added: z.number().int(),
            duplicates: z.number().int(),
            repaired: z.number().int().describe('rows imported after a repair, such as a swapped range'),
            dryRun: z.boolean(),
            rejected: z.array(rowPlace.extend({ field: z.string(), message: z.string() })),
            repairs: z
              .array(rowNote)
              .describe('every repair made to an imported row: a swapped range, a text cut short'),
            warnings: z
              .array(rowNote)
              .describe('every cell of an imported row that could not be read and was left unknown'),
            skipped: z.array(rowPlace.extend({ reason: z.string() })),
            possibleDuplicates: z
              .array(
                rowPlace.extend({
                  id: z.string().nullable().describe('the incident the row became; null on a dry run'),
                  duplicateOf: z
                    .string()
                    .describe('the incident stored before with the same date, place and toll'),
                }),
              )
              .describe('rows stored although an incident with their date, place and toll was stored before'),
          }),
        },
      },
    },
    async (request) => {
      const body = request.body;
      const format = Buffer.isBuffer(body) ? request.query.format : body.format;
      if (!format)
        throw validationFailed('format', 'Name the format: ?format=ucdp|acled|gtd|jsms', 'querystring');
      const file = Buffer.isBuffer(body) ? body : body.csv;
      const mapping = Buffer.isBuffer(body) ? undefined : body.mapping;
      return importIncidents(actorOf(request), file, {
        format,
        mapping,
        dryRun: request.query.dryRun,
      });
    },
  );
};
