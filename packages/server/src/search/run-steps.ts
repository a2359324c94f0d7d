/** Running work written as generators that yield after a bounded piece (segment builds, saves, loads). */

/** Runs build steps to the end at once. */
export function runNow<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface SlicedOptions {
  /** The longest stretch of work between two turns of the event loop. */
  sliceMs?: number;
  /** Stops the build (it rejects with the signal's reason). */
  signal?: AbortSignal;
}

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs build steps, giving the event loop a turn whenever `sliceMs` of work has passed. */
export async function runSliced<T>(steps: Generator<void, T>, { sliceMs = 10, signal }: SlicedOptions = {}): Promise<T> {
  let started = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - started >= sliceMs) {
      await nextTurn();
      signal?.throwIfAborted();
      started = performance.now();
    }
  }
}
