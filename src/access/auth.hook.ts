import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.js';
import type { Actor } from './actor.js';
import { accessRefused, beforeSecondFactor, isAllowed, type RouteAccess } from './permissions.js';
import type { SessionService } from './session.service.js';

export const sessionCookie = '__Host-jsms_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; every route must say. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The secret of an Authorization header, if any: a Bearer token, or on a device route the password
 * of HTTP Basic, which is how OwnTracks sends credentials (its user name is whatever the phone's
 * owner typed, so only the password counts).
 */
function credentialOf(request: FastifyRequest, access: RouteAccess): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic && access === 'device') {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return decoded.slice(colon + 1);
  }
  throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>"');
}

/**
 * A cookie-authenticated write must come from our own pages: its Origin must name this host or
 * one of the configured origins. SameSite=Strict already stops most cross-site requests; this
 * stops the rest (a sibling subdomain, an old browser).
 */
function assertSameOrigin(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  const origin = request.headers.origin;
  if (!origin) throw new AppError('origin_mismatch', 'A signed-in write must carry an Origin header');
  if (allowedOrigins.includes(origin)) return;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new AppError('origin_mismatch', 'The Origin header is not a URL');
  }
  // Scheme and host both: a page on http:// must not write through a session made over https://.
  // Behind a TLS proxy the scheme is the proxy's X-Forwarded-Proto (JSMS_TRUST_PROXY).
  if (url.host !== request.headers.host || url.protocol !== `${request.protocol}:`)
    throw new AppError('origin_mismatch', `Writes from ${origin} are not accepted`);
}

/**
 * Resolves every request to an Actor before its body is validated, and refuses the request
 * unless the route's access rule admits that actor: 401 without credentials, 403 without the role.
 */
export function registerAuth(
  app: FastifyInstance,
  sessions: SessionService,
  options: { allowedOrigins: readonly string[] },
) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      if (request.is404) return;
      throw new AppError('internal_error', `Route ${request.routeOptions.url} declares no access rule`);
    }
    const bearer = credentialOf(request, access);
    const cookie = request.cookies[sessionCookie];
    if (bearer) {
      request.actor = await sessions.authenticate(bearer);
    } else if (cookie) {
      try {
        request.actor = await sessions.authenticate(cookie);
      } catch (error) {
        // A stale cookie on a public route (the sign-in page) is no reason to refuse it.
        if (access !== 'public') throw error;
      }
      if (request.actor && !safeMethods.has(request.method))
        assertSameOrigin(request, options.allowedOrigins);
    }
    if (access === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError('unauthenticated', 'Sign in or present a token');
    if (actor.type === 'user' && !actor.secondFactorOk && !beforeSecondFactor.has(access)) {
      throw new AppError(
        'totp_enrolment_required',
        'Admins must enrol an authenticator app first: POST /api/v1/me/totp',
      );
    }
    if (!isAllowed(actor, access)) throw accessRefused(access);
  });
}

/**
 * The secret a request was authenticated with (a bearer token or the session cookie), for a
 * long-lived connection that checks it again later.
 */
export function presentedSecret(request: FastifyRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return bearer?.[1] ?? request.cookies[sessionCookie];
}

/** The actor of a route that requires one (the hook has already refused anonymous callers). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in or present a token');
  return request.actor;
}
