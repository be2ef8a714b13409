/**
 * Long work on the event loop in slices: `pause()` yields to the loop (timers, sockets, other
 * requests) once the current slice has run `budgetMs`, so the work never holds the loop longer
 * than that, whatever the machine's speed. An `await` alone does not yield: better-sqlite3
 * answers synchronously, so a loop of awaited queries would keep the loop to itself.
 */
export function slicer(budgetMs = 20): { pause(): Promise<void> } {
  let since = performance.now();
  return {
    async pause() {
      if (performance.now() - since < budgetMs) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
      since = performance.now();
    },
  };
}
