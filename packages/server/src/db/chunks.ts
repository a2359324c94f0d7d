/** `items` in consecutive slices of at most `size` (the last may be shorter): for `in (...)` lists and batched inserts, under the databases' parameter limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
