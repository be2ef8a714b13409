import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keyPaths } from '../src/audit/signing-keys.js';
import { keysDirOf } from '../src/platform/config.js';
import { system } from './helpers/app.js';
import { useTestApp, useTestDatabase } from './helpers/use-test-app.js';
import { rechain } from './helpers/audit.js';
import { jsmsArgs, jsmsEnv, projectRoot, runJsms, runJsmsAsync } from './helpers/cli.js';

// The other party's admin, on its own machine, runs the real `jsms audit sign` against the
// host's listening server; then the log is checked against what that party kept.
describe('jsms audit sign and jsms audit verify --witness', () => {
  const t = useTestApp({
    setup: async () => {
      // The signing client dates its cosignature by its own, real clock: the server's must agree.
      t.clock.advance(Date.now() - t.clock.now().getTime());
      url = await t.app.listen({ port: 0, host: '127.0.0.1' });
      tokenFile = path.join(path.dirname(t.partyKeyFile('cso')), 'token');
      writeFileSync(tokenFile, `${t.users['cso:admin']!.token}\n`, { mode: 0o600 });
    },
  });
  let url: string;
  let tokenFile: string;
  const keep = () => t.witnessDir('cso');

  /** The partner's signing client, `jsms audit sign` or `witness`, with its key, token and directory. */
  const client = (command: 'sign' | 'witness', dir: string, extra: string[] = []) => [
    'audit',
    command,
    '--server',
    url,
    '--key',
    t.partyKeyFile('cso'),
    '--keep',
    dir,
    '--token-file',
    tokenFile,
    ...extra,
  ];
  const sign = () => runJsmsAsync(client('sign', keep()));
  const verify = () =>
    runJsmsAsync([
      'audit',
      'verify',
      '--data-dir',
      t.database.dataDir,
      ...(t.database.databaseUrl ? ['--database-url', t.database.databaseUrl] : []),
      '--witness',
      keep(),
    ]);

  it('signs, keeps, verifies; refuses a rewritten log; and verify names the rewrite', async () => {
    const first = await t.services.audit.checkpoint(system);
    const signed = await sign();
    expect(signed).toMatchObject({ status: 0, stderr: '' });
    expect(signed.stdout).toBe(
      `signed checkpoint of ${first.treeSize} entries (the first one kept); kept ${keep()}/${first.treeSize}.checkpoint\n`,
    );
    expect(readdirSync(keep())).toEqual([`${first.treeSize}.checkpoint`]);
    const kept = readFileSync(path.join(keep(), `${first.treeSize}.checkpoint`), 'utf8');
    expect(kept.startsWith(first.body + '\n')).toBe(true);
    expect(kept).toMatch(/^— jsms\/cso [A-Za-z0-9+/=]+$/m);

    await t.services.tokens.createApiToken(system, { userId: t.users['cso:analyst']!.id, name: 'x' });
    const second = await t.services.audit.checkpoint(system);
    expect((await sign()).stdout).toBe(
      `signed checkpoint of ${second.treeSize} entries (consistent with ${first.treeSize}); kept ${keep()}/${second.treeSize}.checkpoint\n`,
    );
    expect(await verify()).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(
        /^audit log verified: \d+ entries, 2 checkpoints, 4 signatures, 2 witnessed checkpoints\n$/,
      ),
    });

    // The host operator rewrites the log, drops the checkpoints and re-signs with the host key.
    await t.db.deleteFrom('audit_signatures').execute();
    await t.db.deleteFrom('audit_checkpoints').execute();
    await t.db.updateTable('audit_entries').set({ entity_id: 'someone-else' }).where('seq', '=', 5).execute();
    await rechain(t);
    await t.services.audit.checkpoint(system);

    const refused = await sign();
    expect(refused.status).toBe(5);
    expect(refused.stderr).toMatch(
      /^jsms: checkpoint_inconsistent: The checkpoint of \d+ entries does not extend the checkpoint of \d+ entries .*: the log was rewritten; not signing\n$/,
    );
    const caught = await verify();
    expect(caught.status).toBe(1);
    expect(caught.stdout).toBe('');
    expect(caught.stderr).toContain(
      `jsms: audit_broken: checkpoint of ${first.treeSize} entries witnessed in ${keep()}/${first.treeSize}.checkpoint: the log's root is`,
    );
  }, 120_000);

  it('witness signs round after round, and stops at a log that no longer extends what it kept', async () => {
    const fresh = path.join(path.dirname(keep()), 'witness-rounds');
    const child = spawn(process.execPath, jsmsArgs(client('witness', fresh, ['--every', '0.01'])), {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const signedLines = () => output.split('\n').filter((l) => l.includes('signed checkpoint of'));
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await vi.waitFor(() => expect(signedLines()).toHaveLength(1), { timeout: 90_000, interval: 200 });
      await t.services.tokens.createApiToken(system, { userId: t.users['cso:analyst']!.id, name: 'y' });
      await t.services.audit.checkpoint(system);
      await vi.waitFor(() => expect(signedLines()).toHaveLength(2), { timeout: 60_000, interval: 200 });
      expect(signedLines()[1]).toMatch(/consistent with \d+/);
    } finally {
      child.kill('SIGTERM');
    }
    // The first test's directory kept the checkpoints from before the rewrite.
    const stopped = await runJsmsAsync(client('witness', keep(), ['--every', '0.01']));
    expect(stopped.status).toBe(5);
    expect(stopped.stderr).toMatch(/^jsms: checkpoint_inconsistent: /);
  }, 120_000);
});

