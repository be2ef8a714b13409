import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../src/access/totp.js';
import { jsmsEnv, projectRoot, runJsms, startJsms } from './helpers/cli.js';
import { useTestDatabase } from './helpers/use-test-app.js';

const commands = [
  [
    'serve',
    [
      '--demo',
      '--demo-clock',
      '--port',
      '--host',
      '--metrics-port',
      '--metrics-host',
      '--mqtt',
      '--osmand-port',
    ],
  ],
  ['migrate', []],
  ['demo', []],
  ['party add', ['--id', '--name', '--kind']],
  ['user add', ['--party', '--username', '--role']],
  ['user disable', ['<username>']],
  ['user reset-password', ['--reset-totp']],
  ['token add', ['--user', '--expires-days']],
  ['device add', ['--party', '--person', '--unit', '--name']],
  ['device revoke', ['<device-id>']],
  ['keys init', ['--party']],
  ['keys trust', ['--party', '--public']],
  ['audit verify', ['--witness']],
  ['audit checkpoint', []],
  ['audit sign', ['--server', '--key', '--keep', '--token-file', '--tree-size']],
  ['audit witness', ['--server', '--key', '--keep', '--token-file', '--every']],
  ['movement list', ['--state', '--party', '--user', '--json']],
  ['movement show', ['<id>', '--party', '--user', '--json']],
] as const;

describe('jsms --help', () => {
  it('lists every command, the global flags and the exit statuses', () => {
    const { status, stdout } = runJsms(['--help']);
    expect(status).toBe(0);
    for (const top of [
      'serve',
      'migrate',
      'demo',
      'party',
      'user',
      'token',
      'device',
      'keys',
      'audit',
      'movement',
    ]) {
      expect(stdout).toMatch(new RegExp(`^\\s+${top}\\b`, 'm'));
    }
    expect(stdout).toContain('--data-dir');
    expect(stdout).toContain('--database-url');
    expect(stdout).toContain('Exit status');
  });

  it('jsms --version prints the version in package.json', () => {
    const { version } = JSON.parse(readFileSync(`${projectRoot}/package.json`, 'utf8')) as {
      version: string;
    };
    expect(runJsms(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each(commands)('jsms %s --help describes its options', (command, options) => {
    const { status, stdout } = runJsms([...command.split(' '), '--help']);
    expect(status).toBe(0);
    for (const option of options) expect(stdout).toContain(option);
  });
});

// Database-backed commands run against the test's own database: SQLite file or PostgreSQL schema.
describe('jsms commands on a database', () => {
  const database = useTestDatabase({ migrate: false });
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    env = jsmsEnv(database);
  });

  // Some twenty-five `jsms` processes in turn, each loading the services: about a second apiece,
  // several on a loaded machine.
  it('runs the whole admin flow and prints one line per error with its exit status', async () => {
    expect(runJsms(['migrate'], env)).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/up to date \(applied 1(, \d+)+\)/),
    });
    expect(runJsms(['migrate'], env).stdout).not.toContain('applied');
    expect(runJsms(['party', 'add', '--id', 'ssd', '--name', 'SSD', '--kind', 'host'], env).status).toBe(0);
    const second = runJsms(['party', 'add', '--id', 'other', '--name', 'Other', '--kind', 'host'], env);
    expect(second.status).toBe(5);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(/^jsms: conflict: .*exactly one host/);

    const badRole = runJsms(['user', 'add', '--party', 'ssd', '--username', 'x1', '--role', 'general'], env);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/^jsms: validation_failed: Unknown role general.*\(field role\)\n$/);

    const added = runJsms(['user', 'add', '--party', 'ssd', '--username', 'amina', '--role', 'admin'], env);
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/password: \S{20}\n/);
    expect(added.stdout).toMatch(/totp secret: [A-Z2-7]{32}\n/);

    expect(runJsms(['user', 'disable', 'nobody'], env)).toMatchObject({
      status: 4,
      stderr: expect.stringMatching(/^jsms: user_not_found/),
    });
    expect(runJsms(['user', 'reset-password', 'amina'], env).stdout).toMatch(
      /New password for amina: \S{20}/,
    );
    const token = runJsms(['token', 'add', '--user', 'amina', '--name', 'backup'], env);
    expect(token.stdout).toMatch(/^jsa_[A-Za-z0-9_-]{43}\n$/);
    // A new password revokes the tokens issued under the old one.
    expect(runJsms(['user', 'reset-password', 'amina'], env).stdout).toMatch(/\nRevoked 1 API token\n$/);
    const csv = `${database.dataDir}/persons.csv`;
    writeFileSync(csv, 'name,nationality\nWang Wei,CN\n');
    expect(runJsms(['import', 'persons', csv, '--party', 'ssd'], env).stdout).toBe(
      'imported 1 of 1 rows; 0 rejected\n',
    );
    const person = await database.db.selectFrom('persons').select('id').executeTakeFirstOrThrow();
    expect(
      runJsms(['device', 'add', '--party', 'ssd', '--unit', 'u-1', '--name', 'tracker'], env),
    ).toMatchObject({
      status: 2,
      stderr: 'jsms: validation_failed: No active unit u-1 in party ssd (field subjectId)\n',
    });
    const device = runJsms(
      ['device', 'add', '--party', 'ssd', '--person', person.id, '--name', 'phone'],
      env,
    );
    expect(device.status).toBe(0);
    const deviceId = /Registered device (\S+)/.exec(device.stdout)![1]!;
    expect(runJsms(['device', 'revoke', deviceId], env).stdout).toContain(`Revoked device ${deviceId}`);
    expect(runJsms(['device', 'add', '--party', 'ssd', '--name', 'x'], env).status).toBe(2);

    expect(runJsms(['keys', 'init', '--party', 'ssd'], env).stdout).toMatch(
      /Created signing key [0-9a-f]{16} for party ssd/,
    );
    expect(runJsms(['keys', 'init', '--party', 'ssd'], env).status).toBe(5);
    expect(runJsms(['audit', 'checkpoint'], env).stdout).toMatch(
      /checkpoint of \d+ entries, root [0-9a-f]{64}, signed by ssd/,
    );
    expect(runJsms(['user', 'disable', 'amina'], env).stdout).toContain('Disabled amina');
    expect(runJsms(['audit', 'verify'], env)).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^audit log verified: \d+ entries, 1 checkpoints, 1 signatures\n$/),
    });
  }, 180_000);
});

