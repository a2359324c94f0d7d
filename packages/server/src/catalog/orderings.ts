import { scopeKey } from './scope.ts';

/**
 * A–Z (and other) listings as in-memory arrays of ids, one per sort order. OFFSET paging in
 * SQL walks every skipped row, so a deep page of 100,000 albums cost ~50 ms; a slice of an
 * array costs nothing. Each array is rebuilt from one index-ordered query (about 0.1 s for
 * 100,000 albums) on first use after the catalogue changed; concurrent requests share it.
 */
export function createOrderings() {
  const cache = new Map<string, { value: unknown; version: number }>();
  const building = new Map<string, Promise<unknown>>();
  let version = 0;

  async function value<T>(name: string, load: () => Promise<T>): Promise<T> {
    // What a viewer restricted to some libraries sees is kept apart from everyone's (catalog/scope.ts).
    const key = `${name}|${scopeKey()}`;
    const hit = cache.get(key);
    if (hit && hit.version === version) return hit.value as T;
    let pending = building.get(key) as Promise<T> | undefined;
    if (!pending) {
      const startedAt = version;
      pending = load()
        .then((loaded) => {
          cache.set(key, { value: loaded, version: startedAt });
          return loaded;
        })
        .finally(() => building.delete(key));
      building.set(key, pending);
    }
    return pending;
  }

  return {
    /** The catalogue changed: rebuild on next use. */
    invalidate() {
      version++;
    },
    /** Ids in order for `key`, built with `load` when missing or out of date. */
    ids: (key: string, load: () => Promise<string[]>): Promise<string[]> => value(key, load),
    /** Any other value derived from the whole catalogue (a folder's directory tree), kept the same way. */
    value,
  };
}

/** The page of `ids` at offset/limit; descending orders read the ascending array from its end. */
export function slice(ids: readonly string[], offset: number, limit: number, descending: boolean): string[] {
  if (!descending) return ids.slice(offset, offset + limit);
  const end = ids.length - offset;
  return ids.slice(Math.max(0, end - limit), Math.max(0, end)).reverse();
}
