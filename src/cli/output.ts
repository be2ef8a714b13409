/** One line on standard output. */
export function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** A progress bar on standard error, drawn only when it is a terminal (never into logs or pipes). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      if (!stream.isTTY || total === 0) return;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    finish(): void {
      if (drawn) stream.write('\n');
    },
  };
}

/** Runs `work` with a progress bar on stderr, which it updates; the bar ends with the work. */
export async function withProgressBar<T>(
  label: string,
  work: (onProgress: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  const bar = progressBar(label);
  try {
    return await work(bar.update);
  } finally {
    bar.finish();
  }
}
