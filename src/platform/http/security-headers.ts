import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { isDeviceReport } from './device-reports.js';

/**
 * The headers helmet sets with `options`, read once from a throwaway app: they are the same on
 * every response, and helmet rebuilds its middleware and parses the content security policy
 * again on each request (a seventh of the time of a small one).
 */
async function headersSetBy(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify();
    if (withHelmet) await probe.register(fastifyHelmet, options);
    probe.get('/', async () => 'ok');
    const response = await probe.inject({ method: 'GET', url: '/' });
    await probe.close();
    return response.headers;
  };
  const [plain, helmeted] = await Promise.all([answer(false), answer(true)]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(helmeted)) {
    if (!(name in plain) && value !== undefined) headers[name] = String(value);
  }
  return headers;
}

/**
 * Sets helmet's headers for `options` on every response, as helmet would, without running it per
 * request; not on a device's report, which no browser reads.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: FastifyHelmetOptions) {
  const headers = await headersSetBy(options);
  app.addHook('onRequest', (request, reply, done) => {
    if (!isDeviceReport(request)) reply.headers(headers);
    done();
  });
}
