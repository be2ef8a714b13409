import path from 'node:path';
import { z } from 'zod';
import { fieldIssues } from './errors.js';

const integer = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every setting the server reads, with its environment variable. README's table mirrors this. */
export const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  metricsPort: z.coerce.number().int().min(0).max(65535).default(9464),
  metricsHost: z.string().min(1).default('127.0.0.1'),
  metricsToken: z.string().min(16).optional(),
  dataDir: z.string().min(1).default('./data'),
  databaseUrl: z.string().url().optional(),
  keysDir: z.string().optional(),
  /** The demo holds every party's signing key, and says so at start; no real deployment may. */
  demo: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  encryptionKey: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  sessionIdleMinutes: integer(30),
  sessionMaxHours: integer(12),
  allowedOrigins: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  trustProxy: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  checkpointMinutes: integer(60),
  riskHalfLifeDays: integer(90),
  riskRings: z.coerce.number().int().min(0).max(5).default(2),
  riskLookbackDays: integer(730),
  riskThresholds: z
    .string()
    .default('1,5,20,60,200')
    .transform((s) => s.split(',').map(Number))
    .refine(
      (t) => t.length === 5 && t.every((n, i) => Number.isFinite(n) && n > 0 && (i === 0 || n > t[i - 1]!)),
      {
        message: 'five increasing positive scores: the lowest of levels 2 to 6',
      },
    ),
  headersTimeoutMs: integer(10_000),
  requestTimeoutMs: integer(30_000),
  /** The built web app (`npm run build:web`); when the folder has no index.html, only the API is served. */
  webDir: z.string().min(1).optional(),
  /**
   * An online raster tile source for the map, `https://…/{z}/{x}/{y}.png`, for deployments with
   * internet; without it the map draws only the offline base map shipped with the app.
   */
  mapTiles: z
    .string()
    .url()
    .refine((u) => u.startsWith('https://') && ['{z}', '{x}', '{y}'].every((p) => u.includes(p)), {
      message: 'an https:// URL template with {z}, {x} and {y}',
    })
    .optional(),
  mapAttribution: z.string().max(200).optional(),
  /** A port of its own for Traccar Client and OsmAnd (5055 by convention); none without it. */
  osmandPort: z.coerce.number().int().min(1).max(65535).optional(),
  /** An MQTT broker to take OwnTracks reports from, `mqtt://[user:password@]host:port`; none without it. */
  mqttUrl: z
    .string()
    .url()
    .refine((u) => /^mqtts?:\/\//.test(u), { message: 'an mqtt:// or mqtts:// URL' })
    .optional(),
  /** This server's client id at the broker, fixed so its session survives restarts; one per instance. */
  mqttClientId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { message: 'letters, digits, dot, dash or underscore, at most 64' })
    .default('jsms'),
  /** Overrides of the alert rules' numbers, JSON (src/alerts/alert.parameters.ts lists them). */
  alertParameters: z.string().default(''),
  /** An SMTP server for notices by e-mail, `smtp://[user:password@]host:port` or `smtps://`; none without it. */
  smtpUrl: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), { message: 'an smtp:// or smtps:// URL' })
    .optional(),
  /** The sender of notices by e-mail. */
  smtpFrom: z.string().min(3).max(254).default('JSMS <jsms@localhost>'),
  /** The base address replies go to (`reply@host` becomes `reply+TOKEN@host`); no replies without it. */
  smtpReplyTo: z.string().email().optional(),
  /** A port of its own where reply e-mails are taken over SMTP; none without it. */
  smtpInboundPort: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Config = z.output<typeof configSchema>;

const envNames: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  metricsPort: 'JSMS_METRICS_PORT',
  metricsHost: 'JSMS_METRICS_HOST',
  metricsToken: 'JSMS_METRICS_TOKEN',
  dataDir: 'JSMS_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  keysDir: 'JSMS_KEYS_DIR',
  demo: 'JSMS_DEMO',
  encryptionKey: 'JSMS_ENCRYPTION_KEY',
  logLevel: 'LOG_LEVEL',
  sessionIdleMinutes: 'JSMS_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'JSMS_SESSION_MAX_HOURS',
  allowedOrigins: 'JSMS_ALLOWED_ORIGINS',
  trustProxy: 'JSMS_TRUST_PROXY',
  checkpointMinutes: 'JSMS_CHECKPOINT_MINUTES',
  riskHalfLifeDays: 'JSMS_RISK_HALF_LIFE_DAYS',
  riskRings: 'JSMS_RISK_RINGS',
  riskLookbackDays: 'JSMS_RISK_LOOKBACK_DAYS',
  riskThresholds: 'JSMS_RISK_THRESHOLDS',
  headersTimeoutMs: 'JSMS_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'JSMS_REQUEST_TIMEOUT_MS',
  webDir: 'JSMS_WEB_DIR',
  mapTiles: 'JSMS_MAP_TILES',
  mapAttribution: 'JSMS_MAP_ATTRIBUTION',
  mqttUrl: 'JSMS_MQTT_URL',
  osmandPort: 'JSMS_OSMAND_PORT',
  mqttClientId: 'JSMS_MQTT_CLIENT_ID',
  alertParameters: 'JSMS_ALERT_PARAMETERS',
  smtpUrl: 'JSMS_SMTP_URL',
  smtpFrom: 'JSMS_SMTP_FROM',
  smtpReplyTo: 'JSMS_SMTP_REPLY_TO',
  smtpInboundPort: 'JSMS_SMTP_INBOUND_PORT',
};

/** Reads the configuration from the environment; explicit overrides (CLI flags, tests) win. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = fieldIssues(parsed.error.issues)[0]!;
    const key = issue.field.split('.')[0] as keyof Config;
    throw new Error(`Invalid ${envNames[key] ?? key}: ${issue.message}`);
  }
  return { ...parsed.data, ...overrides };
}

/** Where the parties' signing keys live: outside the database, in the data directory by default. */
export function keysDirOf(config: Pick<Config, 'dataDir' | 'keysDir'>): string {
  return config.keysDir ?? path.join(config.dataDir, 'keys');
}
