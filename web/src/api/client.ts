import type { paths } from './schema.js';

/** An error the API answered: its stable code, its (English) message and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON body a path and method answer with on success, from the OpenAPI document. */
export type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : unknown
  : never;

/** The JSON body a path and method take. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type Query = Record<string, string | number | boolean | undefined>;

/** Fills `{id}` in a path template and appends the query, leaving out empty values. */
export function urlOf(template: string, params: Record<string, string | number> = {}, query: Query = {}) {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** Calls the API with the session cookie; a non-2xx answer throws an ApiError. */
export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  contentType?: string,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    headers['content-type'] = contentType ?? 'application/json';
    payload = contentType ? (body as BodyInit) : JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload ?? null, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_' + response.status,
      error?.message ?? response.statusText,
      error?.details,
    );
  }
  return (json ?? text) as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Typed calls by OpenAPI path: `api.get('/api/v1/sites', {}, { limit: 50 })`. */
export const api = {
  get: <P extends keyof paths>(path: P, params?: Record<string, string | number>, query?: Query) =>
    request<Answer<P, 'get'>>('GET', urlOf(path, params, query)),
  post: <P extends keyof paths>(path: P, body?: Body<P, 'post'>, params?: Record<string, string | number>) =>
    request<Answer<P, 'post'>>('POST', urlOf(path, params), body ?? {}),
  put: <P extends keyof paths>(path: P, body: Body<P, 'put'>, params?: Record<string, string | number>) =>
    request<Answer<P, 'put'>>('PUT', urlOf(path, params), body),
  patch: <P extends keyof paths>(path: P, body: Body<P, 'patch'>, params?: Record<string, string | number>) =>
    request<Answer<P, 'patch'>>('PATCH', urlOf(path, params), body),
  delete: <P extends keyof paths>(path: P, params?: Record<string, string | number>) =>
    request<Answer<P, 'delete'>>('DELETE', urlOf(path, params)),
};
