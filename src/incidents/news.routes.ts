import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { accountInput } from './incident.js';
import { draftArticle } from './news/account.js';

/** A draft is an account with its date still to confirm: it posts unchanged to create an incident. */
const accountDraft = accountInput
  .extend({
    date: z.string().date().nullable().describe('null when the article gives no date of the attack'),
  })
  .meta({ id: 'NewsIncidentDraft' });

export const draftsSchema = z
  .object({
    incidents: z.array(accountDraft),
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
          publisher: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .default('news article')
            .describe("the outlet, named as the drafts' source"),
          title: z.string().trim().max(500).nullable().optional(),
          url: z.string().url().max(2000).nullable().optional(),
        }),
        response: { 200: draftsSchema },
      },
    },
    async (request) => {
      actorOf(request);
      const { text, ...source } = request.body;
      return draftArticle(text, source);
    },
  );
};
