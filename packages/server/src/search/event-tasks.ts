import type { BusEvent } from '../events/bus.ts';
import { SEARCH_KINDS, type SearchKind } from './documents.ts';

/** A change the search module applies: re-read from the source, reload from the table, or remove. */
export type Task = { action: 'refresh' | 'reload' | 'remove'; kind: SearchKind; ids: string[] };

/**
 * What an event on the bus asks of the index on node `node`: other modules' changes are
 * re-read from their sources; other nodes' `search.changed` rows are reloaded from the table.
 * Another module's change published on another node (`remote`) asks nothing: that node
 * writes `search_documents` once and announces `search.changed`, which brings it here.
 */
export function tasksOf(event: BusEvent, node: string, remote = false): Task[] {
  const tasks: Task[] = [];
  if (remote && event.type !== 'search.changed') return tasks;
  const enqueue = (task: Task) => tasks.push(task);
  const data = (event.data ?? {}) as Record<string, unknown>;
  const ids = Array.isArray(data.ids) ? data.ids.filter((x): x is string => typeof x === 'string') : typeof data.id === 'string' ? [data.id] : [];
  const kind = SEARCH_KINDS.find((k) => k === data.kind);
  switch (event.type) {
    case 'catalog.changed':
      if (kind && ids.length) enqueue({ action: data.removed === true ? 'remove' : 'refresh', kind, ids });
      // The catalogue's own shape: { added, changed, removed } × { tracks, albums, artists }.
      for (const [group, action] of [
        ['added', 'refresh'],
        ['changed', 'refresh'],
        ['removed', 'remove'],
      ] as const) {
        const lists = data[group] as Record<string, unknown> | undefined;
        for (const [plural, k] of [
          ['tracks', 'track'],
          ['albums', 'album'],
          ['artists', 'artist'],
        ] as const) {
          const list = lists?.[plural];
          if (Array.isArray(list) && list.length) enqueue({ action, kind: k, ids: list.filter((x): x is string => typeof x === 'string') });
        }
      }
      break;
    case 'playlist.changed':
      if (ids.length) enqueue({ action: data.removed === true ? 'remove' : 'refresh', kind: 'playlist', ids });
      break;
    case 'user.updated':
      if (ids.length) enqueue({ action: 'refresh', kind: 'user', ids });
      break;
    case 'user.deleted':
      if (ids.length) enqueue({ action: 'remove', kind: 'user', ids });
      break;
    case 'search.changed':
      if (kind && data.node !== node && ids.length) enqueue({ action: 'reload', kind, ids });
      break;
  }
  return tasks;
}
