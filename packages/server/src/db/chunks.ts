/** `items` in consecutive slices of at most `size` (the last may be shorter): for `in (...)` lists and batched inserts, under the databases' parameter limits. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** At most this many ids in one `in (...)` list: under SQLite's and PostgreSQL's parameter limits. */
export const IN_CHUNK = 900;

/** `query` run on `ids` a chunk at a time, the rows concatenated in chunk order. */
export async function inChunks<T>(ids: string[], query: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(ids, IN_CHUNK)) out.push(...(await query(part)));
  return out;
}
