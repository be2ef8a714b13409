import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { StaticFile } from '../platform/http/static-files.js';

const clientConfigSchema = z
  .object({
    mapTiles: z
      .string()
      .nullable()
      .describe('online raster tiles, `{z}/{x}/{y}`; null: offline base map only'),
    mapAttribution: z.string().nullable(),
  })
  .meta({ id: 'ClientConfig' });

export interface WebOptions {
  /** The built app by URL path; absent when it is not built, and only the API is served. */
  files: Map<string, StaticFile> | undefined;
  mapTiles: string | undefined;
  mapAttribution: string | undefined;
}

/** The web app's files, and the few settings it reads before anyone signs in. */
export const webRoutes: FastifyPluginAsyncZod<WebOptions> = async (app, options) => {
  app.get(
    '/api/v1/client-config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['web'],
        summary: "The web app's settings: the map's online tile source, if any",
        response: { 200: clientConfigSchema },
      },
    },
    async () => ({ mapTiles: options.mapTiles ?? null, mapAttribution: options.mapAttribution ?? null }),
  );

  const { files } = options;
  if (!files) return;
  const index = files.get('/index.html')!;
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0]!;
    if (pathname.startsWith('/api/')) {
      throw new AppError('route_not_found', `No route ${request.method} ${pathname}`);
    }
    // A path with no file extension is one of the app's own screens: the app routes it.
    const screen = path.posix.extname(pathname) === '' && !pathname.includes('/.');
    const file = files.get(pathname) ?? (screen ? index : undefined);
    if (!file) throw new AppError('route_not_found', `No file ${pathname}`);
    reply.header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    reply.header('etag', file.etag);
    reply.header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    reply.type(file.type);
    if (file.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      return reply.send(file.gzip);
    }
    return reply.send(file.body);
  });
};
