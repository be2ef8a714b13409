import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { incidentFacts } from './incident.routes.js';
import { extractFromArticle } from './news/extract.js';

const toll = z.object({
  total: z.number().nullable(),
  foreignNationals: z.number().nullable(),
  civilians: z.number().nullable(),
  security: z.number().nullable(),
  militants: z.number().nullable(),
});

export const draftsSchema = z
  .object({
    incidents: z.array(
      z.object({
        date: z.string().nullable(),
        datePrecision: z.string().nullable(),
        place: z.object({
          name: z.string().nullable(),
          district: z.string().nullable(),
          province: z.string().nullable(),
          lat: z.number().nullable(),
          lon: z.number().nullable(),
          geoPrecision: z.string().nullable(),
        }),
        ...incidentFacts(toll),
        kidnapped: z.number().nullable(),
        evidence: z.array(z.string()),
      }),
    ),
    aggregates: z.array(
      z.object({
        region: z.string().nullable(),
        periodFrom: z.string(),
        periodTo: z.string(),
        killed: z.number().nullable(),
        wounded: z.number().nullable(),
        incidents: z.number().nullable(),
        changePercent: z.number().nullable(),
        concentration: z
          .object({
            provinces: z.array(z.string()),
            fatalitiesSharePercent: z.number().nullable(),
            incidentsSharePercent: z.number().nullable(),
          })
          .nullable(),
        source: z.string().nullable(),
        evidence: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'NewsDrafts' });

/** Drafting incidents from a news article, for an analyst to confirm and record. */
export const newsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/v1/incidents/extract',
    {
      config: { access: 'incident.write' },
      bodyLimit: 1024 * 1024,
      schema: {
        tags: ['incidents'],
        summary:
          'Draft incidents and period figures from the plain text of a news article (nothing is stored)',
        body: z.object({
          text: z.string().min(1).max(500_000),
          published: z
            .string()
            .date()
            .describe('the publication date: "last month" and "on Monday" are read against it'),
        }),
        response: { 200: draftsSchema },
      },
    },
    async (request) => {
      actorOf(request);
      return extractFromArticle(request.body.text, request.body.published);
    },
  );
};
