import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { errorSchema, idParams } from '../platform/http/schemas.js';
import { pageOf, pageQuery } from '../platform/paging.js';
import { polygonInput } from '../platform/geo.js';
import type { Services } from '../services.js';
import { linkTokenInput, pinInput } from './rollcall.answers.js';
import { answers, defaultOpenMinutes, rollcallKinds, waveInput, waveKinds } from './rollcall.js';

const subjectSchema = z.object({ type: z.enum(['person', 'unit']), id: z.string() });
const countsShape = {
  expected: z.number().int(),
  safe: z.number().int(),
  needHelp: z.number().int().describe('needing help, duress answers included'),
  silent: z.number().int(),
};
const latLon = z.object({ lat: z.number(), lon: z.number() });

export const rollcallSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(rollcallKinds),
    status: z.enum(['open', 'closed']),
    question: z.string(),
    partyId: z.string().nullable().describe('the party that started it; null when an incident did'),
    incidentId: z.string().nullable(),
    startedAt: z.string(),
    closesAt: z.string(),
    closedAt: z.string().nullable(),
    totals: z.object({ ...countsShape, accountedShare: z.number().describe('answered, of expected (0–1)') }),
    byParty: z.array(z.object({ partyId: z.string(), ...countsShape })),
    timeTo100Ms: z.number().nullable().describe('from the start to the last answer, once everyone answered'),
    agreementVersion: z.number().int().nullable(),
  })
  .meta({ id: 'RollcallSummary' });

const group = z.object({ id: z.string(), ...countsShape });

