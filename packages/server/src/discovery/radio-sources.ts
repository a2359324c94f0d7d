import type { CatalogObject } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { Playlists } from '../playlists/service.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import type { RadioSources, SeedKind } from './radio.ts';

/** The radio's view of the catalogue and playlists, through their modules' interfaces. */
export function radioSources(catalog: Catalog, music: CatalogLookup, playlists: Playlists): RadioSources {
  const quietly = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch {
      return undefined; // unknown (404) or not visible
    }
  };
  const albumTrackIds = async (albumId: string) => ((await quietly(() => catalog.albumTracks(albumId, 50, 0)))?.items ?? []).map((t) => t.id);
  return {
    tracks: (ids) => music.tracks(ids),
    async name(kind: SeedKind, id: string, userId: string) {
      if (kind === 'track') return (await quietly(() => catalog.track(id)))?.name;
      if (kind === 'album') return (await quietly(() => catalog.album(id)))?.name;
      if (kind === 'artist') return (await quietly(() => catalog.artist(id)))?.name;
      if (kind === 'playlist') return (await playlists.summaries([id], userId)).get(id)?.name;
      return (await catalog.randomTrackIds(1, { genre: id })).length ? id : undefined;
    },
    albumTrackIds,
    async artistTrackIds(artistId, limit) {
      const albums = (await quietly(() => catalog.artistAlbums(artistId, new Set(['album', 'appears_on']), 10, 0)))?.items ?? [];
      const ids: string[] = [];
      for (const album of albums) {
        const tracks = (await quietly(() => catalog.albumTracks(album.id, 50, 0)))?.items ?? [];
        for (const t of tracks) if (t.artists.some((a) => a.id === artistId)) ids.push(t.id);
        if (ids.length >= limit) break;
      }
      return ids.slice(0, limit);
    },
    genreTrackIds: (genre, count) => catalog.randomTrackIds(count, { genre }),
    randomTrackIds: (count) => catalog.randomTrackIds(count),
    async playlistTrackIds(playlistId, userId, limit) {
      const ids: string[] = [];
      for (let offset = 0; offset < limit; offset += 100) {
        const page = await quietly(() => playlists.items(playlistId, userId, 100, offset));
        if (!page) break;
        for (const item of page.items) if (!item.is_local && (item.track as CatalogObject | null)?.id) ids.push((item.track as CatalogObject).id!);
        if (offset + 100 >= page.total) break;
      }
      return ids.slice(0, limit);
    },
  };
}
