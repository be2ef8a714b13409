import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DeviceActor } from '../access/actor.js';
import { actorOf } from '../access/auth.hook.js';
import type { SessionService } from '../access/session.service.js';
import type { Clock } from '../platform/clock.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { limits } from '../platform/http/limits.js';
import { errorSchema } from '../platform/http/schemas.js';
import type { DeviceCommands } from './device-commands.js';
import type { Fix } from './fix.js';
import { type OsmAndParams, readOsmAndJson, readOsmAndParams } from './osmand.js';
import { readOwnTracksBody, type OwnTracksMessage } from './owntracks.js';
import type { PositionService } from './position.service.js';

export interface IngestDeps {
  positions: PositionService;
  sessions: SessionService;
  commands: DeviceCommands;
  clock: Clock;
}

/** The bodies of this plugin's routes as the apps send them: read by the protocol readers. */
function takeRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) =>
    done(null, formFields(body as string)),
  );
  app.addContentTypeParser('*', { parseAs: 'string' }, (_r, body, done) => done(null, body));
}

const ingestTags = ['tracking'];
const anyBody = z.unknown();

/**
 * OwnTracks in HTTP mode: one message per POST, HTTP Basic with the device token as password.
 * Every message that is not a position (`waypoint`, `card`, …) and an empty body get `200 []`:
 * the app resends whatever is not answered 2xx, for weeks.
 */
export const owntracksRoutes: FastifyPluginAsyncZod<IngestDeps> = async (app, deps) => {
  takeRawBodies(app);
  app.post(
    '/ingest/owntracks',
    {
      config: { access: 'device', deviceReport: true },
      bodyLimit: limits.ingestBodyBytes,
      schema: {
        tags: ingestTags,
        summary: 'OwnTracks HTTP mode: a location, transition, lwt or status message',
        body: anyBody,
        // An empty body is a message the app may send: answered 200 [].
        'x-body-optional': true,
        response: {
          200: z.array(z.object({ _type: z.literal('cmd'), action: z.string() })),
          429: errorSchema.describe('the device reports faster than allowed: retry later'),
        },
      },
    },
    async (request) => {
      const device = deviceOf(request);
      const messages = readOwnTracksBody(typeof request.body === 'string' ? request.body : '');
      noteOtherIdentity(request, device, messages);
      // The app's payload encryption hides every fix from us while the app counts them delivered.
      if (messages.some((m) => m.type === 'ignored' && m.messageType === 'encrypted'))
        request.log.warn(
          { device: device.id },
          'owntracks payload encrypted: clear the encryption key in the app',
        );
      await deps.positions.record(device, fixesOf(messages));
      return deps.commands.take(device.id);
    },
  );
};

function fixesOf(messages: readonly OwnTracksMessage[]): Fix[] {
  const fixes: Fix[] = [];
  for (const message of messages) {
    if (message.type === 'location') fixes.push(message.fix);
    else if (message.type === 'transition' && message.fix) fixes.push(message.fix);
  }
  return fixes;
}

/**
 * The app may name another user in `X-Limit-U`/`X-Limit-D` or the message's topic (a shared
 * phone, a stale setting). Only the token says who reports; the rest is noted and ignored.
 */
function noteOtherIdentity(
  request: FastifyRequest,
  device: DeviceActor,
  messages: readonly OwnTracksMessage[],
) {
  const named = [request.headers['x-limit-u'], request.headers['x-limit-d']].filter(Boolean);
  const topics = messages.flatMap((m) => (m.type === 'location' && m.topic ? [m.topic] : []));
  if (named.length > 0 || topics.length > 0) {
    request.log.debug(
      { device: device.id, named, topics },
      'owntracks identity named in the request ignored',
    );
  }
}

function deviceOf(request: FastifyRequest): DeviceActor {
  const actor = actorOf(request);
  if (actor.type !== 'device') throw new AppError('forbidden', 'Only a device token may report positions');
  return actor;
}

/**
 * Traccar Client and OsmAnd: the query-string GET, the form POST and the JSON POST, the token as
 * `id`. Registered on the API port under `/ingest/osmand` and, with `--osmand-port`, at `/` of a
 * port of its own (where the apps expect a bare server address).
 */
export function osmandRoutes(path: string): FastifyPluginAsyncZod<IngestDeps> {
  return async (app, deps) => {
    takeRawBodies(app);
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const receivedAt = deps.clock.now();
      const query = request.query as OsmAndParams;
      const body = request.body;
      const report =
        typeof body === 'string' && body.trim().startsWith('{')
          ? readOsmAndJson(parseJson(body), receivedAt)
          : isRecord(body)
            ? readOsmAndParams({ ...query, ...body }, receivedAt, 'body')
            : readOsmAndParams(query, receivedAt);
      const device = await deviceByToken(deps.sessions, report.token);
      // A report without a position (Traccar Client's heartbeat when the phone has no fix) only
      // tells that the device is alive, which authenticating it has recorded.
      if (report.fix) await deps.positions.record(device, [report.fix]);
      return reply.status(200).send();
    };
    const schema = {
      tags: ingestTags,
      summary: 'Traccar Client / OsmAnd: one position, the device token as id',
      // The usual keys, for the API reference; the reader takes every other key as an attribute.
      querystring: z
        .object({
          id: z.string().optional().describe('The device token (or `deviceid`)'),
          lat: z.string().optional(),
          lon: z.string().optional(),
          timestamp: z.string().optional().describe('Seconds, milliseconds, ISO 8601 or yyyy-MM-dd HH:mm:ss'),
        })
        .catchall(z.union([z.string(), z.array(z.string())])),
      response: {
        200: z.null().describe('Stored'),
        400: errorSchema.describe('no device with that id, or a field that cannot be read'),
        429: errorSchema.describe('the device reports faster than allowed: retry later'),
      },
    };
    const config = { access: 'public' as const, deviceReport: true };
    app.get(path, { config, schema }, handle);
    app.post(
      path,
      { config, bodyLimit: limits.ingestBodyBytes, schema: { ...schema, body: anyBody } },
      handle,
    );
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_json', 'The body is not valid JSON');
  }
}

/** Form fields as the query parser gives them: a repeated field (`cell`, `wifi`) as a list. */
function formFields(text: string): OsmAndParams {
  // No prototype: a field named __proto__ is a field like any other.
  const fields = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(text)) {
    const before = fields[key];
    fields[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

function isRecord(value: unknown): value is OsmAndParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The device a token names. Unknown, revoked or not a device token: one answer, naming no reason. */
async function deviceByToken(sessions: SessionService, token: string): Promise<DeviceActor> {
  const unknown = () => validationFailed('id', 'id is not a device of this server', 'querystring');
  try {
    const actor = await sessions.authenticate(token);
    if (actor.type !== 'device') throw unknown();
    return actor;
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') throw unknown();
    throw error;
  }
}
