import type { z } from 'zod';

/**
 * One error type for every layer. Codes are stable, machine-readable, and listed here once;
 * the HTTP layer turns an AppError into `{ error: { code, message, details?, requestId } }`
 * and the CLI into an exit status and one line.
 */
export const errorCodes = {
  validation_failed: 400,
  invalid_json: 400,
  json_too_deep: 400,
  import_rejected: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  totp_required: 401,
  totp_invalid: 401,
  session_expired: 401,
  forbidden: 403,
  origin_mismatch: 403,
  totp_enrolment_required: 403,
  not_found: 404,
  route_not_found: 404,
  user_not_found: 404,
  party_not_found: 404,
  token_not_found: 404,
  device_not_found: 404,
  audit_entry_not_found: 404,
  audit_checkpoint_not_found: 404,
  agreement_not_found: 404,
  person_not_found: 404,
  site_not_found: 404,
  unit_not_found: 404,
  incident_not_found: 404,
  risk_zone_not_found: 404,
  movement_not_found: 404,
  alert_not_found: 404,
  checkin_schedule_not_found: 404,
  conflict: 409,
  username_taken: 409,
  invalid_transition: 409,
  already_signed: 409,
  agreement_not_in_force: 409,
  agreement_refuses: 403,
  payload_too_large: 413,
  unsupported_media_type: 415,
  login_throttled: 429,
  request_timeout: 408,
  // Issue 7, finding 13: what Node's HTTP parser refuses, in the one error body.
  malformed_request: 400,
  invalid_encoding: 400,
  headers_too_large: 431,
  // Issue 7, findings 1 and 13: routes and zones within bounds, zone polygons well formed.
  route_too_long: 400,
  zone_too_large: 400,
  invalid_polygon: 400,
  // Issue 7, finding 8: clearance reads are rate-limited per user.
  clearance_rate_limited: 429,
  // Issue 12: each device reports at a bounded rate; its app retries a refused report later.
  position_rate_limited: 429,
  internal_error: 500,
  not_ready: 503,
  signing_key_missing: 503,
  // Issue 7, finding 7: only a signed-in person, not a token, may mint a token.
  interactive_session_required: 403,
  // Issue 7, finding 2: each party signs audit checkpoints with its own key, on its own machine.
  signing_keys_misplaced: 503,
  checkpoint_inconsistent: 409,
  party_key_unknown: 409,
  signature_invalid: 400,
  // Issue 11: joint approval of movements. No one approves their own request; a party decides once
  // per assessment; a break-glass approval is reviewed once.
  self_approval: 403,
  already_decided: 409,
  already_reviewed: 409,
  // Issue 11: a unit is held by one movement at a time; the database refuses a second booking.
  unit_booked: 409,
  // Issue 13: roll-calls. A closed roll-call takes no answers; a one-time link works once; an answer
  // PIN must be the person's own.
  rollcall_not_found: 404,
  rollcall_closed: 409,
  rollcall_link_invalid: 404,
  rollcall_pin_invalid: 400,
  // Issue 13: notifications. A webhook of another party is not found; a reply e-mail whose
  // address or first line the server cannot use is refused.
  webhook_not_found: 404,
  reply_not_understood: 400,
  reply_token_invalid: 404,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCodes[code];
  }
}

/** A record that is missing, or that the caller may not see: both look the same. */
export function notFound(code: ErrorCode & `${string}not_found`, what: string): AppError {
  return new AppError(code, `${what} not found`);
}

/**
 * What a refused caller would need, so a 403 says it: one of these roles, the agreement clause (and
 * version) that refuses, the party (or kind of party) the caller must be of, or the kind of caller.
 */
export interface Needs {
  roles?: readonly string[];
  clause?: string;
  agreementVersion?: number;
  party?: string;
  partyKind?: 'host' | 'partner';
  caller?: 'user' | 'device' | 'system' | 'party member' | 'the user themself' | 'another admin';
}

/** One or more of `T`'s keys, never none. */
type AtLeastOne<T> = { [K in keyof T]-?: Required<Pick<T, K>> & Partial<T> }[keyof T];

/** The caller is known but lacks the role, party or state for this action; `needs` says which. */
export function forbidden(message: string, needs: AtLeastOne<Needs> & Record<string, unknown>): AppError {
  return new AppError('forbidden', message, needs);
}

/** The request conflicts with what is stored. */
export function conflict(code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return new AppError(code, message, details);
}

/** A lifecycle step that the current state does not allow: `what` is in state `from`, so not `to`. */
export function invalidTransition(what: string, from: string, to: string): AppError {
  return new AppError('invalid_transition', `${what} is ${from}, so it cannot be ${to}`, { from, to });
}

/** The part of a request a field belongs to; `details.field` is the path inside it. */
export type RequestPart = 'body' | 'querystring' | 'params';

/**
 * Input that fails a rule: `field` is the path inside `part` (`armouredVehicles`, `fields.0.name`),
 * and most service input comes from a body. The same field gets the same details from a schema
 * and from a service.
 */
export function validationFailed(field: string, message: string, part: RequestPart = 'body'): AppError {
  return new AppError('validation_failed', message, { field, in: part });
}

/**
 * A body field a rule of its own refuses, under that rule's code (`totp_invalid`, `zone_too_large`):
 * named as `validationFailed` names it, with what else the rule states beside.
 */
export function fieldRefused(
  code: ErrorCode,
  field: string,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError(code, message, { field, in: 'body', ...details });
}

/** One field's problem, as `details.issues` lists them. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The zod issues of an input, one per field (each unknown key its own), named by dotted path. */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    const message =
      issue.code === 'invalid_type' && issue.input === undefined
        ? 'is required'
        : issue.code === 'invalid_value'
          ? `is not one of ${issue.values.map(String).join(', ')}`
          : issue.message;
    return [{ field: path.join('.'), message }];
  });
}

/**
 * The one error for input that fails its schema: the first issue names `field`, all are listed in
 * `issues`, each a path inside `part`. `prefix` places a nested document's paths (`source.title`).
 */
export function invalidInput(
  issues: readonly z.core.$ZodIssue[],
  part: RequestPart,
  prefix: readonly string[] = [],
): AppError {
  const listed = fieldIssues(issues).map((i) => ({
    field: [...prefix, ...(i.field ? [i.field] : [])].join('.'),
    message: i.message,
  }));
  const first = listed[0] ?? { field: prefix.join('.'), message: 'is not valid' };
  const where = first.field || part;
  return new AppError('validation_failed', `${where}: ${first.message}`, {
    field: first.field,
    in: part,
    issues: listed,
  });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
