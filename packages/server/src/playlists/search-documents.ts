import type { PlaylistsRepository } from './repository.ts';

/** A playlist as the search module indexes it (its SearchDocument shape). */
export interface PlaylistSearchDocument {
  id: string;
  kind: 'playlist';
  title: string;
  artists: string[];
  visibility: { public: boolean; users: string[] };
}

const BATCH = 500;

/**
 * Playlists as search documents (all, or these ids; deleted ones are simply absent), in
 * batches: the search module's document source for kind `playlist`. A private playlist is
 * visible to its owner and collaborators only.
 */
export function createSearchDocuments(repo: PlaylistsRepository, userNames: (ids: string[]) => Promise<Map<string, string>>) {
  const toDocuments = async (rows: { id: string; name: string; owner_id: string; public: number }[]): Promise<PlaylistSearchDocument[]> => {
    const collaborators = await repo.collaboratorsOf(rows.map((r) => r.id));
    const names = await userNames([...new Set(rows.map((r) => r.owner_id))]);
    return rows.map((r) => ({
      id: r.id,
      kind: 'playlist' as const,
      title: r.name,
      artists: names.has(r.owner_id) ? [names.get(r.owner_id)!] : [],
      visibility: { public: r.public === 1, users: [r.owner_id, ...collaborators.filter((c) => c.playlist_id === r.id).map((c) => c.user_id)] },
    }));
  };

  return async function* searchDocuments(ids?: readonly string[]): AsyncIterable<PlaylistSearchDocument[]> {
    if (ids) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const rows = await repo.indexRows({ ids: ids.slice(i, i + BATCH) }, BATCH);
        if (rows.length) yield await toDocuments(rows);
      }
      return;
    }
    for (let after = ''; ;) {
      const rows = await repo.indexRows({ after }, BATCH);
      if (!rows.length) return;
      yield await toDocuments(rows);
      after = rows.at(-1)!.id;
    }
  };
}
