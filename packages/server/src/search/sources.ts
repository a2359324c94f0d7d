import type { DocumentSource, SearchDocument, SearchKind } from './documents.ts';

/** What search needs from accounts: names of users, all or by id. */
export interface UserNames {
  usersForIndex(ids?: readonly string[]): Promise<Array<{ id: string; username: string; display_name: string }>>;
}

/** Users as search documents: found by display name (the title) and by username. */
export function usersSource(accounts: UserNames): DocumentSource {
  return {
    kinds: ['user'],
    async *documents(_kind, ids) {
      const users = await accounts.usersForIndex(ids);
      yield users.map((u): SearchDocument => ({ id: u.id, kind: 'user', title: u.display_name, artists: [], names: [u.username] }));
    },
  };
}

/** What search reads from the catalogue: flat documents by id, and every id of a kind for a rebuild. */
export interface CatalogDocuments {
  searchDocuments(
    ids: string[],
  ): Promise<
    Array<{ id: string; kind: 'track' | 'album' | 'artist'; title: string; artists: string[]; album: string | null; genres: string[]; year: number | null }>
  >;
  allIds(kind: 'track' | 'album' | 'artist'): AsyncIterable<string[]>;
}

/** Tracks, albums and artists of the catalogue as search documents. */
export function catalogSource(catalog: CatalogDocuments): DocumentSource {
  const load = async (kind: SearchKind, ids: readonly string[]) =>
    (await catalog.searchDocuments([...ids]))
      .filter((d) => d.kind === kind)
      .map((d): SearchDocument => ({
        id: d.id,
        kind: d.kind,
        title: d.title,
        artists: d.artists,
        album: d.album ?? undefined,
        genres: d.genres,
        year: d.year ?? undefined,
      }));
  return {
    kinds: ['track', 'album', 'artist'],
    async *documents(kind, ids) {
      if (kind !== 'track' && kind !== 'album' && kind !== 'artist') return;
      if (ids) {
        for (let i = 0; i < ids.length; i += 500) yield await load(kind, ids.slice(i, i + 500));
        return;
      }
      for await (const batch of catalog.allIds(kind)) yield await load(kind, batch);
    },
  };
}

/** Playlists as search documents, with who may find the private ones. */
export function playlistsSource(playlists: { searchDocuments(ids?: readonly string[]): AsyncIterable<SearchDocument[]> }): DocumentSource {
  return {
    kinds: ['playlist'],
    documents: (_kind, ids) => playlists.searchDocuments(ids),
  };
}
