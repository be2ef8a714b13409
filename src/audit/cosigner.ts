import type { KeyObject } from 'node:crypto';
import { AppError, errorCodes, type ErrorCode } from '../platform/errors.js';
import { verifyConsistency } from './merkle.js';
import {
  type Checkpoint,
  checkpointBody,
  cosign,
  cosignerName,
  formatNote,
  type NoteSignature,
  parseCheckpointBody,
  parseNote,
  signatureLine,
} from './note.js';
import { keepCheckpoint, keptCheckpoints } from './witness-store.js';

/**
 * The other party's side of co-signing, run on that party's own machine with its own key
 * (`jsms audit sign`, `jsms audit witness`): fetch the checkpoint, check through consistency
 * proofs that it extends every checkpoint this party signed before (and is extended by any
 * later one), sign it as a tlog-cosignature, upload only the signature, and keep the signed
 * note. The server is not trusted: whatever it answers is checked against what was kept.
 */

/** One HTTP exchange with the server: over the network, or in-process in tests. */
export type Transport = (request: {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}) => Promise<{ status: number; body: unknown }>;

/** A transport over HTTP with a bearer API token. */
export function httpTransport(serverUrl: string, token: string): Transport {
  const base = serverUrl.replace(/\/+$/, '');
  return async ({ method, path, body }) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the error message.
    }
    return { status: response.status, body: parsed };
  };
}

interface ServerCheckpoint {
  treeSize: number;
  rootHash: string;
  origin: string;
  body: string;
  note: string;
  signatures: { partyId: string }[];
}

export interface CosignResult {
  /** `signed` now, or `kept` already (this size was signed and kept before). */
  status: 'signed' | 'kept';
  treeSize: number;
  /** The kept checkpoints it was proven consistent with. */
  consistentWith: number[];
  file: string;
}

/** Fetches, checks, signs, uploads and keeps one checkpoint: the latest, or `treeSize`. */
export async function cosignCheckpoint(options: {
  transport: Transport;
  privateKey: KeyObject;
  keepDir: string;
  treeSize?: number | undefined;
  now: () => Date;
}): Promise<CosignResult> {
  const { transport, keepDir } = options;
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const response = await transport({ method, path, ...(body !== undefined ? { body } : {}) });
    if (response.status >= 300) throw serverError(response);
    return response.body as T;
  };
  const me = await call<{ partyId: string }>('GET', '/api/v1/me');
  const served =
    options.treeSize === undefined
      ? (await call<{ items: ServerCheckpoint[] }>('GET', '/api/v1/audit/checkpoints?limit=1')).items[0]
      : await call<ServerCheckpoint>('GET', `/api/v1/audit/checkpoints/${options.treeSize}`);
  if (!served) throw new AppError('audit_checkpoint_not_found', 'The server has no checkpoint yet');
  const checkpoint = checkedBody(served);
  const body = checkpointBody(checkpoint);
  const name = cosignerName(me.partyId);

  const kept = keptCheckpoints(keepDir).map((k) => ({ ...k, checkpoint: keptBody(k.file, k.note) }));
  const consistentWith: number[] = [];
  for (const other of kept) {
    if (other.checkpoint.origin !== checkpoint.origin) {
      throw inconsistent(
        `The server's log is ${checkpoint.origin}, but ${other.file} is of ${other.checkpoint.origin}: the log was rebuilt`,
      );
    }
  }
  const same = kept.find((k) => k.treeSize === checkpoint.treeSize);
  if (same) {
    if (same.checkpoint.rootHash !== checkpoint.rootHash) {
      throw inconsistent(
        `The server's checkpoint of ${checkpoint.treeSize} entries has another root than the one kept in ${same.file}: the log was rewritten`,
      );
    }
    if (!served.signatures.some((s) => s.partyId === me.partyId)) {
      // Kept but not stored (the upload was lost): upload the kept signature again.
      const ours = parseNote(same.note).signatures.find((s) => s.name === name);
      if (ours) await upload(call, checkpoint.treeSize, ours);
    }
    return { status: 'kept', treeSize: checkpoint.treeSize, consistentWith: [], file: same.file };
  }
  // The largest kept checkpoint below must be extended by this one, and the smallest above
  // must extend it: then every kept checkpoint is consistent with it, transitively.
  const below = kept.filter((k) => k.treeSize < checkpoint.treeSize).pop();
  const above = kept.find((k) => k.treeSize > checkpoint.treeSize);
  if (below) {
    await proveConsistent(call, below.checkpoint, checkpoint, below.file);
    consistentWith.push(below.treeSize);
  }
  if (above) {
    await proveConsistent(call, checkpoint, above.checkpoint, above.file);
    consistentWith.push(above.treeSize);
  }
  const signature = cosign(body, name, options.privateKey, Math.floor(options.now().getTime() / 1000));
  const stored = await upload(call, checkpoint.treeSize, signature);
  // The note as kept: the signatures the server showed (its own party's), and ours.
  const others = safeSignatures(stored.note ?? served.note).filter((s) => s.name !== name);
  const file = keepCheckpoint(keepDir, checkpoint.treeSize, formatNote(body, [...others, signature]));
  return { status: 'signed', treeSize: checkpoint.treeSize, consistentWith, file };
}