describe('one server, one party key', () => {
  const database = useTestDatabase({ migrate: false });

  it('keys init prints the verifier key; keys trust stores the other party’s; both private keys refuse to serve', () => {
    const env = jsmsEnv(database);
    const partner = { JSMS_DATA_DIR: path.join(database.dataDir, 'partner-machine') };
    const created = runJsms(['keys', 'init', '--party', 'ssd'], env);
    expect(created.stdout).toMatch(
      /^Created signing key [0-9a-f]{16} for party ssd in .*\nVerifier key \(give it to the other party\): jsms\/ssd\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/,
    );
    const other = runJsms(['keys', 'init', '--party', 'cso'], partner);
    const vkey = /Verifier key .*: (\S+)/.exec(other.stdout)![1]!;
    const vkeyFile = path.join(database.dataDir, 'cso.vkey');
    writeFileSync(vkeyFile, vkey + '\n');
    expect(runJsms(['keys', 'trust', '--party', 'cso', '--public', vkeyFile], env).stdout).toBe(
      `Trusted key ${/signing key (\S+)/.exec(other.stdout)![1]} of party cso: ${vkey}\n`,
    );
    const pub = keyPaths(keysDirOf({ dataDir: partner.JSMS_DATA_DIR }), 'cso').publicKey;
    expect(runJsms(['keys', 'trust', '--party', 'cso', '--public', pub], env).status).toBe(0);
    const ssdPub = keyPaths(keysDirOf({ dataDir: database.dataDir }), 'ssd').publicKey;
    expect(runJsms(['keys', 'trust', '--party', 'cso', '--public', ssdPub], env)).toMatchObject({
      status: 5,
      stderr: expect.stringMatching(/^jsms: conflict: Another public key for party cso/),
    });
    expect(runJsms(['keys', 'trust', '--party', 'ssd', '--public', vkeyFile], env)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(
        /^jsms: validation_failed: The verifier key is named jsms\/cso, not jsms\/ssd \(field public\)/,
      ),
    });

    // The partner's private key copied onto the host's server: it will not start.
    copyFileSync(
      keyPaths(keysDirOf({ dataDir: partner.JSMS_DATA_DIR }), 'cso').privateKey,
      keyPaths(keysDirOf({ dataDir: database.dataDir }), 'cso').privateKey,
    );
    const serve = runJsms(['serve', '--port', '0'], env);
    expect(serve.status).toBe(1);
    expect(serve.stdout).toBe('');
    expect(serve.stderr).toMatch(
      /^jsms: signing_keys_misplaced: The key directory .* holds the private keys of cso and ssd: a server holds its own party's key only\./,
    );
  }, 120_000);
});
