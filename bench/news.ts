// The news drafting scored on its labelled evaluation set (src/incidents/news/eval/articles.ts):
// detection precision, recall and F1 and per-field accuracy, on the tuning part and the held-out
// part. Runnable alone: `npx tsx bench/news.ts` (`--misses` lists every miss).
import { pathToFileURL } from 'node:url';
import { evalArticles } from '../src/incidents/news/eval/articles.js';
import { scoreDrafts, type EvalScore } from '../src/incidents/news/eval/score.js';
import { extractFromArticle } from '../src/incidents/news/extract.js';

const draft = (text: string, published: string) => extractFromArticle(text, published).incidents;

export function scoreNews(): { tuning: EvalScore; heldOut: EvalScore } {
  return {
    tuning: scoreDrafts(
      evalArticles.filter((a) => !a.heldOut),
      draft,
    ),
    heldOut: scoreDrafts(
      evalArticles.filter((a) => a.heldOut),
      draft,
    ),
  };
}

function describe(s: EvalScore): string {
  const f = s.fields;
  return `F1 ${s.f1} (P ${s.precision}, R ${s.recall}); date ${f.date}, province ${f.province}, killed ${f.killed}, wounded ${f.wounded}, type ${f.type}`;
}

export function benchNews(): { backend: string; measure: string; value: string }[] {
  const { tuning, heldOut } = scoreNews();
  return [
    {
      backend: 'none',
      measure: `news drafting, tuning set (${tuning.articles} articles, ${tuning.expected} incidents)`,
      value: describe(tuning),
    },
    {
      backend: 'none',
      measure: `news drafting, held-out set (${heldOut.articles} articles, ${heldOut.expected} incidents)`,
      value: describe(heldOut),
    },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of benchNews()) process.stdout.write(`${row.measure}: ${row.value}\n`);
  if (process.argv.includes('--misses')) {
    const { tuning, heldOut } = scoreNews();
    const which = process.argv.includes('--held-out') ? heldOut : tuning;
    for (const m of which.misses) process.stdout.write(JSON.stringify(m) + '\n');
  }
}
