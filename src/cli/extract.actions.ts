import { readFileSync } from 'node:fs';
import { draftArticle } from '../incidents/news/account.js';
import { validationFailed } from '../platform/errors.js';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** `jsms extract`. */
export async function extract(file: string, options: { published: string; publisher: string }) {
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
  process.stdout.write(JSON.stringify(draftArticle(text, options), null, 2) + '\n');
}
