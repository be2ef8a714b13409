// The news drafting scored on its labelled evaluation set (src/incidents/news/eval/articles.ts):
// detection precision, recall and F1 and per-field accuracy, on the tuning part and the held-out
// part. Runnable alone: `npx tsx bench/news.ts` (`--misses` lists every miss).
import { pathToFileURL } from 'node:url';
import { evalArticles } from '../src/incidents/news/eval/articles.js';
import { scoreDrafts, type EvalScore } from '../src/incidents/news/eval/score.js';
import { extractFromArticle } from '../src/incidents/news/extract.js';

const draft = (text: string, published: string) => extractFromArticle(text, published).incidents;

/** The three parts: used to tune the rules, held out before tuning, and written after it. */
export function scoreNews(): { tuning: EvalScore; heldOut: EvalScore; afterTuning: EvalScore } {
  const part = (keep: (a: (typeof evalArticles)[number]) => boolean) =>
    scoreDrafts(evalArticles.filter(keep), draft);
  return {
    tuning: part((a) => !a.heldOut),
    heldOut: part((a) => a.heldOut && !a.afterTuning),
    afterTuning: part((a) => !!a.afterTuning),
  };
}

function describe(s: EvalScore): string {
  const f = s.fields;
  return `F1 ${s.f1} (P ${s.precision}, R ${s.recall}); date ${f.date}, province ${f.province}, killed ${f.killed}, wounded ${f.wounded}, type ${f.type}`;
}

const labels = {
  tuning: 'tuning set',
  heldOut: 'held-out set written before tuning',
  afterTuning: 'held-out set written after tuning',
} as const;

export function benchNews(): { backend: string; measure: string; value: string }[] {
  const scores = scoreNews();
  return (Object.keys(labels) as (keyof typeof labels)[]).map((key) => ({
    backend: 'none',
    measure: `news drafting, ${labels[key]} (${scores[key].articles} articles, ${scores[key].expected} incidents)`,
    value: describe(scores[key]),
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of benchNews()) process.stdout.write(`${row.measure}: ${row.value}\n`);
  if (process.argv.includes('--misses')) {
    const scores = scoreNews();
    const which = process.argv.includes('--held-out') ? scores.heldOut : scores.tuning;
    for (const m of which.misses) process.stdout.write(JSON.stringify(m) + '\n');
  }
}
