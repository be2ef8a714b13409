import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildApp } from '../app.js';
import { demoCredentialsFile, isDemoSeeded, seedDemo } from '../demo/seed.js';
import type { SystemActor } from '../access/actor.js';
import { partiesWithPrivateKeys, serverSigningParties } from '../audit/signing-keys.js';
import { type Clock, clockFrom, systemClock } from '../platform/clock.js';
import { configSchema, keysDirOf } from '../platform/config.js';
import { validationFailed } from '../platform/errors.js';
import { listenMetrics } from '../platform/http/metrics.js';
import { shownBroker, startMqttBridge } from '../tracking/mqtt-bridge.js';
import { alertParametersFrom } from '../alerts/alert.parameters.js';
import { buildOsmAndServer } from '../tracking/osmand.server.js';
import { demoTracker } from '../demo/tracking.js';
import { listenForReplies } from '../alerts/email.replies.js';
import { configFrom } from './config.js';
import { openDatabase } from './context.js';

interface ServeOptions {
  demo?: boolean;
  demoClock?: string;
  port?: string;
  host?: string;
  metricsPort?: string;
  metricsHost?: string;
  mqtt?: string;
  osmandPort?: string;
  alertParameters?: string;
  smtp?: string;
  smtpInboundPort?: string;
}

const serverActor: SystemActor = { type: 'system', id: 'server', partyId: null };

/** The server's clock: the system's, or for a demo only, the system's run from `--demo-clock`. */
function demoClockOf(options: ServeOptions): Clock {
  if (options.demoClock === undefined) return systemClock;
  if (!options.demo) throw validationFailed('--demo-clock', '--demo-clock goes with --demo only');
  const start = new Date(options.demoClock);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(options.demoClock) || Number.isNaN(start.getTime()))
    throw validationFailed(
      '--demo-clock',
      `--demo-clock takes an ISO 8601 instant, not "${options.demoClock}"`,
    );
  return clockFrom(start);
}

/** A port given as a flag: a whole number from 1 to 65535, or exit 2 naming the flag. */
function portOption(flag: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65_535)
    throw validationFailed(flag, `${flag} takes a port from 1 to 65535, not "${value}"`);
  return port;
}

