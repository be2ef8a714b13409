import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Registry } from 'prom-client';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
  type RouteOptions,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
} from 'fastify-type-provider-zod';
import { sql } from 'kysely';
// Before the routes: the API document lists its component schemas in the order modules define them.
import { errorResponses, errorSchema } from './platform/http/schemas.js';
import { registerAuth, sessionCookie } from './access/auth.hook.js';
import { partyRoutes } from './access/party.routes.js';
import { sessionRoutes } from './access/session.routes.js';
import { tokenRoutes } from './access/token.routes.js';
import { userRoutes } from './access/user.routes.js';
import { notificationRoutes } from './alerts/notification.routes.js';
import { webhookRoutes } from './alerts/webhook.routes.js';
import { agreementRoutes } from './agreement/agreement.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { incidentRoutes } from './incidents/incident.routes.js';
import { newsRoutes } from './incidents/news.routes.js';
import { reportRoutes } from './incidents/report.routes.js';
import { personRoutes } from './registry/person.routes.js';
import { siteRoutes } from './registry/site.routes.js';
import { riskRoutes } from './risk/risk.routes.js';
import { movementEscortRoutes } from './movements/movement.escorts.routes.js';
import { movementRoutes } from './movements/movement.routes.js';
import { movementApprovalRoutes } from './movements/movement.approvals.routes.js';
import { unitRoutes } from './registry/unit.routes.js';
import { osmandRoutes, owntracksRoutes } from './tracking/ingest.routes.js';
import { liveRoutes } from './tracking/live.routes.js';
import { alertRoutes } from './alerts/alert.routes.js';
import { checkinRoutes } from './alerts/checkin.routes.js';
import { rollcallRoutes } from './alerts/rollcall.routes.js';
import type { StreamHub } from './tracking/stream.js';
import { streamHubOf, streamRoutes } from './tracking/stream.routes.js';
import fastifyWebsocket from '@fastify/websocket';
import { AppError, validationFailed } from './platform/errors.js';
import { firstForbiddenString } from './platform/text-rules.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './platform/http/error-handler.js';
import { jsonDepth, limits, serverFactoryWith } from './platform/http/limits.js';
import { isDeviceReport } from './platform/http/device-reports.js';
import { registerBatchMetrics, registerMetrics } from './platform/http/metrics.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { loadStaticFiles } from './platform/http/static-files.js';
import { webRoutes } from './web/web.routes.js';
import { refuseUnknownQuery, validatorCompiler } from './platform/http/validation.js';
import { buildServices, type ServiceDeps, type Services } from './services.js';

export interface AppOptions extends ServiceDeps {
  /** Where log lines go: a pino destination; defaults to standard output. */
  logStream?: NodeJS.WritableStream | undefined;
  version?: string;
  /** Called for every route as it is registered, plugins' included: the authorization matrix test lists them. */
  onRoute?: ((route: RouteOptions) => void) | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The use cases behind the routes, for tests and the CLI that share this app's database. */
    services: Services;
    /** Request and process metrics, served on their own listener by `jsms serve`. */
    metrics: Registry;
    /** The live stream's connections. */
    stream: StreamHub;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Query parameters never logged: secrets in some device protocols, and personal data that is
 * encrypted at rest (a passport number searched for must not sit in clear text in the log).
 */
const secretQueryKeys = /^(id|token|key|secret|password|deviceid|passportnumber)$/i;

/** The request URL with secret-looking query values blanked, for log lines. */
export function redactUrl(url: string): string {
  const [path, query] = url.split('?', 2);
  if (!query) return url;
  const params = new URLSearchParams(query);
  for (const key of [...params.keys()]) if (secretQueryKeys.test(key)) params.set(key, '[REDACTED]');
  return `${path}?${params.toString()}`;
}

function loggerOptions(options: AppOptions): FastifyServerOptions['logger'] {
  return {
    level: options.config.logLevel,
    ...(options.logStream ? { stream: options.logStream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.secret',
        '*.token',
        '*.totp',
      ],
      censor: '[REDACTED]',
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.ip,
      }),
    },
  };
}

