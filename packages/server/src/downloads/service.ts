import type { DownloadKind, DownloadPage, PlaylistItem, SimplifiedTrack, Tier, Track } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import { extensionOf } from '../catalog/raster.ts';
import type { Db } from '../db/database.ts';
import type { Plans } from '../plans/service.ts';
import type { Playlists } from '../playlists/service.ts';
import type { Listener, StreamHttpRequest, Streaming } from '../streaming/service.ts';
import { planArchive, type Archive, type ArchiveInput } from './archive.ts';
import { listDownloads } from './listing.ts';
import { albumNumber, artistNames, listNumber, trackFileName } from './names.ts';
import { createDownloadsRepository } from './repository.ts';

export interface DownloadsDeps {
  db: Db;
  catalog: Pick<Catalog, 'track' | 'tracks' | 'album' | 'albums' | 'albumTracks' | 'trackPlaces' | 'imageIdOf' | 'image'>;
  playlists: Pick<Playlists, 'get' | 'items' | 'summaries'>;
  plans: Pick<Plans, 'requireRight'>;
  streaming: Pick<Streaming, 'download'>;
  now: () => number;
}

/** An album's or playlist's zip, with the name the Downloads list keeps for it. */
export interface NamedArchive extends Archive {
  name: string;
}

/** Covers larger than this are left out of an album's zip (they are read into memory). */
const MAX_COVER_BYTES = 32 * 1024 * 1024;
/** Ids looked up in one catalogue read. */
const BATCH = 500;

/**
 * The downloads module: a track's stored file, an album or a playlist as one zip streamed as
 * it is built, for users whose plan gives downloads; and the list of what each user
 * downloaded, to fetch again.
 */
export function createDownloads({ db, catalog, playlists, plans, streaming, now }: DownloadsDeps) {
  const repo = createDownloadsRepository(db);

  const paths: ArchiveInput['paths'] = async (ids) => {
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += BATCH) {
      for (const [id, place] of await catalog.trackPlaces(ids.slice(i, i + BATCH))) found.set(id, place.path);
    }
    return found;
  };

  /** The album's cover as stored (not a thumbnail), or undefined when it has none that can be read. */
  async function coverOf(albumId: string): Promise<ArchiveInput['cover']> {
    const imageId = await catalog.imageIdOf('album', albumId);
    if (!imageId) return undefined;
    const image = await catalog.image(imageId).catch(() => undefined);
    if (!image) return undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of image.stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_COVER_BYTES) {
        image.stream.destroy();
        return undefined;
      }
      chunks.push(chunk);
    }
    return { bytes: Buffer.concat(chunks), extension: extensionOf(image.mime) };
  }

  return {
    /** Refuses with `premium_required` unless the tier's plan gives downloads; asked before anything else. */
    allow: (tier: Tier) => plans.requireRight(tier, 'downloads', 'Downloading'),

    /** A track's stored file (byte ranges as streaming serves them) and the name to save it under. */
    async track(listener: Listener, id: string, request: StreamHttpRequest) {
      const track = await catalog.track(id);
      const outcome = await streaming.download(listener, id, request);
      return { outcome, name: track.name, fileName: trackFileName(albumNumber(track, track.album.total_discs), track) };
    },

    /** An album as a zip: its tracks by disc and number, its cover and an M3U. */
    async album(id: string): Promise<NamedArchive> {
      const album = await catalog.album(id);
      const tracks: SimplifiedTrack[] = [...album.tracks.items];
      while (tracks.length < album.tracks.total) {
        const page = await catalog.albumTracks(id, BATCH, tracks.length);
        if (!page.items.length) break;
        tracks.push(...page.items);
      }
      const archive = await planArchive({
        title: `${artistNames(album.artists)} - ${album.name}`,
        listName: album.name,
        tracks: tracks.map((track, i) => ({ track, number: albumNumber(track, album.total_discs, i) })),
        cover: await coverOf(id),
        paths,
      });
      return { ...archive, name: album.name };
    },

    /**
     * A playlist the user may see as a zip of its catalogue tracks, numbered in its order
     * (local files and tracks gone from the library are left out), and an M3U.
     */
    async playlist(id: string, userId: string): Promise<NamedArchive> {
      const playlist = await playlists.get(id, userId);
      const items: PlaylistItem[] = [...playlist.tracks.items];
      while (items.length < playlist.tracks.total) {
        const page = await playlists.items(id, userId, 100, items.length);
        if (!page.items.length) break;
        items.push(...page.items);
      }
      const ids = items.flatMap(({ is_local, track }) => (!is_local && track && 'type' in track && track.type === 'track' && track.id ? [track.id] : []));
      const tracks: Track[] = [];
      for (let i = 0; i < ids.length; i += BATCH) tracks.push(...(await catalog.tracks(ids.slice(i, i + BATCH))).filter((t): t is Track => t !== null));
      const archive = await planArchive({
        title: playlist.name,
        listName: playlist.name,
        tracks: tracks.map((track, i) => ({ track, number: listNumber(i + 1, tracks.length) })),
        paths,
      });
      return { ...archive, name: playlist.name };
    },

    /** Notes a download in the user's list (once per item: a download again moves it to the top). */
    record: (userId: string, kind: DownloadKind, itemId: string, name: string) => repo.record({ user_id: userId, kind, item_id: itemId, name, at: now() }),

    /** The user's downloads, newest first; items they can no longer see are marked unavailable. */
    list: (userId: string, limit: number, offset: number): Promise<DownloadPage> => listDownloads({ repo, catalog, playlists }, userId, limit, offset),
  };
}

export type Downloads = ReturnType<typeof createDownloads>;
