import type { CatalogObject, SimplifiedPlaylist } from '@runnel/api';
import type { CatalogLookup } from '../track-lookup.ts';

type Kind = 'track' | 'album' | 'artist' | 'playlist';

/** The kind and id in a `runnel:<kind>:<id>` uri. */
export const parseUri = (uri: string) => {
  const [, kind, id] = uri.split(':') as [string, Kind, string];
  return { kind, id };
};

/**
 * The objects behind track, album, artist and playlist uris as `userId` may see them, keyed
 * by uri (one lookup per kind); what is gone or hidden from them is missing.
 */
export async function objectsFor(
  uris: string[],
  userId: string,
  catalog: CatalogLookup,
  playlists: (ids: string[], userId: string) => Promise<Map<string, SimplifiedPlaylist>>,
): Promise<Map<string, CatalogObject>> {
  const byKind = new Map<Kind, string[]>();
  for (const uri of new Set(uris)) {
    const { kind, id } = parseUri(uri);
    byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  }
  const out = new Map<string, CatalogObject>();
  for (const [kind, ids] of byKind) {
    const found: Map<string, CatalogObject> =
      kind === 'track'
        ? await catalog.tracks(ids)
        : kind === 'album'
          ? await catalog.albums(ids)
          : kind === 'artist'
            ? await catalog.artists(ids)
            : ((await playlists(ids, userId)) as unknown as Map<string, CatalogObject>);
    for (const [id, object] of found) out.set(`runnel:${kind}:${id}`, object);
  }
  return out;
}
