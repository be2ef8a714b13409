// RFC 9162 Merkle proofs checked in the browser with WebCrypto, as src/audit/merkle.ts checks them
// on the server: the viewer need not trust the server's word that an entry is in a signed root.

export function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/** SHA-256(0x00 || data): a leaf. The log's leaves are its entries' hashes. */
export const leafHash = (data: Uint8Array) => sha256(Uint8Array.of(0), data);
/** SHA-256(0x01 || left || right): an interior node. */
export const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(Uint8Array.of(1), left, right);

/** One step of a proof: the sibling hash and which side of the running hash it joins. */
export interface ProofStep {
  sibling: string;
  side: 'left' | 'right';
  /** The hash after this step. */
  result: string;
}

export interface InclusionCheck {
  leaf: string;
  steps: ProofStep[];
  root: string;
  verified: boolean;
}

/** Walks an inclusion proof (RFC 9162 §2.1.3.2) from the entry's hash to the root it must reach. */
export async function checkInclusion(
  index: number,
  treeSize: number,
  entryHash: string,
  proof: readonly string[],
  expectedRoot: string,
): Promise<InclusionCheck> {
  let fn = index;
  let sn = treeSize - 1;
  let r = await leafHash(fromHex(entryHash));
  const leaf = toHex(r);
  const steps: ProofStep[] = [];
  let fits = index >= 0 && index < treeSize;
  for (const hex of proof) {
    if (sn === 0) {
      fits = false;
      break;
    }
    const p = fromHex(hex);
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      steps.push({ sibling: hex, side: 'left', result: toHex(r) });
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = await nodeHash(r, p);
      steps.push({ sibling: hex, side: 'right', result: toHex(r) });
    }
    fn >>= 1;
    sn >>= 1;
  }
  const root = toHex(r);
  return { leaf, steps, root, verified: fits && sn === 0 && root === expectedRoot };
}

const emptyRoot = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Whether `proof` shows the tree of `secondSize` extends that of `firstSize` (RFC 9162 §2.1.4.2). */
export async function checkConsistency(
  firstSize: number,
  secondSize: number,
  firstRoot: string,
  secondRoot: string,
  proof: readonly string[],
): Promise<boolean> {
  if (firstSize < 0 || firstSize > secondSize) return false;
  if (firstSize === secondSize) return proof.length === 0 && firstRoot === secondRoot;
  if (firstSize === 0) return proof.length === 0 && firstRoot === emptyRoot;
  if (proof.length === 0) return false;
  // A first tree that is a perfect subtree is its own first proof node.
  const path = (firstSize & (firstSize - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = firstSize - 1;
  let sn = secondSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = fromHex(path[0]!);
  let sr = fr;
  for (const hex of path.slice(1)) {
    if (sn === 0) return false;
    const c = fromHex(hex);
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && toHex(fr) === firstRoot && toHex(sr) === secondRoot;
}
