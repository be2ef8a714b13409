import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { extractFromArticle } from '../incidents/news/extract.js';
import { renderCsv, renderHtml, renderText } from '../incidents/report.render.js';
import { validationFailed } from '../platform/errors.js';
import { action, withServices } from './context.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

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
    .action(
      action(async (file: string, options: { published: string }) => {
        if (!isoDate.test(options.published) || Number.isNaN(Date.parse(options.published))) {
          throw validationFailed('published', '--published is a date, YYYY-MM-DD');
        }
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw validationFailed(
            'FILE',
            `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
        }
        process.stdout.write(JSON.stringify(extractFromArticle(text, options.published), null, 2) + '\n');
      }),
    );

  program
    .command('report')
    .description('The period report: incidents, killed and wounded by category and province, shares, change')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--compare <what>', 'previous (the period of equal length before) or none', 'previous')
    .option('--estimate <which>', 'best or high', 'best')
    .option('--format <format>', 'text, json, csv or html', 'text')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      action(
        async (
          options: {
            from: string;
            to: string;
            compare: string;
            estimate: string;
            format: string;
            out?: string;
          },
          command: Command,
        ) => {
          for (const key of ['from', 'to'] as const) {
            if (!isoDate.test(options[key]) || Number.isNaN(Date.parse(options[key]))) {
              throw validationFailed(key, `--${key} is a date, YYYY-MM-DD`);
            }
          }
          if (options.compare !== 'previous' && options.compare !== 'none')
            throw validationFailed('compare', '--compare is previous or none');
          if (options.estimate !== 'best' && options.estimate !== 'high')
            throw validationFailed('estimate', '--estimate is best or high');
          const render = {
            text: renderText,
            json: (r: unknown) => JSON.stringify(r, null, 2) + '\n',
            csv: renderCsv,
            html: renderHtml,
          }[options.format as 'text'] as ((r: unknown) => string) | undefined;
          if (!render) throw validationFailed('format', '--format is text, json, csv or html');
          await withServices(command, async (services) => {
            const report = await services.reports.report(cliActor(), {
              from: options.from,
              to: options.to,
              compare: options.compare as 'previous' | 'none',
              estimate: options.estimate as 'best' | 'high',
            });
            const text = render(report);
            if (options.out) writeFileSync(options.out, text);
            else process.stdout.write(text);
          });
        },
      ),
    );
}
