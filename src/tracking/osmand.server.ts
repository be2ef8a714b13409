import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import {
  clientErrorHandler,
  frameworkErrors,
  registerErrorHandling,
} from '../platform/http/error-handler.js';
import { type IngestDeps, osmandRoutes } from './ingest.routes.js';

/**
 * Traccar Client and OsmAnd on a port of their own (5055 by convention), at `/`: the apps are
 * given a bare server address and send to its root. Nothing else is served there.
 */
export async function buildOsmAndServer(
  deps: IngestDeps,
  logger: FastifyInstance['log'],
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    frameworkErrors,
    clientErrorHandler,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(osmandRoutes('/'), deps);
  return app;
}
