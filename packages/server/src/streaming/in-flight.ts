/**
 * Wraps an async lookup so that calls for the same key made while one is running share
 * its answer, as if they had been made when it started. Hot tracks are asked for many
 * times at once (range requests, listeners starting a new release), and each lookup not
 * made saves a thread-pool or database round trip. Nothing is kept once it settles.
 */
export function sharedWhileRunning<T>(lookup: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key) => {
    let pending = running.get(key);
    if (!pending) {
      pending = lookup(key).finally(() => running.delete(key));
      running.set(key, pending);
    }
    return pending;
  };
}
