import { readFileSync } from 'node:fs';
import { extractFromArticle } from '../incidents/news/extract.js';
import { validationFailed } from '../platform/errors.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** `jsms extract`. */
export async function extract(file: string, options: { published: string }) {
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
}
