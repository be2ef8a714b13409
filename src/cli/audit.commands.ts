import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { hasPartyKey, initPartyKey } from '../audit/signing-keys.js';
import { keysDirOf } from '../platform/config.js';
import { action, configFrom, withServices } from './context.js';

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** `jsms keys` and `jsms audit`. */
export function registerAuditCommands(program: Command): void {
  const keys = program.command('keys').description("Parties' Ed25519 keys that sign audit checkpoints");
  keys
    .command('init')
    .description(
      "Create a party's signing key in the key directory (default <data dir>/keys; env JSMS_KEYS_DIR)",
    )
    .requiredOption('--party <id>', 'the party the key signs for')
    .action(
      action(async (options: { party: string }, command: Command) => {
        await withServices(command, async (services) => {
          await services.parties.get(cliActor(), options.party);
          const { keyId } = initPartyKey(keysDirOf(configFrom(command)), options.party);
          out(`Created signing key ${keyId} for party ${options.party} in ${keysDirOf(configFrom(command))}`);
        });
      }),
    );

  const audit = program.command('audit').description('The hash-chained audit log');
  audit
    .command('verify')
    .description(
      'Recompute the hash chain, the Merkle root of every checkpoint and every signature; exits 1 naming the first bad entry',
    )
    .action(
      action(async (_options: unknown, command: Command) => {
        await withServices(command, async (services) => {
          const report = await services.audit.verify();
          if (report.ok) {
            out(
              `audit log verified: ${report.entries} entries, ${report.checkpoints} checkpoints, ${report.signatures} signatures`,
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
    .description('Checkpoint every entry so far, signed with each party key held in the key directory')
    .action(
      action(async (_options: unknown, command: Command) => {
        await withServices(command, async (services, config) => {
          const keysDir = keysDirOf(config);
          const parties = (await services.parties.list(cliActor())).filter((p) => hasPartyKey(keysDir, p.id));
          const checkpoint = await services.audit.checkpoint(
            cliActor(),
            parties.map((p) => p.id),
          );
          const signers = checkpoint.signatures.map((s) => s.partyId).join(', ') || 'nobody yet';
          out(
            `checkpoint of ${checkpoint.treeSize} entries, root ${checkpoint.rootHash}, signed by ${signers}`,
          );
        });
      }),
    );
}