/** One log line per request, written when it is answered, with what Fastify's two lines said. */
class OneLinePerRequest extends LogController {
  /** The app's logger without redaction, for the answered line; made on the first. */
  private plain: FastifyBaseLogger | undefined;

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    // A device's report answered 2xx is in the line of the batch that stored it.
    if (!error && reply.statusCode < 300 && isDeviceReport(request)) return;
    if (error) {
      reply.log.error({ ...this.lineOf(request, reply), err: error }, 'request errored');
      return;
    }
    // Flat values that hold no secret (the URL is redacted here): the redaction paths, which walk
    // every field of every line, are skipped. The request id comes first, where the bindings were.
    this.plain ??= request.server.log.child({}, { redact: [] });
    this.plain.info({ reqId: request.id, ...this.lineOf(request, reply) }, 'request completed');
  }

  private lineOf(request: FastifyRequest, reply: FastifyReply) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      remoteAddress: request.ip,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
  }
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The error statuses any API route of its kind can answer, declared once here so the API document
 * never omits them: a route that takes a credential can refuse the request (400, 401, 403, 404); a
 * write can meet a conflicting state (409), an oversized body (413) or an unsupported one (415); any
 * route can fail (500) or find the database unready (503). A route declares only the others.
 */
function declareCommonErrors(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (!response || !['/api/v1/', '/ingest/'].some((prefix) => route.url.startsWith(prefix))) return;
  const write = [route.method].flat().some((method) => writeMethods.has(method));
  const access = (route.config as { access?: string } | undefined)?.access;
  route.schema!.response = {
    ...(access === 'public' ? {} : errorResponses),
    ...(write ? { 409: errorSchema, 413: errorSchema, 415: errorSchema } : {}),
    500: errorSchema,
    503: errorSchema,
    ...response,
  };
}

