/**
 * Reading a reply e-mail, pure: the token in the address it was sent to, the first line the person
 * wrote in its plain-text part (quoted-printable or base64, any charset Node decodes, inside
 * multipart or not), and what that line answers.
 */

export type Answer = 'safe' | 'need_help';

/** The token of a reply address `reply+TOKEN@host`, or null. */
export function replyTokenOf(address: string): string | null {
  const match = /^[^+@\s]+\+([A-Za-z0-9_-]{16,128})@[^@\s]+$/.exec(address.trim());
  return match ? match[1]! : null;
}

/** The reply address for a token, from the configured base address (`reply@host`). */
export function replyAddress(base: string, token: string): string {
  const at = base.lastIndexOf('@');
  return `${base.slice(0, at)}+${token}${base.slice(at)}`;
}

interface Part {
  headers: Map<string, string>;
  body: Buffer;
}

function splitPart(raw: Buffer): Part {
  const text = raw.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const body = end ? raw.subarray(end.index + end[0].length) : Buffer.alloc(0);
  const headers = new Map<string, string>();
  // Folded header lines continue with whitespace.
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parameterOf(header: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(header);
  return match ? (match[2] ?? match[1]!) : null;
}

function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let bytes: Buffer = part.body;
  if (encoding === 'base64') bytes = Buffer.from(part.body.toString('latin1').replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const text = part.body
      .toString('latin1')
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    bytes = Buffer.from(text, 'latin1');
  }
  const charset = parameterOf(part.headers.get('content-type') ?? '', 'charset') ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** The plain-text body of a message: its own, or its first text/plain part, however deeply nested. */
export function plainTextOf(raw: Buffer, depth = 0): string | null {
  const part = splitPart(raw);
  const type = part.headers.get('content-type') ?? 'text/plain';
  const mime = type.split(';')[0]!.trim().toLowerCase();
  if (mime === 'text/plain') return decodeBody(part);
  const boundary = parameterOf(type, 'boundary');
  if (!mime.startsWith('multipart/') || !boundary || depth > 5) return null;
  const text = part.body.toString('latin1');
  const pieces = text.split(`--${boundary}`).slice(1);
  for (const piece of pieces) {
    if (piece.startsWith('--')) break;
    const found = plainTextOf(Buffer.from(piece.replace(/^\r?\n/, ''), 'latin1'), depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The first line the person wrote: not blank, not quoted. */
export function firstLineOf(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('>')) continue;
    return trimmed;
  }
  return null;
}

// Whole words or phrases, in the app's three languages; "need help" is tested first, as it may say "safe" too ("not safe").
const needHelp = [
  /\bneed[\s_-]*help\b/i,
  /\bhelp\b/i,
  /\bsos\b/i,
  /\bnot\s+safe\b/i,
  /需要帮助|求助|救命|不安全/,
  /مدد/,
  /غیر\s*محفوظ/,
];
const safe = [/\bsafe\b/i, /\bok(ay)?\b/i, /安全/, /محفوظ/];

/** What a first line answers, or null when it is neither. */
export function answerOf(line: string): Answer | null {
  if (needHelp.some((pattern) => pattern.test(line))) return 'need_help';
  if (safe.some((pattern) => pattern.test(line))) return 'safe';
  return null;
}
