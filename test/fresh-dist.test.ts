import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDist } from '../scripts/fresh-dist.mjs';

// What bin/jsms.js runs before the CLI: dist/ follows src/ file by file.
describe('freshDist', () => {
  let root: string;
  const file = (...parts: string[]) => path.join(root, ...parts);
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(file(relative)), { recursive: true });
    writeFileSync(file(relative), text);
  };
  /** Dates a source after everything compiled so far, as an edit would. */
  const edit = (relative: string, text: string) => {
    write(relative, text);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file(relative), later, later);
  };

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'jsms-fresh-dist-'));
    write('src/a.ts', 'import type { B } from "./b.js";\nexport const a: B = 1;\n');
    write('src/b.ts', 'export type B = number;\n');
    write('src/a.test.ts', 'throw new Error("not compiled");\n');
    write('src/migrations/0001-x.sql', 'create table x (id text);\n');
    // Sources written an hour ago, so that only what a test changes is newer than a pass.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    for (const relative of [
      'src/a.ts',
      'src/b.ts',
      'src/a.test.ts',
      'src/migrations/0001-x.sql',
      'src/migrations',
      'src',
    ])
      utimesSync(file(relative), anHourAgo, anHourAgo);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('compiles TypeScript, copies other files and leaves tests out', async () => {
    await freshDist(root);
    expect(readFileSync(file('dist/a.js'), 'utf8')).toMatch(/^const a = 1;\nexport {\s+a\s+};/);
    expect(readFileSync(file('dist/a.js'), 'utf8')).not.toContain('import');
    expect(existsSync(file('dist/a.js.map'))).toBe(true);
    expect(readFileSync(file('dist/migrations/0001-x.sql'), 'utf8')).toBe('create table x (id text);\n');
    expect(existsSync(file('dist/a.test.js'))).toBe(false);
  });

  it('recompiles only what changed since', async () => {
    await freshDist(root);
    // A marker in the compiled b.js shows whether it is written again.
    writeFileSync(file('dist/b.js'), '// kept\n');
    utimesSync(file('dist/b.js'), new Date(), new Date(Date.now() + 30_000));
    edit('src/a.ts', 'export const a = 2;\n');

    await freshDist(root);
    expect(readFileSync(file('dist/a.js'), 'utf8')).toMatch(/^const a = 2;/);
    expect(readFileSync(file('dist/b.js'), 'utf8')).toBe('// kept\n');
  });

  it('does nothing when no source changed since the last pass', async () => {
    await freshDist(root);
    // Older than its source, so a file by file pass would compile it again.
    writeFileSync(file('dist/a.js'), '// kept\n');
    utimesSync(file('dist/a.js'), new Date(), new Date(Date.now() - 7_200_000));

    await freshDist(root);
    expect(readFileSync(file('dist/a.js'), 'utf8')).toBe('// kept\n');
  });

  it('removes what has no source any more, when nothing else changed', async () => {
    await freshDist(root);
    write('dist/gone.js', 'export {};\n');
    rmSync(file('src/migrations/0001-x.sql'));

    await freshDist(root);
    expect(existsSync(file('dist/migrations/0001-x.sql'))).toBe(false);
    expect(existsSync(file('dist/gone.js'))).toBe(false);
    expect(existsSync(file('dist/a.js'))).toBe(true);
  });
});