export const rollcallBoardSchema = rollcallSummarySchema
  .extend({
    siteId: z.string().nullable(),
    movementId: z.string().nullable(),
    area: z
      .union([
        z.object({ kind: z.literal('polygon'), polygon: z.unknown() }),
        z.object({ kind: z.literal('circle'), center: latLon, radiusM: z.number() }),
        z.object({ kind: z.literal('corridor'), line: z.array(latLon), widthM: z.number() }),
      ])
      .nullable()
      .describe("a site's or a movement's area only to its own party"),
    subjects: z.array(
      z.object({
        subject: subjectSchema,
        partyId: z.string(),
        name: z.string().nullable(),
        siteId: z.string().nullable(),
        movementId: z.string().nullable(),
        reasons: z
          .array(z.enum(['fix', 'site', 'manifest']))
          .describe('why expected, as far as you may know'),
        state: z.enum(['safe', 'need_help', 'silent']),
        duress: z.boolean(),
        answeredAt: z.string().nullable(),
        answeredVia: z.string().nullable(),
        onBehalfBy: z.string().nullable(),
        corroboratedAt: z.string().nullable(),
      }),
    ),
    unlisted: z.number().int().describe('subjects in the totals the agreement does not let you list'),
    bySite: z.array(group),
    byMovement: z.array(group),
    byUnit: z.array(group),
    curve: z.array(
      z.object({ at: z.string(), afterMs: z.number(), accounted: z.number().int(), share: z.number() }),
    ),
    waves: z.array(
      z.object({
        wave: z.number().int(),
        kind: z.enum(waveKinds),
        dueAt: z.string(),
        ranAt: z.string().nullable(),
        silent: z.number().int().nullable(),
        recipients: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'RollcallBoard' });

export const rollcallQuestionSchema = z
  .object({
    rollcallId: z.string(),
    question: z.string(),
    status: z.enum(['open', 'closed']),
    startedAt: z.string(),
    closesAt: z.string(),
    answer: z.enum(answers).nullable(),
    answeredAt: z.string().nullable(),
  })
  .meta({ id: 'RollcallQuestion' });

const startBody = z
  .strictObject({
    area: polygonInput.optional().describe('a GeoJSON polygon drawn on the map'),
    siteId: z.string().min(1).max(100).optional(),
    movementId: z.string().min(1).max(100).optional(),
    question: z.string().trim().min(1).max(200).optional(),
    waves: z
      .array(waveInput)
      .max(10)
      .optional()
      .describe('default: a reminder after 5 minutes, the lead after 15, both coordinators after 30'),
    openMinutes: z
      .number()
      .int()
      .min(5)
      .max(defaultOpenMinutes * 7)
      .optional()
      .describe('how long it stays open (and its links work): a day by default'),
  })
  .describe('exactly one of area, siteId and movementId');

const answerBody = z.strictObject({
  answer: z.enum(answers),
  pin: pinInput.optional().describe('your PIN, if you set one'),
});

/** Roll-calls: started by coordinators, answered by the persons asked, watched on the board. */
export const rollcallRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { rollcalls, rollcallAnswers, users } = services;

  app.get(
    '/api/v1/rollcalls',
    {
      config: { access: 'rollcall.read' },
      schema: {
        tags: ['rollcalls'],
        summary: 'Roll-calls, newest first, with their counts as the agreement lets you see them',
        querystring: pageQuery.extend({ status: z.enum(['open', 'closed']).optional() }),
        response: { 200: pageOf(rollcallSummarySchema) },
      },
    },
    async (request) => rollcalls.list(actorOf(request), request.query),
  );

  app.post(
    '/api/v1/rollcalls',
    {
      config: { access: 'rollcall.start' },
      schema: {
        tags: ['rollcalls'],
        summary: 'Ask everyone expected in an area, at a site or on a movement whether they are safe',
        body: startBody,
        response: { 201: rollcallBoardSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const started = await rollcalls.start(actor, request.body);
      return reply.status(201).send(await rollcalls.board(actor, started.id));
    },
  );

  app.get(
    '/api/v1/rollcalls/mine',
    {
      config: { access: 'rollcall.answer' },
      schema: {
        tags: ['rollcalls'],
        summary: 'The open roll-calls that ask you, with your answers',
        response: { 200: z.object({ items: z.array(rollcallQuestionSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { items: await rollcalls.mine((await users.subjectsOf(actor.id))?.personId ?? null) };
    },
  );

  app.get(
    '/api/v1/rollcalls/:id',
    {
      config: { access: 'rollcall.read' },
      schema: {
        tags: ['rollcalls'],
        summary: 'The board: answered, needing help and silent, by party, site and vehicle, with the curve',
        params: idParams,
        response: { 200: rollcallBoardSchema },
      },
    },
    async (request) => rollcalls.board(actorOf(request), request.params.id),
  );

  app.post(
    '/api/v1/rollcalls/:id/close',
    {
      config: { access: 'rollcall.start' },
      schema: {
        tags: ['rollcalls'],
        summary: 'Close a roll-call: no more answers, no more waves',
        params: idParams,
        response: { 200: rollcallBoardSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await rollcalls.close(actor, request.params.id);
      return rollcalls.board(actor, request.params.id);
    },
  );

  app.post(
    '/api/v1/rollcalls/:id/answer',
    {
      config: { access: 'rollcall.answer' },
      schema: {
        tags: ['rollcalls'],
        summary: 'Answer for yourself: safe or need_help, in one tap',
        params: idParams,
        body: answerBody,
        response: { 200: rollcallQuestionSchema },
      },
    },
    async (request) => rollcallAnswers.answerOwn(actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/rollcalls/:id/subjects/:subjectType/:subjectId/answer',
    {
      config: { access: 'rollcall.answer_for' },
      schema: {
        tags: ['rollcalls'],
        summary: "Answer on a person's or unit's behalf (recorded as such)",
        params: idParams.extend({
          subjectType: z.enum(['person', 'unit']),
          subjectId: z.string().min(1).max(100),
        }),
        body: z.strictObject({ answer: z.enum(answers) }),
        response: {
          200: z.object({
            rollcallId: z.string(),
            subject: subjectSchema,
            answer: z.enum(answers),
            answeredBy: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const { id, subjectType, subjectId } = request.params;
      return rollcallAnswers.answerFor(
        actorOf(request),
        id,
        { type: subjectType, id: subjectId },
        request.body.answer,
      );
    },
  );

  app.put(
    '/api/v1/me/rollcall-pins',
    {
      config: { access: 'rollcall.answer' },
      schema: {
        tags: ['rollcalls'],
        summary:
          'Set your answer PIN and your duress PIN (an answer with it looks safe and raises a silent alarm)',
        body: z.strictObject({ pin: pinInput, duressPin: pinInput }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await rollcallAnswers.setPins(actorOf(request), request.body);
      return reply.status(204).send(null);
    },
  );

  const linkParams = z.object({ token: linkTokenInput });

  app.get(
    '/api/v1/rollcall-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['rollcalls'],
        summary: 'The question behind a one-time link (answering it is a POST)',
        params: linkParams,
        response: { 200: rollcallQuestionSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => rollcallAnswers.questionByToken(request.params.token),
  );

  app.post(
    '/api/v1/rollcall-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['rollcalls'],
        summary: 'Answer through a one-time link: once, while the roll-call is open',
        params: linkParams,
        body: z.strictObject({ answer: z.enum(answers) }),
        response: { 200: rollcallQuestionSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => rollcallAnswers.answerByToken(request.params.token, request.body.answer),
  );
};
