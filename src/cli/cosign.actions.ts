import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { cosignCheckpoint, httpTransport, type CosignResult } from '../audit/cosigner.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { errorLine } from './exit.js';
import { out } from './output.js';

interface SignOptions {
  server: string;
  key: string;
  keep: string;
  tokenFile?: string;
  treeSize?: string;
}

/** The signing client's inputs: the API token (JSMS_TOKEN or --token-file) and the private key. */
function signingSetup(options: SignOptions) {
  const token = options.tokenFile ? readFileSync(options.tokenFile, 'utf8').trim() : process.env.JSMS_TOKEN;
  if (!token) throw validationFailed('token', 'Give an API token in JSMS_TOKEN or with --token-file');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(options.key));
  } catch (error) {
    throw validationFailed(
      'key',
      `Cannot read a private key from ${options.key}: ${(error as Error).message}`,
    );
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw validationFailed('key', `${options.key} is not an Ed25519 key`);
  return { transport: httpTransport(options.server, token), privateKey };
}

function describe(result: CosignResult): string {
  if (result.status === 'kept')
    return `checkpoint of ${result.treeSize} entries already signed and kept in ${result.file}`;
  const proven = result.consistentWith.length
    ? `consistent with ${result.consistentWith.join(' and ')}`
    : 'the first one kept';
  return `signed checkpoint of ${result.treeSize} entries (${proven}); kept ${result.file}`;
}

/** `jsms audit sign`. */
export async function signAudit(options: SignOptions) {
  const treeSize = options.treeSize === undefined ? undefined : Number(options.treeSize);
  if (treeSize !== undefined && (!Number.isSafeInteger(treeSize) || treeSize < 1))
    throw validationFailed('tree-size', '--tree-size is a positive whole number');
  const result = await cosignCheckpoint({
    ...signingSetup(options),
    keepDir: options.keep,
    treeSize,
    now: () => new Date(),
  });
  out(describe(result));
}

/** `jsms audit witness`. */
export async function witnessAudit(options: SignOptions & { every: string }) {
  const minutes = Number(options.every);
  if (!(minutes > 0)) throw validationFailed('every', '--every is a positive number of minutes');
  const setup = signingSetup(options);
  for (;;) {
    try {
      const result = await cosignCheckpoint({ ...setup, keepDir: options.keep, now: () => new Date() });
      if (result.status === 'signed') out(`${new Date().toISOString()} ${describe(result)}`);
    } catch (error) {
      // A log that no longer extends what was signed is the alarm itself: stop and say so.
      if (error instanceof AppError && error.code === 'checkpoint_inconsistent') throw error;
      process.stderr.write(`${errorLine(error)} (retrying in ${minutes} min)\n`);
    }
    await sleep(minutes * 60_000);
  }
}
