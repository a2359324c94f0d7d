import type { DownloadItem, DownloadKind, DownloadPage } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import { page } from '../paging.ts';
import type { Playlists } from '../playlists/service.ts';
import { artistNames } from './names.ts';
import type { DownloadsRepository } from './repository.ts';

export interface ListingDeps {
  repo: DownloadsRepository;
  catalog: Pick<Catalog, 'tracks' | 'albums' | 'imageIdOf'>;
  playlists: Pick<Playlists, 'summaries' | 'items'>;
}

type Live = Pick<DownloadItem, 'name' | 'subtitle' | 'image'>;

/** The smallest of a catalogue picture's sizes (they come largest first). */
const smallest = (images: { url: string }[]) => images.at(-1)?.url;

/**
 * A page of a user's downloads, newest first, each shown as it is now (its current name,
 * artists or owner, picture). One that left the library, or a playlist deleted or no longer
 * visible to them, keeps the name it was downloaded under and is marked unavailable.
 */
export async function listDownloads({ repo, catalog, playlists }: ListingDeps, userId: string, limit: number, offset: number): Promise<DownloadPage> {
  const [rows, total] = await Promise.all([repo.page(userId, limit, offset), repo.count(userId)]);
  const ids = (kind: DownloadKind) => rows.filter((row) => row.kind === kind).map((row) => row.item_id);
  const [tracks, albums, visible] = await Promise.all([
    catalog.tracks(ids('track')),
    catalog.albums(ids('album')),
    playlists.summaries(ids('playlist'), userId),
  ]);
  const live = new Map<string, Live>();
  for (const track of tracks) {
    if (track) live.set(`track:${track.id}`, { name: track.name, subtitle: artistNames(track.artists), image: smallest(track.album.images) });
  }
  for (const album of albums) {
    if (album) live.set(`album:${album.id}`, { name: album.name, subtitle: artistNames(album.artists), image: smallest(album.images) });
  }
  const art = async (playlistId: string): Promise<string | undefined> => {
    // As its page shows it: the cover of its first catalogue track's album.
    const first = (await playlists.items(playlistId, userId, 10, 0)).items.find((item) => !item.is_local && item.track?.id);
    const imageId = first ? await catalog.imageIdOf('track', first.track!.id!) : undefined;
    return imageId ? `/api/v1/images/${imageId}?size=64` : undefined;
  };
  for (const [id, playlist] of visible) {
    const owner = playlist.owner.display_name ?? undefined;
    live.set(`playlist:${id}`, { name: playlist.name, subtitle: owner, image: playlist.images[0]?.url ?? (await art(id)) });
  }
  const items = rows.map((row): DownloadItem => {
    const current = live.get(`${row.kind}:${row.item_id}`);
    return {
      kind: row.kind,
      id: row.item_id,
      ...(current ?? { name: row.name }),
      downloaded_at: new Date(Number(row.at)).toISOString(),
      href: `/api/v1/${row.kind}s/${encodeURIComponent(row.item_id)}/download`,
      available: current !== undefined,
    };
  });
  return page('/api/v1/me/downloads', items, limit, offset, total);
}
