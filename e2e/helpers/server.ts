import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stepAt, totpAt } from '../../src/access/totp.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface DemoUser {
  username: string;
  partyId: string;
  role: string;
  password: string;
  totpSecret: string | undefined;
}

export interface DemoServer {
  url: string;
  dataDir: string;
  users: Record<string, DemoUser>;
  /**
   * The code a user's authenticator shows. The server takes each code once (no replay), so a user
   * who already signed in during this 30-second step waits for the next code, as on a phone.
   */
  totp(username: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts `jsms serve --demo` as a user would, on a free port with its own data directory, and
 * reads the demo credentials it writes. With `clock`, the server's clock runs from that instant
 * (`--demo-clock`), and so do the codes its users' authenticators show.
 */
export async function startDemoServer(env: Record<string, string> = {}, clock?: Date): Promise<DemoServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jsms-e2e-'));
  const offset = clock ? clock.getTime() - Date.now() : 0;
  const serverNow = () => new Date(Date.now() + offset);
  const args = ['serve', '--demo', ...(clock ? ['--demo-clock', clock.toISOString()] : [])];
  const child = spawn(process.execPath, [path.join(root, 'bin', 'jsms.js'), ...args], {
    cwd: root,
    env: {
      ...process.env,
      JSMS_DATA_DIR: dataDir,
      PORT: '0',
      JSMS_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await listeningUrl(child);
  const users: Record<string, DemoUser> = {};
  const usedSteps = new Map<string, number>();
  for (const line of readFileSync(path.join(dataDir, 'demo-credentials.txt'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [username, partyId, role, password, totpSecret] = line.split('\t') as [
      string,
      string,
      string,
      string,
      string,
    ];
    users[username] = { username, partyId, role, password, totpSecret: totpSecret || undefined };
  }
  return {
    url,
    dataDir,
    users,
    async totp(username) {
      const secret = users[username]?.totpSecret;
      if (!secret) throw new Error(`${username} has no TOTP secret`);
      let step = stepAt(serverNow());
      if (step <= (usedSteps.get(username) ?? -1)) {
        await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - serverNow().getTime() + 50));
        step = stepAt(serverNow());
      }
      usedSteps.set(username, step);
      return totpAt(secret, serverNow());
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /JSMS is serving on (http:\/\/\S+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`jsms serve exited with ${code}:\n${output}`)));
  });
}
