import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../access/actor.js';
import { incidentStatuses, incidentTypes, targetCategories } from '../incidents/incident.js';
import type { filterKeys } from '../incidents/report.js';
import { type Estimate, estimates, filtersOf } from '../incidents/report.js';
import { renderCsv } from '../incidents/report.csv.js';
import { renderHtml } from '../incidents/report.html.js';
import { renderText } from '../incidents/report.render.js';
import { validationFailed } from '../platform/errors.js';
import { withServices } from './context.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** `jsms report`. */
export async function report(
  options: {
    from: string;
    to: string;
    compare: string;
    estimate: string;
    format: string;
    out?: string;
  } & Partial<Record<(typeof filterKeys)[number], string>>,
  command: Command,
) {
  for (const key of ['from', 'to'] as const) {
    if (!isoDate.test(options[key]) || Number.isNaN(Date.parse(options[key]))) {
      throw validationFailed(key, `--${key} is a date, YYYY-MM-DD`);
    }
  }
  if (options.compare !== 'previous' && options.compare !== 'none')
    throw validationFailed('compare', '--compare is previous or none');
  if (!(estimates as readonly string[]).includes(options.estimate))
    throw validationFailed('estimate', `--estimate is ${estimates.join(', ')}`);
  for (const [key, allowed] of [
    ['type', incidentTypes],
    ['target', targetCategories],
    ['status', incidentStatuses],
  ] as const) {
    const value = options[key];
    if (value !== undefined && !(allowed as readonly string[]).includes(value))
      throw validationFailed(key, `--${key} is one of ${allowed.join(', ')}`);
  }
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
      estimate: options.estimate as Estimate,
      ...filtersOf(options),
    });
    const text = render(report);
    if (options.out) writeFileSync(options.out, text);
    else process.stdout.write(text);
  });
}
