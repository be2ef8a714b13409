import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initPartyKey } from '../audit/signing-keys.js';
import { openDatabase } from '../cli/context.js';
import { loadConfig } from './config.js';
import { connectDatabase, sqliteFileOf } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { loadEncryptionKey } from './encryption.js';
import { describeTightened, tightenOwned } from './private-files.js';

const modeOf = (p: string) => statSync(p).mode & 0o777;

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'jsms-private-'));
  // The usual default: without care, new files would be 0644 and directories 0755.
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('a new data directory', () => {
  it('is created 0700, and the database, its log, the encryption key and the signing keys 0600', async () => {
    const dataDir = path.join(root, 'var', 'jsms');
    const handle = await connectDatabase({ dataDir });
    try {
      await migrate(handle.db, handle.dialect);
      loadEncryptionKey({ dataDir });
      initPartyKey(path.join(dataDir, 'keys'), 'ssd');
      const file = sqliteFileOf(dataDir);
      expect(existsSync(`${file}-wal`)).toBe(true);
      const modes = Object.fromEntries(
        [
          dataDir,
          path.join(root, 'var'),
          file,
          `${file}-wal`,
          `${file}-shm`,
          path.join(dataDir, 'encryption.key'),
          path.join(dataDir, 'keys'),
          path.join(dataDir, 'keys', 'ssd.key'),
          path.join(dataDir, 'keys', 'ssd.pub'),
        ].map((p) => [path.relative(root, p), modeOf(p).toString(8)]),
      );
      expect(modes).toEqual({
        var: '700',
        'var/jsms': '700',
        'var/jsms/jsms.db': '600',
        'var/jsms/jsms.db-wal': '600',
        'var/jsms/jsms.db-shm': '600',
        'var/jsms/encryption.key': '600',
        'var/jsms/keys': '700',
        'var/jsms/keys/ssd.key': '600',
        'var/jsms/keys/ssd.pub': '600',
      });
    } finally {
      await handle.close();
    }
  });
});

describe('a data directory left readable by earlier versions', () => {
  function looseTree() {
    const dataDir = path.join(root, 'data');
    mkdirSync(path.join(dataDir, 'keys'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    for (const [file, mode] of [
      ['jsms.db', 0o644],
      ['encryption.key', 0o640],
      ['keys/ssd.key', 0o644],
      ['keys/ssd.pub', 0o644],
      ['already-private.txt', 0o600],
    ] as const) {
      writeFileSync(path.join(dataDir, file), 'x');
      chmodSync(path.join(dataDir, file), mode);
    }
    return dataDir;
  }

  it("is tightened, each change reported, leaving others' files and symbolic links alone", () => {
    const dataDir = looseTree();
    const outside = path.join(root, 'outside.txt');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    symlinkSync(outside, path.join(dataDir, 'outside.key'));
    writeFileSync(path.join(dataDir, 'import.csv'), 'name\n');
    chmodSync(path.join(dataDir, 'import.csv'), 0o644);
    const owned = new Set(['jsms.db', 'encryption.key', 'already-private.txt', 'outside.key']);
    const changes = [
      ...tightenOwned(dataDir, (name) => owned.has(name)),
      ...tightenOwned(path.join(dataDir, 'keys'), (name) => name.endsWith('.key') || name.endsWith('.pub')),
    ];
    expect(
      describeTightened(changes)
        .map((line) => line.replace(root, '…'))
        .sort(),
    ).toEqual([
      '0640 → 0600 …/data/encryption.key',
      '0644 → 0600 …/data/jsms.db',
      '0644 → 0600 …/data/keys/ssd.key',
      '0644 → 0600 …/data/keys/ssd.pub',
      '0755 → 0700 …/data',
      '0755 → 0700 …/data/keys',
    ]);
    expect(modeOf(outside)).toBe(0o644);
    expect(modeOf(path.join(dataDir, 'import.csv'))).toBe(0o644);
    expect(tightenOwned(dataDir, (name) => owned.has(name))).toEqual([]);
  });

  it('is tightened when the command line or the server starts on it', async () => {
    const dataDir = looseTree();
    rmSync(path.join(dataDir, 'jsms.db'));
    writeFileSync(path.join(dataDir, 'persons.csv'), 'name\n');
    chmodSync(path.join(dataDir, 'persons.csv'), 0o644);
    const handle = await openDatabase(loadConfig({}, { dataDir, databaseUrl: undefined }));
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'keys'))).toBe(0o700);
      for (const file of ['encryption.key', 'keys/ssd.key', 'keys/ssd.pub', 'jsms.db', 'jsms.db-wal']) {
        expect(modeOf(path.join(dataDir, file)), file).toBe(0o600);
      }
      // An operator's own file, an import to run, is theirs to keep as they like.
      expect(modeOf(path.join(dataDir, 'persons.csv'))).toBe(0o644);
    } finally {
      await handle.close();
    }
  });
});
