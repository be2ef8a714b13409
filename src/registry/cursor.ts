import { validationFailed } from '../platform/errors.js';

/** Keyset paging over (name, id): the cursor is the last row's pair, opaque to clients. */
export function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string') return { name, id };
  } catch {
    // fall through to the error below
  }
  throw validationFailed('after', 'The paging cursor is not one this server gave out', 'querystring');
}
