/** One line of a text diff: kept, removed from the old text, or added in the new. */
export interface DiffLine {
  op: 'same' | 'removed' | 'added';
  text: string;
  /** The line's number in the old text (kept, removed) and in the new one (kept, added). */
  oldLine?: number;
  newLine?: number;
}

/**
 * The line-by-line difference of two texts (longest common subsequence): what a reader compares
 * when two agreement versions' texts are shown side by side. Texts are a few hundred lines, so the
 * quadratic table is small.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // common[i][j]: the length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] =
        a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ op: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      // A replaced line reads as the old one removed, then the new one added.
      lines.push({ op: 'removed', text: a[i]!, oldLine: i + 1 });
      i++;
    } else {
      lines.push({ op: 'added', text: b[j]!, newLine: j + 1 });
      j++;
    }
  }
  return lines;
}

/** The changed lines with `context` kept lines around each change; `null` marks a gap. */
export function withContext(lines: DiffLine[], context = 3): (DiffLine | null)[] {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, index) => {
    if (line.op === 'same') return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++)
      near[k] = true;
  });
  const shown: (DiffLine | null)[] = [];
  lines.forEach((line, index) => {
    if (near[index]) shown.push(line);
    else if (shown.length > 0 && shown.at(-1) !== null) shown.push(null);
  });
  if (shown.at(-1) === null) shown.pop();
  return shown;
}