describe('jsms serve --demo (what npm start runs)', () => {
  const database = useTestDatabase({ migrate: false });

  it('seeds the demo once, writes private credentials, and serves the API with them', async () => {
    const env = jsmsEnv(database);
    const server = startJsms(['serve', '--demo', '--port', '0', '--metrics-port', '0'], env);
    try {
      const url = await server.url;
      expect(server.output()).toContain('demo-credentials.txt');
      // Metrics answer on their own loopback listener, not beside the API.
      const metricsUrl = /Metrics: (http:\/\/\S+)/.exec(server.output())?.[1];
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect(await (await fetch(metricsUrl!)).text()).toContain('process_cpu_seconds_total');
      // (`/metrics` on the API's port is a 404, or the web app's page when it is built.)
      expect(await (await fetch(`${url}/metrics`)).text()).not.toContain('process_cpu_seconds_total');
      // The demo holds both parties' signing keys, and says so.
      expect(server.output()).toContain(
        'Warning: demo only: this server holds the signing keys of cso and ssd',
      );
      const file = `${database.dataDir}/demo-credentials.txt`;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const rows = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#'))
        .map((line) => line.split('\t'));
      expect(rows).toHaveLength(11);
      expect(new Set(rows.map((r) => r[3])).size).toBe(11);

      const analyst = rows.find((r) => r[0] === 'cso-analyst')!;
      const login = await fetch(`${url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: analyst[0], password: analyst[3] }),
      });
      expect(login.status).toBe(201);
      const analystCookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const own = (await (
        await fetch(`${url}/api/v1/persons?limit=500`, { headers: { cookie: analystCookie } })
      ).json()) as {
        items: { passportNumber?: string; withheld: string[] }[];
      };
      expect(own.items).toHaveLength(40);
      expect(own.items.every((p) => /^[A-Z]{1,2}\d{7,8}$/.test(p.passportNumber ?? ''))).toBe(true);
      const units = (await (
        await fetch(`${url}/api/v1/units`, { headers: { cookie: analystCookie } })
      ).json()) as {
        items: { kind: string; weapons?: string }[];
      };
      expect(units.items).toHaveLength(10);
      expect(new Set(units.items.map((u) => u.kind))).toEqual(
        new Set(['armed_escort', 'static_guard', 'close_protection', 'liaison']),
      );
      // The host's units' weapons are not shared with the partner.
      expect(units.items.filter((u) => u.weapons !== undefined && u.weapons !== null)).toHaveLength(0);

      const admin = rows.find((r) => r[0] === 'ssd-admin')!;
      const adminLogin = await fetch(`${url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: admin[0], password: admin[3], totp: totpAt(admin[4]!, new Date()) }),
      });
      expect(adminLogin.status).toBe(201);
      const cookie = adminLogin.headers.get('set-cookie')!.split(';')[0]!;
      const parties = await fetch(`${url}/api/v1/parties`, { headers: { cookie } });
      expect((await parties.json()) as unknown).toMatchObject({
        items: [
          { id: 'ssd', kind: 'host', isDemo: true },
          { id: 'cso', kind: 'partner', isDemo: true },
        ],
      });
    } finally {
      server.child.kill('SIGTERM');
    }
    const verify = runJsms(['audit', 'verify'], env);
    expect(verify.stdout).toMatch(/audit log verified: \d+ entries, 1 checkpoints, 2 signatures/);
  }, 120_000);

  it('refuses a demo clock without --demo, or one that is not an instant', () => {
    const env = jsmsEnv(database);
    expect(runJsms(['serve', '--demo-clock', '2030-01-01T04:00:00Z'], env)).toMatchObject({
      status: 2,
      stderr: 'jsms: validation_failed: --demo-clock goes with --demo only (field --demo-clock)\n',
    });
    expect(runJsms(['serve', '--demo', '--demo-clock', 'tomorrow'], env)).toMatchObject({
      status: 2,
      stderr:
        'jsms: validation_failed: --demo-clock takes an ISO 8601 instant, not "tomorrow" (field --demo-clock)\n',
    });
  });

  it('refuses an MQTT broker address that is not mqtt:// or mqtts://, without echoing it', () => {
    expect(runJsms(['serve', '--mqtt', 'http://user:secret@broker:1883'], jsmsEnv(database))).toMatchObject({
      status: 2,
      stderr: 'jsms: validation_failed: --mqtt takes an mqtt:// or mqtts:// URL (field --mqtt)\n',
    });
  });

  it('refuses a Traccar port that is not a port, naming the flag', () => {
    expect(runJsms(['serve', '--osmand-port', '70000'], jsmsEnv(database))).toMatchObject({
      status: 2,
      stderr:
        'jsms: validation_failed: --osmand-port takes a port from 1 to 65535, not "70000" (field --osmand-port)\n',
    });
  });
});
