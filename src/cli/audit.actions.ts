import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { readWitnessDirs } from '../audit/witness-store.js';
import { withServices } from './context.js';
import { out } from './output.js';

/** `jsms audit verify`. */
export async function verifyAudit(options: { witness: string[] }, command: Command) {
  const witnessed = readWitnessDirs(options.witness);
  await withServices(command, async (services) => {
    const report = await services.audit.verify({ witnessed });
    if (report.ok) {
      const kept = options.witness.length ? `, ${report.witnessed} witnessed checkpoints` : '';
      const traced = report.records ? `, ${report.records} records traced to their entries` : '';
      out(
        `audit log verified: ${report.entries} entries, ${report.checkpoints} checkpoints, ${report.signatures} signatures${kept}${traced}`,
      );
      return;
    }
    for (const problem of report.problems) process.stderr.write(`jsms: audit_broken: ${problem.message}\n`);
    process.exitCode = 1;
  });
}

/** `jsms audit checkpoint`. */
export async function checkpointAudit(_options: unknown, command: Command) {
  await withServices(command, async (services) => {
    const checkpoint = await services.audit.checkpoint(cliActor());
    const signers = checkpoint.signatures.map((s) => s.partyId).join(', ') || 'nobody yet';
    out(`checkpoint of ${checkpoint.treeSize} entries, root ${checkpoint.rootHash}, signed by ${signers}`);
  });
}
