// Brings dist/ up to date with src/, file by file, so that bin/jsms.js runs compiled JavaScript from
// a checkout with no build step. As make does, it goes by modification time: a TypeScript file newer
// than its compiled copy is compiled again with esbuild (the compiler tsx uses, pinned at tsx's
// version), other files are copied, and compiled files whose source is gone are removed. When nothing
// changed since the last pass it only reads the sources' dates, where tsx costs half a second or
// more in every process.
// `npm run build` (tsc, which also checks types) writes the same tree.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, prefix = '') {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) return filesUnder(path.join(dir, entry.name), relative);
    return [relative];
  });
}

const isTest = (file) => /\.test\.ts$/.test(file);
const compiledName = (file) => file.replace(/\.ts$/, '.js');
const mtimeOf = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -Infinity;

/** Writes `file` whole or not at all, so that a process starting beside this one never reads half of it. */
function writeAtomically(file, contents, mtimeMs) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  // The source's time, read before compiling: a source edited meanwhile still counts as newer.
  utimesSync(temporary, new Date(), new Date(mtimeMs));
  renameSync(temporary, file);
}

/** Whether a file or directory under `dir` (tests aside) changed after `time`: an edit dates the file, an added or removed file its directory. */
function changedSince(dir, time) {
  if (mtimeOf(dir) > time) return true;
  return readdirSync(dir, { withFileTypes: true }).some((entry) => {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) return changedSince(child, time);
    return !isTest(entry.name) && mtimeOf(child) > time;
  });
}

/** Compiles or copies every file of `root`/src that changed since its copy in `root`/dist. */
export async function freshDist(root) {
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  // The last complete pass dates this file a second before its start, so that what changed during
  // it is seen next time (file times come from a coarser clock than Date.now()).
  const stamp = path.join(dist, '.fresh');
  const started = Date.now() - 1000;
  if (!changedSince(src, mtimeOf(stamp))) return;
  await compileStale(src, dist);
  try {
    writeAtomically(stamp, '', started);
  } catch {
    // A dist/ this user may not write but that is up to date: the next run compares again.
  }
}

/** The file by file pass: compares each source with its compiled copy. */
async function compileStale(src, dist) {
  const sources = filesUnder(src).filter((file) => !isTest(file));
  const wanted = new Set();
  const stale = [];
  for (const file of sources) {
    const output = file.endsWith('.ts') ? compiledName(file) : file;
    wanted.add(output);
    if (output !== file) wanted.add(`${output}.map`);
    const sourceTime = mtimeOf(path.join(src, file));
    // A compiled file carries its source's time, which utimes keeps to about a millisecond only.
    if (mtimeOf(path.join(dist, output)) < sourceTime - 1) stale.push({ file, output, sourceTime });
  }
  for (const file of filesUnder(dist))
    if (!wanted.has(file) && /\.(js|js\.map|sql)$/.test(file)) rmSync(path.join(dist, file), { force: true });

  for (const { file, sourceTime } of stale.filter((s) => s.file === s.output))
    writeAtomically(path.join(dist, file), readFileSync(path.join(src, file)), sourceTime);
  const compiles = stale.filter((s) => s.file !== s.output);
  if (compiles.length === 0) return;
  // Loaded only when there is something to compile: it is the slow part of a start.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: compiles.map((s) => path.join(src, s.file)),
    outbase: src,
    outdir: dist,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    write: false,
    logLevel: 'silent',
  });
  const timeOf = new Map(compiles.map((s) => [path.join(dist, s.output), s.sourceTime]));
  for (const output of result.outputFiles) {
    const compiled = output.path.replace(/\.map$/, '');
    writeAtomically(output.path, output.contents, timeOf.get(compiled) ?? Date.now());
  }
}
