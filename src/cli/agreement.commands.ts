import type { Command } from 'commander';
import { lazyAction } from './exit.js';

const actions = () => import('./agreement.actions.js');

/** `jsms agreement`. */
export function registerAgreementCommands(program: Command): void {
  const agreement = program
    .command('agreement')
    .description('The joint agreement: versions, signatures, diffs');
  agreement
    .command('list')
    .description('Every version with its status and signatures')
    .action(lazyAction(actions, 'listAgreements'));
  agreement
    .command('show')
    .description('Print a version as proposed (default: the one in force)')
    .argument('[version]')
    .action(lazyAction(actions, 'showAgreement'));
  agreement
    .command('diff')
    .description('What changed from version A to version B, one line per changed value')
    .argument('<a>')
    .argument('<b>')
    .action(lazyAction(actions, 'diffAgreements'));
  agreement
    .command('propose')
    .description('Propose a new version from a YAML or JSON file, as a named admin')
    .argument('<file>')
    .requiredOption('--user <username>', 'the admin proposing it')
    .action(lazyAction(actions, 'proposeAgreement'));
  agreement
    .command('sign')
    .description("Sign a proposed version for the admin's party; the last signature puts it in force")
    .argument('<version>')
    .requiredOption('--user <username>', 'the admin signing it')
    .action(lazyAction(actions, 'signAgreement'));
}
