import type { Artist } from '@runnel/api';
import type { SearchKind } from '../../search/documents.ts';
import type { AlbumSummary } from '../../catalog/listings.ts';
import type { Call, Endpoints } from '../endpoint.ts';
import { albumDirectoryNodes, albumNodes, artistEntryNodes, artistNodes, inRequestedFolder, songsOf } from '../load.ts';
import { callLanguage } from '../map.ts';
import { MAX_OFFSET } from '../params.ts';
import type { Node } from '../response.ts';

/** Most items of one kind per request: enough for a library sync page (apps ask for 500). */
const MAX_COUNT = 10_000;

/**
 * Apps sync whole libraries by searching for nothing: an absent or empty query, or one of
 * two quote characters (what Symfonium and others send), or `*`, matches everything.
 */
const matchesEverything = (query: string | undefined) => query === undefined || /^\s*(""|''|\*)?\s*$/.test(query);

interface Window {
  count: number;
  offset: number;
}

interface Found {
  artists: Artist[];
  albums: AlbumSummary[];
  songIds: string[];
}

function windowOf(call: Call, kind: 'artist' | 'album' | 'song'): Window {
  return {
    count: call.params.int(`${kind}Count`, { min: 0, max: MAX_COUNT, fallback: 20 })!,
    offset: call.params.int(`${kind}Offset`, { min: 0, max: MAX_OFFSET, fallback: 0 })!,
  };
}

/** Everything, in a stable order: artists and albums A–Z (cached orderings), songs by id (keyset paging). */
async function everything(call: Call, artists: Window, albums: Window, songs: Window): Promise<Found> {
  const { catalog } = call.services;
  const language = callLanguage(call);
  const [artistPage, albumPage, songIds] = await Promise.all([
    artists.count ? catalog.listArtists('name', artists.count, artists.offset, language).then((p) => p.items) : [],
    albums.count ? catalog.albumIds('name', language).then((ids) => catalog.albumSummaries(ids.slice(albums.offset, albums.offset + albums.count))) : [],
    songs.count ? catalog.trackIds(songs.offset, songs.count) : [],
  ]);
  return { artists: artistPage, albums: albumPage, songIds };
}

/**
 * The search module's ranked matches, kind by kind, each with its own window, in the caller's
 * language (in Swedish a typed å, ä, ö finds its own letter first: search/exact-marks.ts).
 */
async function matching(call: Call, query: string, artists: Window, albums: Window, songs: Window): Promise<Found> {
  const { search, catalog } = call.services;
  const language = callLanguage(call);
  const ids = async (kind: SearchKind, window: Window) => {
    if (!window.count) return [];
    const result = await search.query({ q: query, kinds: [kind], limit: window.count, offset: window.offset, userId: call.user.id, language });
    return (result.results[kind]?.hits ?? []).map((hit) => hit.id);
  };
  const [artistIds, albumIds, songIds] = await Promise.all([ids('artist', artists), ids('album', albums), ids('track', songs)]);
  const [artistList, albumList] = await Promise.all([catalog.artists(artistIds), catalog.albumSummaries(albumIds)]);
  return { artists: artistList.filter((a): a is Artist => a !== null), albums: albumList, songIds };
}

/**
 * What a search asks for. `musicFolderId` narrows the request to that folder (load.ts
 * `inRequestedFolder`): the listings then hold only its music, and text matches from other
 * folders are dropped the way search drops what a viewer's libraries do not hold
 * (search/scoped.ts), so counts and offsets page through that folder's hits alone.
 */
async function find(call: Call): Promise<Found> {
  const query = call.params.get('query');
  const windows = [windowOf(call, 'artist'), windowOf(call, 'album'), windowOf(call, 'song')] as const;
  return inRequestedFolder(call, () => (matchesEverything(query) ? everything(call, ...windows) : matching(call, query!.trim(), ...windows)));
}

export const searchEndpoints: Endpoints = {
  // The folder-based shape: artists as index entries, albums as directories.
  search2: {
    async handle(call) {
      const found = await find(call);
      const result: Node = {
        artist: await artistEntryNodes(call, found.artists),
        album: await albumDirectoryNodes(call, found.albums),
        song: await songsOf(call, found.songIds),
      };
      return { searchResult2: result };
    },
  },

  search3: {
    async handle(call) {
      const found = await find(call);
      const [artist, album, song] = await Promise.all([artistNodes(call, found.artists), albumNodes(call, found.albums), songsOf(call, found.songIds)]);
      return { searchResult3: { artist, album, song } };
    },
  },
};