/** The whole HTTP API on one database, without listening: tests call `inject()` on it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: loggerOptions(options),
    bodyLimit: limits.bodyBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
    serverFactory: serverFactoryWith(config),
    // Above every path parameter's schema limit, so that a long id is the schema's 400, not the router's.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    frameworkErrors,
    clientErrorHandler,
    ajv: undefined,
    logController: new OneLinePerRequest(),
  });
  // Filled once the metrics are registered, below; no batch is written before the app is ready.
  const positionBatches: { count?: ReturnType<typeof registerBatchMetrics> } = {};
  const services = buildServices({
    ...options,
    onJobError: (error, job) =>
      app.log.error({ err: error, job: job.kind, attempt: job.attempt }, 'scheduled job failed'),
    onFollowerError: (error) => app.log.error({ err: error }, 'event follower'),
    // The device-report routes log and time their successful requests per batch, here.
    onPositionBatch: (batch) => {
      app.log.info(batch, 'positions committed');
      positionBatches.count?.({ seconds: batch.ms / 1000, items: batch.fixes });
    },
  });
  const { onRoute } = options;
  if (onRoute) app.addHook('onRoute', (route) => onRoute(route));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      // Fatal: bytes that are not UTF-8 would otherwise be stored as U+FFFD, silently.
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new AppError('invalid_encoding', 'The body is not valid UTF-8'), undefined);
      return;
    }
    if (jsonDepth(text) > limits.jsonDepth) {
      done(new AppError('json_too_deep', `JSON nested deeper than ${limits.jsonDepth} levels`), undefined);
      return;
    }
    defaultJson(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const bad = firstForbiddenString(value);
      if (!bad) return done(null, value);
      const field = bad.path.join('.');
      done(validationFailed(field, `${field}: ${bad.why}`), undefined);
    });
  });

  // Spreadsheet imports arrive as the CSV file itself, handed on as its bytes: the importer decodes
  // them once and reports the encoding it found (UTF-8 or Windows-1252).
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    // API answers carry personal data or what the agreement shares: no shared or browser cache keeps them.
    if (request.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
  // Routes that plugins register (the API docs) are public; ours each declare their access.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), access: 'public' };
  });
  app.addHook('onRoute', declareCommonErrors);
  app.addHook('onRoute', refuseUnknownQuery);
  // The body parser's text rule for query strings and path segments too: PostgreSQL refuses NUL.
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [part, value] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const bad = firstForbiddenString(value);
      if (!bad) continue;
      const field = bad.path.join('.');
      return done(validationFailed(field, `${field}: ${bad.why}`, part));
    }
    done();
  });

  registerErrorHandling(app);
  // Nothing from outside hosts but the map's online tiles, when a deployment configures them.
  const tiles = config.mapTiles ? [new URL(config.mapTiles.replace(/[{}]/g, '')).origin] : [];
  await registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...tiles],
        connectSrc: ["'self'", ...tiles],
        fontSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(fastifyCookie);
  // Before the auth hook: a refused upgrade must still be marked as one, so its socket is closed.
  // Clients send nothing but pings on the stream: a large message is a mistake or an attack.
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'JSMS API',
        description: 'Joint Security Management System: the HTTP JSON API.',
        version: options.version ?? '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: sessionCookie },
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (jsa_…) or a device token (jsd_…)',
          },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => optionalBodies(jsonSchemaTransformObject(documentObject)),
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  registerAuth(app, services.sessions, { allowedOrigins: config.allowedOrigins });
  const metrics = registerMetrics(app);
  positionBatches.count = registerBatchMetrics(metrics, 'position');

  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(options.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'not ready' });
    }
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(sessionRoutes, { sessions: services.sessions, users: services.users });
  await app.register(userRoutes, { users: services.users });
  await app.register(tokenRoutes, { tokens: services.tokens });
  await app.register(partyRoutes, { parties: services.parties });
  await app.register(auditRoutes, { audit: services.audit });
  await app.register(agreementRoutes, { agreements: services.agreements });
  await app.register(personRoutes, {
    persons: services.persons,
    importPersons: services.importPersons,
    visibility: services.visibility,
  });
  await app.register(siteRoutes, { sites: services.sites, visibility: services.visibility });
  await app.register(unitRoutes, { units: services.units, visibility: services.visibility });
  await app.register(incidentRoutes, {
    incidents: services.incidents,
    importIncidents: services.importIncidents,
  });
  await app.register(newsRoutes);
  await app.register(reportRoutes, { reports: services.reports });
  await app.register(riskRoutes, { risk: services.risk });
  await app.register(movementRoutes, { movements: services.movements, visibility: services.visibility });
  await app.register(movementApprovalRoutes, {
    approvals: services.movementApprovals,
    visibility: services.visibility,
  });
  await app.register(movementEscortRoutes, { escorts: services.escorts, visibility: services.visibility });
  const ingest = {
    positions: services.positions,
    sessions: services.sessions,
    commands: services.deviceCommands,
    clock: options.clock,
  };
  await app.register(owntracksRoutes, ingest);
  await app.register(osmandRoutes('/ingest/osmand'), ingest);
  await app.register(liveRoutes, {
    live: services.live,
    personOf: async (userId) => (await services.users.subjectsOf(userId))?.personId ?? null,
  });
  await app.register(alertRoutes, { alerts: services.alerts });
  await app.register(checkinRoutes, { checkins: services.checkins });
  await app.register(rollcallRoutes, { services });
  await app.register(notificationRoutes, { notifications: services.notifications });
  await app.register(webhookRoutes, { webhooks: services.webhooks });
  const hub = streamHubOf(services, options.clock);
  app.addHook('onClose', () => hub.close());
  await app.register(streamRoutes, { hub });
  app.decorate('stream', hub);
  await app.register(webRoutes, {
    files: config.webDir ? loadStaticFiles(config.webDir) : undefined,
    mapTiles: config.mapTiles,
    mapAttribution: config.mapAttribution,
  });

  app.decorate('services', services);
  app.decorate('metrics', metrics);
  app.addHook('onClose', () => services.close());
  // The live picture is read from the database before the first request is served.
  app.addHook('onReady', async () => {
    await services.live.start();
    await services.rollcallWaves.start();
  });
  app.addHook('onReady', () => services.alerts.start());
  return app;
}

/**
 * Marks as optional the request bodies of operations that say `'x-body-optional': true`: Fastify's
 * swagger marks every body required, though a route may default a missing one (issue 7, finding 13).
 */
function optionalBodies<T>(document: T): T {
  const paths = (document as { paths?: Record<string, Record<string, Record<string, unknown>>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      if (!operation['x-body-optional']) continue;
      delete operation['x-body-optional'];
      const body = operation.requestBody as { required?: boolean } | undefined;
      if (body) body.required = false;
    }
  }
  return document;
}
