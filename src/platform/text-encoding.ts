import { isUtf8 } from 'node:buffer';
import { validationFailed } from './errors.js';

/** Windows-1252 bytes 0x80–0x9F, where it differs from Latin-1 (WHATWG index-windows-1252). */
const cp1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 to text. Not `TextDecoder('windows-1252')`: Node 20.18.3+ and 22.13+ decode it as
 * Latin-1, so 0x92 comes out as U+0092 instead of ’ (nodejs/node#56542, #60888).
 */
function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(cp1252High[c.charCodeAt(0) - 0x80]!));
}

export type FileEncoding = 'utf-8' | 'windows-1252';

/**
 * Decodes an uploaded file once, where it is read: its bytes (from a text/csv body, a file on disk,
 * or a worker message), or the text a JSON body already carried (UTF-8, as JSON is).
 */
export function decodeFile(file: Uint8Array | string): { text: string; encoding: FileEncoding } {
  if (typeof file === 'string') return { text: file.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  return decodeBytes(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
}

/**
 * Decodes a file: valid UTF-8 is UTF-8, anything else is read as Windows-1252 (what Excel and
 * older exports write on Windows; every byte decodes, so nothing is lost silently). A BOM is dropped.
 */
export function decodeBytes(bytes: Buffer): { text: string; encoding: FileEncoding } {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw validationFailed('file', 'The file is UTF-16; save it as CSV (UTF-8) and import it again');
  }
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8' };
  }
  return { text: decodeWindows1252(body), encoding: 'windows-1252' };
}