/** `jsms serve`. */
export async function serve(options: ServeOptions, command: Command) {
  const clock = demoClockOf(options);
  // Flags go over the environment unchecked by its schema: this one is checked here (not echoed: it may hold a password).
  if (options.mqtt !== undefined && !configSchema.shape.mqttUrl.safeParse(options.mqtt).success)
    throw validationFailed('--mqtt', '--mqtt takes an mqtt:// or mqtts:// URL');
  if (options.alertParameters !== undefined) {
    try {
      alertParametersFrom(options.alertParameters);
    } catch (error) {
      throw validationFailed(
        '--alert-parameters',
        (error as Error).message.replace('JSMS_ALERT_PARAMETERS', '--alert-parameters'),
      );
    }
  }
  if (options.smtp !== undefined && !configSchema.shape.smtpUrl.safeParse(options.smtp).success)
    throw validationFailed('--smtp', '--smtp takes an smtp:// or smtps:// URL');
  const config = configFrom(command, {
    ...(options.port ? { port: Number(options.port) } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.metricsPort ? { metricsPort: Number(options.metricsPort) } : {}),
    ...(options.metricsHost ? { metricsHost: options.metricsHost } : {}),
    ...(options.demo ? { demo: true } : {}),
    ...(options.mqtt ? { mqttUrl: options.mqtt } : {}),
    ...(options.osmandPort ? { osmandPort: portOption('--osmand-port', options.osmandPort) } : {}),
    ...(options.alertParameters !== undefined ? { alertParameters: options.alertParameters } : {}),
    ...(options.smtp ? { smtpUrl: options.smtp } : {}),
    ...(options.smtpInboundPort
      ? { smtpInboundPort: portOption('--smtp-inbound-port', options.smtpInboundPort) }
      : {}),
  });
  config.webDir ??= fileURLToPath(new URL('../../web/dist', import.meta.url));
  const keysDir = keysDirOf(config);
  // Before the database opens: a server holding more than its own party's private key could
  // sign for both sides, so it does not start (the demo holds both, and says so).
  const signingParties = serverSigningParties(keysDir, { demo: config.demo });
  const handle = await openDatabase(config);
  const app = await buildApp({ db: handle.db, clock, config });
  const encrypted = await app.services.users.encryptClearTotpSecrets(serverActor);
  if (encrypted > 0) app.log.warn({ users: encrypted }, 'encrypted TOTP secrets stored in clear');
  if (options.demo && !(await isDemoSeeded(app.services))) {
    await seedDemo(app.services, { dataDir: config.dataDir, keysDir, now: clock.now() });
  }
  await app.services.scheduler.start();
  await app.services.eventFollower.start();
  // Metrics help operators but the API must not wait on them: a taken port is a warning.
  const metrics = await listenMetrics(app.metrics, {
    host: config.metricsHost,
    port: config.metricsPort,
    token: config.metricsToken,
  }).catch((error: unknown) => {
    app.log.warn({ err: error }, 'the metrics listener could not start');
    return undefined;
  });
  const bridge = config.mqttUrl
    ? startMqttBridge(
        { url: config.mqttUrl, clientId: config.mqttClientId },
        {
          devices: app.services.deviceIdentities,
          positions: app.services.positions,
          commands: app.services.deviceCommands,
          clock,
          metrics: app.metrics,
          log: app.log.child({ component: 'mqtt' }),
        },
      )
    : undefined;
  const ingest = {
    positions: app.services.positions,
    sessions: app.services.sessions,
    commands: app.services.deviceCommands,
    clock,
  };
  const osmand = config.osmandPort
    ? await buildOsmAndServer(ingest, app.log.child({ component: 'osmand' }))
    : undefined;
  const replies = config.smtpInboundPort
    ? await listenForReplies({
        port: config.smtpInboundPort,
        host: config.host,
        receive: (recipient, raw) => app.services.emailReplies.receive(recipient, raw),
        log: app.log.child({ component: 'smtp-inbound' }),
      })
    : undefined;
  // The demo's phones and trackers keep moving while it runs.
  const stopDemoTracker = config.demo ? demoTracker(app.services, clock) : undefined;
  const shutdown = async () => {
    stopDemoTracker?.();
    // First: the message being stored finishes and is acknowledged while the database is open.
    await bridge?.close();
    await osmand?.close();
    await replies?.close();
    await metrics?.close();
    await app.close();
    await handle.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  const address = await app.listen({ port: config.port, host: config.host });
  const osmandAddress = osmand && (await osmand.listen({ port: config.osmandPort!, host: config.host }));
  const shown = address.replace('127.0.0.1', 'localhost');
  const lines = [
    `JSMS is serving on ${shown} (database: ${handle.dialect} ${handle.location})`,
    existsSync(path.join(config.webDir, 'index.html'))
      ? `Web app: ${shown}/`
      : `Web app: not built (npm run build:web writes ${config.webDir}); only the API is served`,
    `API docs: ${shown}/api/docs`,
    metrics
      ? `Metrics: ${metrics.url}`
      : `Metrics: not served (port ${config.metricsPort} on ${config.metricsHost} is unavailable)`,
    ...(osmandAddress
      ? [`Traccar Client / OsmAnd: ${osmandAddress.replace('127.0.0.1', 'localhost')}/`]
      : []),
    ...(replies ? [`Reply e-mails: SMTP on ${config.host}:${replies.port}`] : []),
    ...(config.smtpUrl ? ['Notices by e-mail: on'] : []),
    ...(config.mqttUrl
      ? [`MQTT: OwnTracks from ${shownBroker(config.mqttUrl)} as ${config.mqttClientId}`]
      : []),
    ...(options.demo ? [`Demo sign-in credentials: ${demoCredentialsFile(config.dataDir)}`] : []),
    ...(options.demoClock
      ? [`Demo clock: started at ${options.demoClock}, now ${clock.now().toISOString()}`]
      : []),
    ...(config.demo && partiesWithPrivateKeys(keysDir).length > 1
      ? [
          `Warning: demo only: this server holds the signing keys of ${partiesWithPrivateKeys(keysDir).join(' and ')}, so it can sign audit checkpoints for every party; a real deployment holds its own party's key only`,
        ]
      : []),
    ...(signingParties.length === 0 && !options.demo
      ? [
          `Warning: no signing key in ${keysDir}: audit checkpoints cannot be signed (jsms keys init --party <yours>)`,
        ]
      : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
