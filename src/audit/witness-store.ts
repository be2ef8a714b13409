import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { validationFailed } from '../platform/errors.js';
import type { WitnessedCopy } from './audit.verify.js';

/**
 * A party's own copy of the checkpoints it cosigned: one signed note per file, `<size>.checkpoint`,
 * in a directory on that party's machine. It is what lets the party later show that the log
 * was rewritten, whoever holds the server's database and key.
 */
const fileName = /^(0|[1-9]\d*)\.checkpoint$/;

export interface KeptCheckpoint {
  treeSize: number;
  file: string;
  note: string;
}

/** The checkpoints kept in `dir`, smallest first; none when it does not exist yet. */
export function keptCheckpoints(dir: string): KeptCheckpoint[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, match: fileName.exec(name) }))
    .filter((f) => f.match !== null)
    .map((f) => {
      const file = path.join(dir, f.name);
      return { treeSize: Number(f.match![1]), file, note: readFileSync(file, 'utf8') };
    })
    .sort((a, b) => a.treeSize - b.treeSize);
}

/**
 * Keeps a signed checkpoint durably: written to a temporary file, flushed to disk, renamed into
 * place and the directory flushed too, so that a crash leaves either the whole note or none.
 */
export function keepCheckpoint(dir: string, treeSize: number, note: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${treeSize}.checkpoint`);
  const temporary = path.join(dir, `.${treeSize}.checkpoint.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w', 0o644);
  try {
    writeSync(fd, note);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return file;
}

/** Every checkpoint kept in the given directories, for `audit verify --witness`. */
export function readWitnessDirs(dirs: readonly string[]): WitnessedCopy[] {
  return dirs.flatMap((dir) => {
    if (!existsSync(dir)) throw validationFailed('witness', `No witness directory ${dir}`);
    return keptCheckpoints(dir).map((k) => ({ source: k.file, note: k.note }));
  });
}
