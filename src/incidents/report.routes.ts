import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { incidentFilter } from './incident.routes.js';
import { estimates, filterKeys } from './report.js';
import { renderCsv } from './report.csv.js';
import { renderHtml } from './report.html.js';
import { renderText } from './report.render.js';
import type { ReportService } from './report.service.js';

const group = z.object({ name: z.string(), incidents: z.number(), killed: z.number(), wounded: z.number() });
const sums = z.object({
  incidents: z.number(),
  killed: z.number().describe('the estimate the report counts (estimate)'),
  wounded: z.number().describe('the estimate the report counts (estimate)'),
  killedLow: z.number(),
  killedBest: z.number(),
  killedHigh: z.number(),
  woundedLow: z.number(),
  woundedBest: z.number(),
  woundedHigh: z.number(),
  kidnapped: z.number(),
  killedCivilians: z.number(),
  killedSecurity: z.number(),
  killedMilitants: z.number(),
  killedForeign: z.number(),
  woundedCivilians: z.number(),
  woundedSecurity: z.number(),
  woundedMilitants: z.number(),
  woundedForeign: z.number(),
  killedUnknown: z.number().describe('victims a source counts in no category'),
  killedUnattributed: z.number().describe('the part of the counted tolls no category accounts for'),
  woundedUnknown: z.number(),
  woundedUnattributed: z.number(),
  killedReported: z
    .number()
    .describe('incidents for which a source gives the killed; for the others it is not reported'),
  woundedReported: z.number().describe('incidents for which a source gives the wounded'),
});
const period = z.object({ from: z.string(), to: z.string() });

export const reportSchema = z
  .object({
    period,
    estimate: z.enum(estimates).describe('the estimate the headline, killed, wounded and the tables count'),
    filters: z
      .partialRecord(z.enum(filterKeys), z.string())
      .describe('the incident filters both periods are restricted to; empty for every incident'),
    method: z.string(),
    totals: sums,
    previous: z
      .object({
        period,
        totals: sums,
        change: z.object({
          incidents: z.number().nullable(),
          killed: z.number().nullable(),
          wounded: z.number().nullable(),
        }),
      })
      .nullable(),
    byProvince: z.array(
      group.extend({ incidentsShare: z.number(), killedShare: z.number(), woundedShare: z.number() }),
    ),
    topProvinces: z
      .object({ names: z.array(z.string()), incidentsShare: z.number(), killedShare: z.number() })
      .nullable(),
    byType: z.array(group),
    byPerpetrator: z.array(group).describe('by the side named first (ACLED actor 1, UCDP side a)'),
    byGroup: z
      .array(group)
      .describe('each group in every incident it is in, on either side; once if on both sides'),
    byTarget: z.array(group),
    monthly: z.array(group),
    quarterly: z.array(group).describe('by calendar quarter, e.g. 2024-Q3'),
    yearly: z.array(group),
    sources: z
      .array(
        z.object({
          dataset: z.enum(['ucdp', 'acled', 'gtd', 'imported', 'recorded']),
          citation: z.string(),
          incidents: z.number(),
        }),
      )
      .describe("where the period's incidents came from, most first, with how to cite each"),
    apart: z
      .array(
        z.object({
          kind: z.enum(['dated_to_month', 'dated_to_year', 'placed_in_country']),
          incidents: z.number(),
          killed: z.number(),
          wounded: z.number(),
        }),
      )
      .describe(
        'incidents counted in the totals but kept out of the tables that would misplace them: dated only to a month (not in monthly), only to a year (not in monthly nor quarterly), placed only in the country (not by province); none is among the deadliest',
      ),
    deadliest: z.array(
      z.object({
        id: z.string(),
        date: z.string(),
        place: z.string().nullable(),
        province: z.string().nullable(),
        type: z.string(),
        perpetrator: z.string().nullable(),
        killed: z.number(),
        wounded: z.number(),
      }),
    ),
  })
  .meta({ id: 'PeriodReport' });

const reportQuery = incidentFilter.extend({
  from: z.string().date(),
  to: z.string().date(),
  compare: z.enum(['previous', 'none']).default('previous'),
  estimate: z.enum(estimates).default('best'),
});

// A CSV is a download (a browser must not render it, and the spreadsheet it opens in gets a name
// that says what it holds); text and HTML are shown inline.
const renderers = {
  text: { type: 'text/plain; charset=utf-8', render: renderText, download: false },
  csv: { type: 'text/csv; charset=utf-8', render: renderCsv, download: true },
  html: { type: 'text/html; charset=utf-8', render: renderHtml, download: false },
} as const;

/** The period report: JSON for the UI, and text, CSV or printable HTML. */
export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportService }> = async (app, { reports }) => {
  app.get(
    '/api/v1/reports/period',
    {
      config: { access: 'report.read' },
      schema: {
        tags: ['incidents'],
        summary:
          'Incidents, killed and wounded by category and province, shares, change against the previous period',
        querystring: reportQuery,
        response: { 200: reportSchema },
      },
    },
    async (request) => reports.report(actorOf(request), request.query),
  );

  app.get(
    '/api/v1/reports/period/:format',
    {
      config: { access: 'report.read' },
      schema: {
        tags: ['incidents'],
        summary:
          'The same report as text, CSV (a download, formula-like cells neutralised), or a self-contained printable HTML page with charts',
        params: z.object({ format: z.enum(['text', 'csv', 'html']) }),
        querystring: reportQuery,
        response: {
          200: {
            description: 'the report in the format asked for',
            content: {
              'text/plain': { schema: z.string() },
              'text/csv': { schema: z.string() },
              'text/html': { schema: z.string() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const report = await reports.report(actorOf(request), request.query);
      const { format } = request.params;
      const { type, render, download } = renderers[format];
      if (download) {
        // The dates are schema-checked YYYY-MM-DD, so the name needs no escaping.
        const name = `jsms-period-report-${request.query.from}-to-${request.query.to}.${format}`;
        reply.header('content-disposition', `attachment; filename="${name}"`);
      }
      return reply.type(type).send(render(report));
    },
  );
};
