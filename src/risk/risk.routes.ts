import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../access/auth.hook.js';
import { recordActionRoutes } from '../access/record-action.routes.js';
import { decimalParam, integerParamOr } from '../platform/http/schemas.js';

import type { RiskService } from './risk.service.js';
import { presentZone } from './zone.presenter.js';
import { defaultRouteLimits } from './route.js';
import { defaultZoneLimits, signOffReasons } from './zone.js';
import { featureCollectionSchema, polygonInput } from '../platform/geo.js';

const point = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });
const level = z.number().int().min(1).max(6);

const pointAnswer = z
  .object({
    level,
    computedLevel: level.describe('the level the incident grid gives, before any zone'),
    score: z.number(),
    cell: z.string().describe('the H3 cell of the point'),
    zoneId: z.string().nullable().describe('the manual zone that set the level, if any'),
    asOf: z.string().describe('the time the level is for: now, or the `at` asked for'),
    parameters: z
      .object({
        resolution: z.number().int(),
        halfLifeDays: z.number(),
        rings: z.number().int(),
        severity: z.object({
          base: z.number(),
          killed: z.number(),
          wounded: z.number(),
          kidnapped: z.number(),
          foreignTargetFactor: z.number(),
        }),
        thresholds: z.array(z.number()).describe('the lowest score of levels 2 to 6'),
        lookbackDays: z.number().int(),
      })
      .describe('the model that scored the grid'),
    zone: z
      .object({ id: z.string(), level, reason: z.string(), expiresAt: z.string().nullable() })
      .nullable()
      .describe('the manual zone in force that overrides the grid, if any'),
    incidentsCounted: z.number().int().describe('incidents that add to the score'),
    incidents: z
      .array(
        z.object({
          id: z.string(),
          date: z.string(),
          distanceKm: z.number(),
          rings: z.number().int().describe('H3 rings from the point: each halves the weight'),
          weight: z.number().describe('severity, decayed to asOf and halved per ring'),
        }),
      )
      .describe('the incidents that weigh most, heaviest first (at most 10)'),
    incidentsWithheld: z
      .number()
      .int()
      .describe('incidents counted but not listed: the viewer may not read incidents'),
  })
  .meta({ id: 'RiskAtPoint' });

const routeAnswer = z
  .object({
    maxLevel: level,
    km: z.number(),
    kmByLevel: z.record(z.string(), z.number()),
    segments: z
      .array(z.object({ level, km: z.number(), points: z.array(point) }))
      .describe('the route cut where its level changes, in order'),
    asOf: z.string(),
    required: z
      .object({
        clause: z.string().describe('the agreement clause, as decisions name it, e.g. protection[level=4]'),
        agreementVersion: z.number().int(),
        timeZone: z.string().describe('the zone of allowedHours'),
        level,
        forbidden: z.boolean(),
        exemptionApprovals: z.array(z.enum(['host', 'partner'])),
        armedEscortVehicles: z.number().int(),
        armouredPassengerVehicle: z.boolean(),
        allowedHours: z.object({ from: z.string(), to: z.string() }).nullable(),
        approvals: z.array(z.enum(['host', 'partner'])),
      })
      .nullable()
      .describe('what the agreement in force requires of a movement at the worst level; null without one'),
  })
  .meta({ id: 'RiskOfRoute' });

const zoneSchema = z
  .object({
    id: z.string(),
    partyId: z.string(),
    polygon: polygonInput,
    level,
    reason: z.string(),
    expiresAt: z.string().nullable(),
    status: z.enum(['active', 'pending', 'withdrawn']),
    computedLevel: level.describe('the grid level inside the zone when it was recorded'),
    createdBy: z.string(),
    createdAt: z.string(),
    approvedBy: z.string().nullable(),
    approvedPartyId: z.string().nullable(),
    approvedAt: z.string().nullable(),
    signOff: z
      .enum(signOffReasons)
      .nullable()
      .describe(
        "why the zone waits (or waited) for the other party's sign-off: extreme (level 6), lowers, or wide",
      ),
    areaKm2: z.number().nullable(),
  })
  .meta({ id: 'RiskZone' });

/** Risk levels: at a point, along a route, on the map; and the analysts' zones. */
export const riskRoutes: FastifyPluginAsyncZod<{ risk: RiskService }> = async (app, { risk }) => {
  app.get(
    '/api/v1/risk/point',
    {
      config: { access: 'risk.read' },
      schema: {
        tags: ['risk'],
        summary: 'The risk level (1 minimal … 6 extreme) at a point, now or at a past time, and why',
        querystring: z.object({
          lat: decimalParam({ min: -90, max: 90 }),
          lon: decimalParam({ min: -180, max: 180 }),
          at: z
            .union([z.string().date(), z.string().datetime({ offset: true })])
            .optional()
            .describe('a past date or time (ISO); a date is its end (UTC), or now if today. Default: now'),
        }),
        response: { 200: pointAnswer },
      },
    },
    async (request) => {
      const { at, ...where } = request.query;
      return risk.point(actorOf(request), where, at);
    },
  );

  app.post(
    '/api/v1/risk/route',
    {
      config: { access: 'risk.read' },
      schema: {
        tags: ['risk'],
        summary:
          "A route's level (its worst stretch), the kilometres and segments at each level, and what the agreement requires at the worst",
        description: `At most ${defaultRouteLimits.maxWaypoints} waypoints and ${defaultRouteLimits.maxKm} km (route_too_long).`,
        body: z.object({ waypoints: z.array(point).min(1).max(defaultRouteLimits.maxWaypoints) }),
        response: {
          200: routeAnswer,
        },
      },
    },
    async (request) => risk.route(actorOf(request), request.body.waypoints),
  );

  app.get(
    '/api/v1/risk/grid.geojson',
    {
      config: { access: 'risk.read' },
      schema: {
        tags: ['risk'],
        summary: 'Grid cells at or above a level, and the zones in force, as GeoJSON',
        querystring: z.object({ minLevel: integerParamOr(2, { min: 1, max: 6 }) }),
        response: {
          200: featureCollectionSchema(
            z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
          ),
        },
      },
    },
    async (request) => risk.geojson(actorOf(request), request.query.minLevel),
  );

  recordActionRoutes(app, {
    path: '/api/v1/risk/zones',
    tags: ['risk'],
    response: zoneSchema,
    present: presentZone,
    all: { access: 'risk.read', summary: 'Manual zones, pending and in force', run: risk.listZones },
    create: {
      access: 'risk.zone',
      summary:
        'Record a zone; a level-6 zone, one that lowers the level and one that raises it over a wide area wait for the other party to sign it off',
      description: `The polygon is a simple area (else invalid_polygon) of at most ${defaultZoneLimits.maxVertices} positions and ${defaultZoneLimits.maxAreaKm2} km² (else zone_too_large); it waits for sign-off if level 6, lowering, or raising over more than ${defaultZoneLimits.signOffAreaKm2} km².`,
      body: z.object({
        polygon: polygonInput,
        level,
        reason: z.string().trim().min(3).max(2000),
        expiresAt: z.string().datetime().nullable().optional(),
      }),
      run: risk.createZone,
    },
    actions: {
      approve: {
        access: 'risk.zone.approve',
        summary: "Sign off the other party's pending zone (its coordinator or admin); then it counts",
        run: risk.approveZone,
      },
      withdraw: {
        access: 'risk.zone',
        summary: 'Withdraw a zone your party recorded',
        run: risk.withdrawZone,
      },
    },
  });
};
