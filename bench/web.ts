// The web app: how much JavaScript the browser downloads (gzip, as served), and how long headless
// Chromium takes from the address bar to an interactive operations map, against the sign-in form
// (the app's own shell, no map) measured in the same run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, mapReady, newPage, signIn } from '../e2e/helpers/browser.js';
import { startDemoServer } from '../e2e/helpers/server.js';

interface Row {
  backend: string;
  measure: string;
  value: string;
}

const dist = path.join(import.meta.dirname, '..', 'web', 'dist');
const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en')} KiB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The built files by kind, raw and gzipped at the level the server uses. */
function bundleSizes() {
  const assets = path.join(dist, 'assets');
  const sizes = { entry: [0, 0], screens: [0, 0], worker: [0, 0], css: [0, 0] };
  const kindOf = (name: string) =>
    name.endsWith('.css')
      ? 'css'
      : name.startsWith('maplibre-gl-worker')
        ? 'worker'
        : !name.endsWith('.js')
          ? undefined
          : name.startsWith('index-')
            ? 'entry'
            : 'screens';
  for (const name of readdirSync(assets)) {
    const kind = kindOf(name);
    if (!kind) continue;
    const body = readFileSync(path.join(assets, name));
    sizes[kind][0]! += statSync(path.join(assets, name)).size;
    sizes[kind][1]! += gzipSync(body, { level: 9 }).length;
  }
  return sizes;
}

export async function benchWeb(runs = Number(process.env.BENCH_WEB_RUNS ?? 5)): Promise<Row[]> {
  const sizes = bundleSizes();
  const [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  try {
    const shell: number[] = [];
    const map: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh profile each time: nothing cached, as on a first visit.
      const first = await newPage(browser, server);
      let start = performance.now();
      await first.page.goto('/');
      await first.page.locator('button[type=submit]').waitFor();
      shell.push(performance.now() - start);
      await signIn(first.page, server, 'cso-coordinator');
      const cookies = await first.context.cookies();
      await first.context.close();

      const second = await newPage(browser, server);
      await second.context.addCookies(cookies);
      start = performance.now();
      await second.page.goto('/');
      await mapReady(second.page);
      map.push(performance.now() - start);
      await second.context.close();
    }
    const shellMs = median(shell);
    const mapMs = median(map);
    return [
      {
        backend: 'none',
        measure:
          'web app, gzip as served (raw): the entry (React, translations, sign-in); the screens, loaded when first shown (the map with MapLibre, and the rest); the map worker; CSS',
        value: (['entry', 'screens', 'worker', 'css'] as const)
          .map((kind) => `${kib(sizes[kind][1]!)} (${kib(sizes[kind][0]!)})`)
          .join('; '),
      },
      {
        backend: 'sqlite',
        measure: `headless Chromium, first visit (no cache), median of ${runs}: sign-in form ready (baseline); operations map interactive with every layer loaded`,
        value: `${Math.round(shellMs)} ms; ${Math.round(mapMs)} ms (${(mapMs / shellMs).toFixed(1)}× the sign-in form)`,
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const row of await benchWeb()) process.stdout.write(`${row.measure}: ${row.value}\n`);
}
