import type { Command } from 'commander';
import { lazyAction } from './exit.js';

const serveAction = () => import('./serve.actions.js');
const migrateAction = () => import('./migrate.actions.js');
const demoAction = () => import('./demo.actions.js');

/** `jsms serve`, `jsms migrate` and `jsms demo`. */
export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP server: migrates the database first, then serves the API and the UI')
    .option('--demo', 'seed the demo scenario into an empty database first (what `npm start` runs)')
    .option(
      '--demo-clock <instant>',
      'with --demo: run the clock from this ISO 8601 instant (e.g. 2026-12-08T04:00:00Z) instead of now',
    )
    .option('--port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option(
      '--metrics-port <port>',
      'port of the Prometheus /metrics listener (env JSMS_METRICS_PORT, default 9464)',
    )
    .option(
      '--metrics-host <host>',
      'address of the /metrics listener (env JSMS_METRICS_HOST, default 127.0.0.1)',
    )
    .option(
      '--mqtt <url>',
      'take OwnTracks reports from this MQTT broker, mqtt://[user:password@]host:port (env JSMS_MQTT_URL)',
    )
    .option(
      '--osmand-port <port>',
      'also take Traccar Client and OsmAnd reports at the root of this port, e.g. 5055 (env JSMS_OSMAND_PORT)',
    )
    .option(
      '--alert-parameters <json>',
      "override the alert rules' numbers, e.g. '{\"offCorridorMinutes\":5}' (env JSMS_ALERT_PARAMETERS)",
    )
    .option(
      '--smtp <url>',
      'send notices by e-mail through this SMTP server, smtp://[user:password@]host:port (env JSMS_SMTP_URL)',
    )
    .option(
      '--smtp-inbound-port <port>',
      'take replies to notices by e-mail over SMTP on this port (env JSMS_SMTP_INBOUND_PORT)',
    )
    .action(lazyAction(serveAction, 'serve'));

  program
    .command('migrate')
    .description('Apply the database migrations that have not run yet (serve also does this at start)')
    .action(lazyAction(migrateAction, 'migrateDatabase'));

  program
    .command('demo')
    .description('Seed the demo scenario into an empty database and write its credentials file')
    .action(lazyAction(demoAction, 'seedDemoData'));
}
