/**
 * Long work on the event loop in slices, with the loop served in between, so that one request's
 * work never holds every other request. Two shapes of the same idea: a pure computation written
 * as a generator that pauses (`yield`) between small pieces, and an async loop that calls
 * `pause()` between steps. An `await` alone does not yield: better-sqlite3 answers synchronously,
 * so a loop of awaited queries would keep the loop to itself.
 */

/** Lets the event loop run its pending callbacks (I/O, timers) before continuing. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the work to its end without pausing. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the work, yielding to the event loop whenever a slice has taken `budgetMs`. */
export async function runInSlices<T>(steps: Generator<void, T>, budgetMs = 10): Promise<T> {
  const slice = slicer(budgetMs);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await slice.pause();
  }
}

/** For an async loop: `pause()` yields to the loop once the current slice has run `budgetMs`. */
export function slicer(budgetMs = 20): { pause(): Promise<void> } {
  let since = performance.now();
  return {
    async pause() {
      if (performance.now() - since < budgetMs) return;
      await yieldToLoop();
      since = performance.now();
    },
  };
}
