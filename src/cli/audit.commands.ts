import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { cosignCheckpoint, httpTransport, type CosignResult } from '../audit/cosigner.js';
import { initPartyKey, trustPartyKey } from '../audit/signing-keys.js';
import { readWitnessDirs } from '../audit/witness-store.js';
import { keysDirOf } from '../platform/config.js';
import { AppError, validationFailed } from '../platform/errors.js';
import { action, configFrom, errorLine, withServices } from './context.js';

function out(line: string): void {
  process.stdout.write(line + '\n');
}

const collect = (value: string, previous: string[]) => [...previous, value];
const partyId = /^[a-z0-9][a-z0-9-]{0,31}$/;

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

function signingOptions(command: Command): Command {
  return command
    .requiredOption('--server <url>', 'the JSMS server, e.g. https://jsms.example.org')
    .requiredOption('--key <file>', "your party's private key (<party>.key from jsms keys init)")
    .requiredOption('--keep <dir>', 'your directory of kept checkpoints, on your own machine')
    .option('--token-file <file>', "a file holding an admin's API token (default: env JSMS_TOKEN)");
}

/** `jsms keys` and `jsms audit`. */
export function registerAuditCommands(program: Command): void {
  const keys = program.command('keys').description("Parties' Ed25519 keys that sign audit checkpoints");
  keys
    .command('init')
    .description(
      "Create your party's signing key in the key directory (default <data dir>/keys; env JSMS_KEYS_DIR) and print its verifier key",
    )
    .requiredOption('--party <id>', 'the party the key signs for')
    .action(
      action(async (options: { party: string }, command: Command) => {
        if (!partyId.test(options.party))
          throw validationFailed('party', 'A party id is lower-case letters, digits and dashes');
        const keysDir = keysDirOf(configFrom(command));
        const created = initPartyKey(keysDir, options.party);
        out(`Created signing key ${created.keyId} for party ${options.party} in ${keysDir}`);
        out(`Verifier key (give it to the other party): ${created.verifierKey}`);
      }),
    );
  keys
    .command('trust')
    .description("Trust another party's public key: its checkpoint signatures are then required to verify")
    .requiredOption('--party <id>', 'the other party')
    .requiredOption(
      '--public <file>',
      'its public key: the <party>.pub PEM file or a file holding its verifier key',
    )
    .action(
      action(async (options: { party: string; public: string }, command: Command) => {
        if (!partyId.test(options.party))
          throw validationFailed('party', 'A party id is lower-case letters, digits and dashes');
        const keysDir = keysDirOf(configFrom(command));
        const trusted = trustPartyKey(keysDir, options.party, readFileSync(options.public, 'utf8'));
        out(`Trusted key ${trusted.keyId} of party ${options.party}: ${trusted.verifierKey}`);
      }),
    );

  const audit = program.command('audit').description('The hash-chained audit log');
  audit
    .command('verify')
    .description(
      "Recompute the hash chain, every checkpoint's root and signatures and the log's record of them, and check it against each party's kept checkpoints; exits 1 naming every problem",
    )
    .option(
      '--witness <dir>',
      'a directory of checkpoints a party kept (jsms audit sign --keep), repeatable',
      collect,
      [] as string[],
    )
    .action(
      action(async (options: { witness: string[] }, command: Command) => {
        const witnessed = readWitnessDirs(options.witness);
        await withServices(command, async (services) => {
          const report = await services.audit.verify({ witnessed });
          if (report.ok) {
            const kept = options.witness.length ? `, ${report.witnessed} witnessed checkpoints` : '';
            out(
              `audit log verified: ${report.entries} entries, ${report.checkpoints} checkpoints, ${report.signatures} signatures${kept}`,
            );
            return;
          }
          for (const problem of report.problems)
            process.stderr.write(`jsms: audit_broken: ${problem.message}\n`);
          process.exitCode = 1;
        });
      }),
    );
  audit
    .command('checkpoint')
    .description("Checkpoint every entry so far, signed with this server's own party key")
    .action(
      action(async (_options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          const checkpoint = await services.audit.checkpoint(cliActor());
          const signers = checkpoint.signatures.map((s) => s.partyId).join(', ') || 'nobody yet';
          out(
            `checkpoint of ${checkpoint.treeSize} entries, root ${checkpoint.rootHash}, signed by ${signers}`,
          );
        });
      }),
    );
  signingOptions(
    audit
      .command('sign')
      .description(
        "On your own machine: fetch the server's checkpoint, check it extends every one you kept (consistency proofs), cosign it with your key, upload the signature and keep the signed note",
      ),
  )
    .option('--tree-size <n>', 'sign this checkpoint rather than the latest')
    .action(
      action(async (options: SignOptions) => {
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
      }),
    );
  signingOptions(
    audit
      .command('witness')
      .description('jsms audit sign on the latest checkpoint, again every few minutes, until stopped'),
  )
    .option('--every <minutes>', 'minutes between rounds', '10')
    .action(
      action(async (options: SignOptions & { every: string }) => {
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
      }),
    );
}
