import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, isAppError } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
}

// Fastify's own client errors, mapped to our codes; their messages carry no secrets.
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_BAD_URL: 'validation_failed',
  FST_ERR_MAX_PARAM_LENGTH: 'validation_failed',
};

const statusCodes: Record<number, ErrorCode> = {
  400: 'validation_failed',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Turns any thrown error into the one error body; a 500 never shows its raw message. */
export function toAppError(error: unknown): AppError {
  // Schema failures are AppErrors already (`platform/http/validation.ts`).
  if (isAppError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, fastifyError.message ?? mapped);
  // A plugin's client error (the docs' static files refuse `../` with 403): its status, our body.
  const byStatus = fastifyError.statusCode ? statusCodes[fastifyError.statusCode] : undefined;
  if (byStatus) return new AppError(byStatus, fastifyError.message || byStatus);
  if (fastifyError.statusCode === 400 && error instanceof SyntaxError) {
    return new AppError('invalid_json', 'The body is not valid JSON');
  }
  return new AppError(
    'internal_error',
    'Something went wrong on the server; the request id names it in the log',
  );
}

export function sendError(request: FastifyRequest, reply: FastifyReply, appError: AppError) {
  const body: ErrorBody = {
    error: {
      code: appError.code,
      message: appError.message,
      ...(appError.details ? { details: appError.details } : {}),
      requestId: String(request.id),
    },
  };
  if (appError.status === 429 && typeof appError.details?.retryAfterSeconds === 'number') {
    reply.header('retry-after', String(appError.details.retryAfterSeconds));
  }
  return reply.status(appError.status).type('application/json; charset=utf-8').send(body);
}

/**
 * For errors the router raises before any route or hook runs (a malformed URL, an over-long path
 * parameter): the same error body instead of Fastify's own.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.info({ code: error.code }, 'request refused by the router');
  return sendError(request, reply, toAppError(error));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, 'request refused');
    return sendError(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new AppError('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}

/**
 * The headers helmet gives every response, for the few that Node's parser answers before Fastify
 * (and so helmet) sees a request.
 */
const rawSecurityHeaders = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

const clientErrors: Record<string, [number, ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are larger than 16 KiB'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request did not arrive in time'],
};

/**
 * Node's own parser errors (a bad Content-Length, headers over the limit, a timeout) reach no
 * route or hook: answer them with the one error body and the usual security headers, then close.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] = clientErrors[error.code ?? ''] ?? [
    400,
    'malformed_request',
    'The request is not well-formed HTTP/1.1',
  ];
  const body = JSON.stringify({ error: { code, message, requestId: randomUUID() } });
  const headers = {
    ...rawSecurityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${body}`);
}
