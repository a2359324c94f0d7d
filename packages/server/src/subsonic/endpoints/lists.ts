import { slice } from '../../catalog/orderings.ts';
import type { Call, Endpoints } from '../endpoint.ts';
import { invalid } from '../errors.ts';
import { albumDirectoryNodes, albumNodes, requestedFolders, songsOf } from '../load.ts';
import { callLanguage } from '../map.ts';
import { MAX_OFFSET } from '../params.ts';
import type { Node } from '../response.ts';

/**
 * Most items one list answers with. Larger sizes are clamped to it rather than refused, as
 * Subsonic itself does: apps that ask for more still get a full page, not an error.
 */
const MAX_SIZE = 500;
/** A user's starred albums are read whole when a music folder narrows them. */
const ALL_STARRED = 100_000;

const sized = (call: Call, name: string, fallback: number) => Math.min(call.params.int(name, { min: 0, fallback })!, MAX_SIZE);

/** One page of album ids for a list type, narrowed to a music folder when asked. */
async function albumListIds(call: Call): Promise<string[]> {
  const { catalog, collection, discovery } = call.services;
  const type = call.params.require('type');
  const size = sized(call, 'size', 10);
  const offset = call.params.int('offset', { min: 0, max: MAX_OFFSET, fallback: 0 })!;
  const { only } = await requestedFolders(call);
  const inFolder = only ? new Set(await catalog.albumIdsOfFolder(only.id)) : undefined;
  const page = (ids: readonly string[], descending = false) =>
    inFolder
      ? slice(
          ids.filter((id) => inFolder.has(id)),
          offset,
          size,
          descending,
        )
      : slice(ids, offset, size, descending);

  switch (type) {
    case 'random':
      return catalog.randomAlbumIds(size, inFolder);
    case 'newest':
      return page(await catalog.albumIds('added', 'en'), true);
    case 'alphabeticalByName':
      return page(await catalog.albumIds('name', callLanguage(call)));
    case 'alphabeticalByArtist':
      return page(await catalog.albumIds('artist', callLanguage(call)));
    case 'byYear':
      return page(await catalog.albumIdsByYear(call.params.requireInt('fromYear'), call.params.requireInt('toYear'), callLanguage(call)));
    case 'byGenre':
      return page(await catalog.albumIdsOfGenre(call.params.require('genre'), callLanguage(call)));
    case 'starred':
      return inFolder
        ? page((await collection.savedIds(call.user.id, 'album', ALL_STARRED, 0)).items.map((i) => i.id))
        : (await collection.savedIds(call.user.id, 'album', size, offset)).items.map((i) => i.id);
    case 'frequent':
      // From the counts discovery keeps as plays are reported, never by grouping the history.
      return page(await discovery.playedBy(call.user.id, 'album', 'plays'));
    case 'recent':
      return page(await discovery.playedBy(call.user.id, 'album', 'last'));
    case 'highest':
      // Runnel keeps no ratings yet: nothing is rated, so nothing is highest rated.
      return [];
    default:
      throw invalid(
        'type',
        `must be one of random, newest, highest, frequent, recent, alphabeticalByName, alphabeticalByArtist, starred, byYear, byGenre (not "${type.slice(0, 40)}")`,
      );
  }
}

async function albumList(call: Call, shape: (call: Call, albums: Awaited<ReturnType<Call['services']['catalog']['albumSummaries']>>) => Promise<Node[]>) {
  return shape(call, await call.services.catalog.albumSummaries(await albumListIds(call)));
}

export const listEndpoints: Endpoints = {
  // The folder-based list: albums as directories, which getMusicDirectory opens.
  getAlbumList: { handle: async (call) => ({ albumList: { album: await albumList(call, albumDirectoryNodes) } }) },

  getAlbumList2: { handle: async (call) => ({ albumList2: { album: await albumList(call, albumNodes) } }) },

  getRandomSongs: {
    async handle(call) {
      const { only } = await requestedFolders(call);
      const ids = await call.services.catalog.randomTrackIds(sized(call, 'size', 10), {
        genre: call.params.get('genre') || undefined,
        fromYear: call.params.int('fromYear'),
        toYear: call.params.int('toYear'),
        folderId: only?.id,
      });
      return { randomSongs: { song: await songsOf(call, ids) } };
    },
  },

  getSongsByGenre: {
    async handle(call) {
      const genre = call.params.require('genre');
      const { only } = await requestedFolders(call);
      const ids = await call.services.catalog.trackIds(call.params.int('offset', { min: 0, max: MAX_OFFSET, fallback: 0 })!, sized(call, 'count', 10), {
        genre,
        folderId: only?.id,
      });
      return { songsByGenre: { song: await songsOf(call, ids) } };
    },
  },
};