type Call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;

async function upload(call: Call, treeSize: number, signature: NoteSignature): Promise<ServerCheckpoint> {
  return call<ServerCheckpoint>('POST', `/api/v1/audit/checkpoints/${treeSize}/signatures`, {
    signature: signatureLine(signature),
  });
}

/** Fetches the proof that `larger` extends `smaller`, and checks it against the two roots. */
async function proveConsistent(call: Call, smaller: Checkpoint, larger: Checkpoint, keptFile: string) {
  const { proof } = await call<{ proof: string[] }>(
    'GET',
    `/api/v1/audit/checkpoints/${larger.treeSize}/consistency?from=${smaller.treeSize}`,
  );
  const ok = verifyConsistency(
    smaller.treeSize,
    larger.treeSize,
    Buffer.from(smaller.rootHash, 'hex'),
    Buffer.from(larger.rootHash, 'hex'),
    (Array.isArray(proof) ? proof : []).map((h) => Buffer.from(String(h), 'hex')),
  );
  if (!ok) {
    throw inconsistent(
      `The checkpoint of ${larger.treeSize} entries does not extend the checkpoint of ${smaller.treeSize} entries (kept in ${keptFile}): the log was rewritten; not signing`,
    );
  }
}

/** The server's checkpoint, with its body checked against its fields. */
function checkedBody(served: ServerCheckpoint): Checkpoint {
  let parsed: Checkpoint;
  try {
    parsed = parseCheckpointBody(served.body);
  } catch (error) {
    throw inconsistent(`The server's checkpoint body is malformed: ${(error as Error).message}`);
  }
  if (parsed.treeSize !== served.treeSize || parsed.rootHash !== served.rootHash) {
    throw inconsistent("The server's checkpoint body does not match its size and root");
  }
  return parsed;
}

function keptBody(file: string, note: string): Checkpoint {
  try {
    return parseCheckpointBody(parseNote(note).body);
  } catch (error) {
    throw new AppError('conflict', `${file} is not a kept checkpoint: ${(error as Error).message}`);
  }
}

function safeSignatures(note: string): NoteSignature[] {
  try {
    return note ? parseNote(note).signatures : [];
  } catch {
    return [];
  }
}

function inconsistent(message: string): AppError {
  return new AppError('checkpoint_inconsistent', message);
}

/** The server's error answer as an AppError with its code, when it is one of ours. */
function serverError(response: { status: number; body: unknown }): Error {
  const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
  if (error?.code && error.code in errorCodes) {
    return new AppError(error.code as ErrorCode, `The server answered: ${error.message ?? error.code}`);
  }
  return new Error(`The server answered ${response.status}: ${JSON.stringify(response.body).slice(0, 200)}`);
}
