import type { Command } from 'commander';
import { lazyAction } from './exit.js';

const extractAction = () => import('./extract.actions.js');
const reportAction = () => import('./report.actions.js');

/** `jsms report` and `jsms extract`. */
export function registerIncidentCommands(program: Command): void {
  program
    .command('extract')
    .description(
      'Draft incidents and period figures from the plain text of a news article, for an analyst to confirm',
    )
    .argument('<file>', 'the article as plain text (UTF-8)')
    .requiredOption(
      '--published <date>',
      'its publication date, YYYY-MM-DD ("last month" is read against it)',
    )
    .option('--publisher <name>', "the outlet, named as the drafts' source", 'news article')
    .action(lazyAction(extractAction, 'extract'));

  program
    .command('report')
    .description('The period report: incidents, killed and wounded by category and province, shares, change')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--compare <what>', 'previous (the period of equal length before) or none', 'previous')
    .option('--estimate <which>', 'the toll the headline counts: low, best or high', 'best')
    .option('--format <format>', 'text, json, csv or html', 'text')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--province <name>', 'only incidents in this province (any spelling: KPK)')
    .option('--district <name>', 'only incidents in this district')
    .option('--type <type>', 'only incidents of this type, e.g. suicide_attack')
    .option('--perpetrator <group>', 'only incidents with this group on either side')
    .option('--target <target>', 'only incidents against this target, e.g. foreign_nationals')
    .option('--status <status>', 'only incidents with this status, e.g. confirmed')
    .action(lazyAction(reportAction, 'report'));
}
