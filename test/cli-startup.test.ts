import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './helpers/cli.js';

/** Every module `entry` loads before it runs: static value imports and re-exports, followed through src/. */
function staticClosure(entry: string): { modules: string[]; packages: string[] } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const source = readFileSync(file, 'utf8');
    // `import type` and `export type` load nothing; `import()` is what the light modules defer to.
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.'))
        visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(path.join(projectRoot, entry));
  return {
    modules: [...modules].map((m) => path.relative(projectRoot, m)).sort(),
    packages: [...packages].sort(),
  };
}

// What `jsms --help` and `jsms --version` load: the command tree, and none of what the commands run.
describe('the jsms command tree', () => {
  it('loads commander and its own light modules only', () => {
    const { modules, packages } = staticClosure('src/main.ts');
    expect(packages.filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
    expect(modules.filter((m) => !/^src\/cli\/(program|exit|[a-z]+\.commands?)\.ts$/.test(m))).toEqual([
      'src/access/actor.ts',
      'src/incidents/import/types.ts',
      'src/main.ts',
      'src/platform/errors.ts',
      'src/registry/person.columns.ts',
    ]);
  });

  it('is read correctly: an action module loads the services', () => {
    expect(staticClosure('src/cli/access.actions.ts').modules).toContain('src/services.ts');
  });
});
