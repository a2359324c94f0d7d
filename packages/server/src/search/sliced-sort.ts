/** Elements sorted natively at once before merging; also the work between two pauses of a merge. */
const RUN = 4096;

/**
 * The numbers 0…n-1 ordered by `compare` (a total order), as a bottom-up merge sort that
 * yields after every RUN elements, so sorting a million ids or terms can be spread over
 * many turns of the event loop (Array.prototype.sort cannot be paused).
 */
export function* sortedIndices(n: number, compare: (a: number, b: number) => number): Generator<void, Int32Array> {
  let from = new Int32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  for (let lo = 0; lo < n; lo += RUN) {
    from.subarray(lo, Math.min(n, lo + RUN)).sort(compare);
    yield;
  }
  if (n <= RUN) return from;
  let to = new Int32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let out = lo;
      while (out < hi) {
        const stop = Math.min(hi, out + RUN);
        while (out < stop) to[out++] = j >= hi || (i < mid && compare(from[i]!, from[j]!) <= 0) ? from[i++]! : from[j++]!;
        yield;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}
