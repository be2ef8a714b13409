import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
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

/** Turns any thrown error into the one error body; a 500 never shows its raw message. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      field: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    const first = issues[0]!;
    return new AppError('validation_failed', `${first.field}: ${first.message}`, {
      field: first.field,
      issues,
    });
  }
  const fastifyError = error as Partial<FastifyError>;
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped, fastifyError.message ?? mapped);
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
