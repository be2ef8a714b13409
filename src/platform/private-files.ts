import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The data directory holds the database (password and token hashes, encrypted fields), the
 * encryption key and the signing keys: no other local user may read any of it. Directories are
 * 0700 and files 0600, whatever the umask; looser modes left by earlier versions are tightened at
 * start.
 */
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** A mode that was too loose and has been tightened. */
export interface Tightened {
  path: string;
  from: number;
  to: number;
}

/** Creates the directory (and missing parents) owner-only; an existing one is tightened. */
export function ensurePrivateDir(dir: string): Tightened[] {
  // mkdir's mode passes through the umask, which can only remove bits: 0700 stays at most 0700.
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  return tighten(dir, privateDirMode);
}

/**
 * Creates an empty file owner-only unless it exists (then tightens it), so that whatever opens
 * it next (SQLite, which gives its write-ahead log the database file's mode) finds it private.
 */
export function ensurePrivateFile(file: string): Tightened[] {
  if (!existsSync(file)) {
    closeSync(openSync(file, 'a', privateFileMode));
    return [];
  }
  return tighten(file, privateFileMode);
}

/** Removes group and other access from `target` when it has any; symbolic links are left alone. */
function tighten(target: string, to: number): Tightened[] {
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return [];
  const from = stat.mode & 0o777;
  if ((from & 0o077) === 0) return [];
  chmodSync(target, to);
  return [{ path: target, from, to }];
}

/**
 * Tightens a directory to 0700 and the files in it that `owns` names (those this program writes
 * there) to 0600; files it does not own, such as an operator's import files, and symbolic links are
 * left alone. Returns what it changed, for a warning at start.
 */
export function tightenOwned(dir: string, owns: (name: string) => boolean): Tightened[] {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return [];
  const changed = tighten(dir, privateDirMode);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && owns(entry.name))
      changed.push(...tighten(path.join(dir, entry.name), privateFileMode));
  }
  return changed;
}

/** One line per tightened path, as `0644 → 0600 path`. */
export function describeTightened(changes: readonly Tightened[]): string[] {
  const octal = (mode: number) => mode.toString(8).padStart(4, '0');
  return changes.map((c) => `${octal(c.from)} → ${octal(c.to)} ${c.path}`);
}
