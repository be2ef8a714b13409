/**
 * Long computations written as generators that pause (`yield`) between small pieces of work, run
 * either straight through or in slices with the event loop served in between, so that one
 * request's work never holds every other request.
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
  let since = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - since > budgetMs) {
      await yieldToLoop();
      since = performance.now();
    }
  }
}
