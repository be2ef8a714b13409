import type { Command } from 'commander';
import { lazyAction } from './exit.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const keysActions = () => import('./keys.actions.js');
const auditActions = () => import('./audit.actions.js');
const cosignActions = () => import('./cosign.actions.js');

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
    .action(lazyAction(keysActions, 'initKey'));
  keys
    .command('trust')
    .description("Trust another party's public key: its checkpoint signatures are then required to verify")
    .requiredOption('--party <id>', 'the other party')
    .requiredOption(
      '--public <file>',
      'its public key: the <party>.pub PEM file or a file holding its verifier key',
    )
    .action(lazyAction(keysActions, 'trustKey'));

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
    .action(lazyAction(auditActions, 'verifyAudit'));
  audit
    .command('checkpoint')
    .description("Checkpoint every entry so far, signed with this server's own party key")
    .action(lazyAction(auditActions, 'checkpointAudit'));
  signingOptions(
    audit
      .command('sign')
      .description(
        "On your own machine: fetch the server's checkpoint, check it extends every one you kept (consistency proofs), cosign it with your key, upload the signature and keep the signed note",
      ),
  )
    .option('--tree-size <n>', 'sign this checkpoint rather than the latest')
    .action(lazyAction(cosignActions, 'signAudit'));
  signingOptions(
    audit
      .command('witness')
      .description('jsms audit sign on the latest checkpoint, again every few minutes, until stopped'),
  )
    .option('--every <minutes>', 'minutes between rounds', '10')
    .action(lazyAction(cosignActions, 'witnessAudit'));
}
