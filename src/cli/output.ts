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
