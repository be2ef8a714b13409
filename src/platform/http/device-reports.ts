import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A route devices report to, thousands of times a second: answered to an app, never shown
     * in a browser, so it gets no browser security headers; a successful request is logged and
     * timed per batch of what it stored rather than one line and one observation each (a
     * refused one still gets its own line), and counted without prom-client's per-call cost.
     */
    deviceReport?: boolean;
  }
}

/** Whether `request` is to a device-report route (see `deviceReport`). */
export function isDeviceReport(request: FastifyRequest): boolean {
  return request.routeOptions.config.deviceReport === true;
}
