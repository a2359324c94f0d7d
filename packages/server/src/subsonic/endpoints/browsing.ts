import { basename } from 'node:path';
import type { MusicFolder, SimplifiedAlbum } from '@runnel/api';
import { collationKey } from '../../language/collation.ts';
import type { Call, Endpoints } from '../endpoint.ts';
import { notFound } from '../errors.ts';
import { albumDirectoryNodes, albumNodes, artistNodes, directoryMarks, requestedFolders, songsOf, viewerFolders } from '../load.ts';
import { IGNORED_ARTICLES, albumCoverId, byIndexLetter, callLanguage, directoryId, folderNumber, parseDirectoryId } from '../map.ts';
import { text, textAndAttribute, type Node } from '../response.ts';

/** Far more than any album or artist page; the catalogue pages internally. */
const ALL = 1_000_000;
/** Tracks read per step when an album is larger than one page. */
const ALBUM_PAGE = 500;
/** Most songs a top or similar list answers with; larger counts are clamped, as album lists are. */
const MAX_SONGS = 500;

const folderName = (folder: MusicFolder) => basename(folder.path) || folder.path;

/** A directory of a music folder's tree (from the catalogue), or error 70. */
async function treeDirectory(call: Call, id: string) {
  const parsed = parseDirectoryId(id);
  if (!parsed) return undefined;
  const folder = (await viewerFolders(call.services)).find((f) => f.id === parsed.folderId);
  const tree = folder && (await call.services.catalog.directoryTree(folder.id, folder.path));
  const dir = tree?.directories.get(parsed.relativeDir);
  if (!folder || !dir) throw notFound('Directory');
  return { folder, dir };
}

async function folderDirectory(call: Call, id: string): Promise<Node | undefined> {
  const found = await treeDirectory(call, id);
  if (!found) return undefined;
  const { folder, dir } = found;
  const tree = await call.services.catalog.directoryTree(folder.id, folder.path);
  const cut = dir.path.lastIndexOf('/');
  const subdirectories = dir.directories.map((name) => {
    const path = dir.path === '' ? name : `${dir.path}/${name}`;
    const cover = tree.directories.get(path)?.coverAlbumId;
    return { id: directoryId(folder.id, path), parent: id, isDir: true, title: name, coverArt: cover ? albumCoverId(cover) : undefined };
  });
  return {
    id,
    parent: dir.path === '' ? undefined : directoryId(folder.id, cut === -1 ? '' : dir.path.slice(0, cut)),
    name: dir.path === '' ? folderName(folder) : dir.path.slice(cut + 1),
    child: [...subdirectories, ...(await songsOf(call, dir.trackIds))],
  };
}

/** Every track id of an album, in disc and track order. */
async function albumTrackIds(call: Call, albumId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += ALBUM_PAGE) {
    const page = await call.services.catalog.albumTracks(albumId, ALBUM_PAGE, offset);
    ids.push(...page.items.map((t) => t.id));
    if (!page.next) return ids;
  }
}

/**
 * Songs like a song, album or artist: the radio's station from it (what people play together
 * with it, the same artists, its genre), less the seed song or album itself.
 */
async function similarSongs(call: Call, kind: 'track' | 'album' | 'artist', id: string): Promise<Node[]> {
  const count = Math.min(call.params.int('count', { min: 0, fallback: 50 })!, MAX_SONGS);
  if (count === 0) return [];
  const own = kind === 'track' ? [id] : kind === 'album' ? await albumTrackIds(call, id) : [];
  const station = await call.services.radio.station(call.user.id, `runnel:${kind}:${id}`, count, own, { fill: false });
  return songsOf(
    call,
    station.tracks.flatMap((t) => (t.id && !own.includes(t.id) ? [t.id] : [])),
  );
}

/** An artist's own albums (as album artist); an artist who only plays on others' albums gets those instead. */
async function artistAlbums(call: Call, artistId: string): Promise<SimplifiedAlbum[]> {
  const albums = (groups: ('album' | 'appears_on')[], count: number) =>
    call.services.catalog.artistAlbums(artistId, new Set(groups), count, 0, callLanguage(call));
  const own = await albums(['album'], 500);
  if (own.total > 0) return own.total > own.items.length ? (await albums(['album'], own.total)).items : own.items;
  return (await albums(['appears_on'], 500)).items;
}

/** Which catalogue object an id names, for endpoints that take any of them; error 70 when none. */
async function kindOf(call: Call, id: string): Promise<'directory' | 'track' | 'album' | 'artist'> {
  if (await treeDirectory(call, id)) return 'directory';
  const { catalog } = call.services;
  if ((await catalog.tracksExist([id])).has(id)) return 'track';
  if ((await catalog.albumSummaries([id])).length) return 'album';
  if ((await catalog.artists([id]))[0]) return 'artist';
  throw notFound(`Item ${id}`);
}

export const browsingEndpoints: Endpoints = {
  getMusicFolders: {
    async handle({ services }) {
      const folders = await viewerFolders(services);
      return { musicFolders: { musicFolder: folders.map((f) => ({ id: folderNumber(f.id), name: folderName(f) })) } };
    },
  },

  // The top-level directories of the music folders, filed by letter, and the songs lying at
  // their roots; `ifModifiedSince` (ms) answers without entries when nothing changed since.
  getIndexes: {
    async handle(call) {
      const { folders } = await requestedFolders(call);
      const trees = await Promise.all(folders.map(async (folder) => ({ folder, tree: await call.services.catalog.directoryTree(folder.id, folder.path) })));
      const lastModified = Math.max(0, ...trees.map((t) => t.tree.lastModified));
      const since = call.params.int('ifModifiedSince');
      if (since !== undefined && lastModified <= since) return { indexes: { lastModified, ignoredArticles: IGNORED_ARTICLES } };
      const language = callLanguage(call);
      const entries = trees.flatMap(({ folder, tree }) =>
        (tree.directories.get('')?.directories ?? []).map((name) => ({ id: directoryId(folder.id, name), name, key: collationKey(name, language) })),
      );
      // A few thousand folder names at most, sorted per request as the language's A–Z does.
      entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
      const looseTracks = trees.flatMap(({ tree }) => tree.directories.get('')?.trackIds ?? []);
      return {
        indexes: {
          lastModified,
          ignoredArticles: IGNORED_ARTICLES,
          index: byIndexLetter(entries, (e) => e.name, language).map((g) => ({ name: g.name, artist: g.items.map(({ id, name }) => ({ id, name })) })),
          child: await songsOf(call, looseTracks),
        },
      };
    },
  },

  // Folder browsing by the real folder tree; album and artist ids (from getAlbumList and
  // search2) open as directories too, so every folder-based list leads somewhere.
  getMusicDirectory: {
    async handle(call) {
      const id = call.params.require('id');
      const folder = await folderDirectory(call, id);
      if (folder) return { directory: folder };
      const { catalog } = call.services;
      const [found] = await catalog.albumSummaries([id]);
      if (found) {
        return {
          directory: {
            id,
            parent: found.artists[0]?.id,
            name: found.name,
            ...(await directoryMarks(call, 'album', id)),
            child: await songsOf(call, await albumTrackIds(call, id)),
          },
        };
      }
      const [performer] = await catalog.artists([id]);
      if (!performer) throw notFound('Directory');
      return {
        directory: {
          id,
          name: performer.name,
          ...(await directoryMarks(call, 'artist', id)),
          child: await albumDirectoryNodes(call, await artistAlbums(call, id)),
        },
      };
    },
  },

  // Album artists A–Z by letter (artists who only play on others' albums are reached
  // through their songs).
  getArtists: {
    async handle(call) {
      const { only } = await requestedFolders(call);
      const language = callLanguage(call);
      let artists = (await call.services.catalog.listArtists('name', ALL, 0, language)).items.filter((a) => a.album_count > 0);
      if (only) {
        const albums = await call.services.catalog.albumSummaries([...(await call.services.catalog.albumIdsOfFolder(only.id))]);
        const inFolder = new Set(albums.flatMap((a) => a.artists.map((x) => x.id)));
        artists = artists.filter((a) => inFolder.has(a.id));
      }
      const nodes = await artistNodes(call, artists);
      return {
        artists: {
          ignoredArticles: IGNORED_ARTICLES,
          index: byIndexLetter(nodes, (n) => String(n.name), language).map((g) => ({ name: g.name, artist: g.items })),
        },
      };
    },
  },

  getArtist: {
    async handle(call) {
      const performer = await call.services.catalog.artist(call.params.require('id'));
      const [node] = await artistNodes(call, [performer]);
      const albums = await albumNodes(call, await artistAlbums(call, performer.id));
      return { artist: { ...node, albumCount: albums.length, album: albums } };
    },
  },

  getAlbum: {
    async handle(call) {
      const found = await call.services.catalog.album(call.params.require('id'));
      const [node] = await albumNodes(call, [found]);
      return { album: { ...node, song: await songsOf(call, await albumTrackIds(call, found.id)) } };
    },
  },

  getSong: {
    async handle(call) {
      const track = await call.services.catalog.track(call.params.require('id'));
      const [song] = await songsOf(call, [track.id]);
      if (!song) throw notFound('Song');
      return { song };
    },
  },

  getGenres: {
    async handle({ services }) {
      const genres = await services.catalog.genres(ALL, 0);
      return { genres: { genre: genres.items.map((g) => ({ songCount: g.track_count, albumCount: g.album_count, value: textAndAttribute(g.name) })) } };
    },
  },

  // No internet look-ups: what the tags say (a MusicBrainz id), nothing invented.
  getArtistInfo2: {
    async handle(call) {
      const performer = await call.services.catalog.artist(call.params.require('id'));
      return { artistInfo2: { musicBrainzId: text(performer.musicbrainz_id) } };
    },
  },
  getArtistInfo: {
    async handle(call) {
      const id = call.params.require('id');
      const [performer] = (await kindOf(call, id)) === 'artist' ? await call.services.catalog.artists([id]) : [];
      return { artistInfo: { musicBrainzId: text(performer?.musicbrainz_id) } };
    },
  },
  getAlbumInfo2: {
    async handle(call) {
      const found = await call.services.catalog.album(call.params.require('id'));
      return { albumInfo: { musicBrainzId: text(found.musicbrainz_id) } };
    },
  },
  getAlbumInfo: {
    async handle(call) {
      const id = call.params.require('id');
      const [found] = (await kindOf(call, id)) === 'album' ? await call.services.catalog.albumSummaries([id]) : [];
      return { albumInfo: { musicBrainzId: text(found?.musicbrainz_id) } };
    },
  },

  getSimilarSongs2: {
    async handle(call) {
      const id = call.params.require('id');
      await call.services.catalog.artist(id);
      return { similarSongs2: { song: await similarSongs(call, 'artist', id) } };
    },
  },
  getSimilarSongs: {
    async handle(call) {
      const id = call.params.require('id');
      const kind = await kindOf(call, id);
      return { similarSongs: { song: kind === 'directory' ? [] : await similarSongs(call, kind, id) } };
    },
  },

  // The caller's most played songs by the artist (by name, as the spec has it), from the
  // discovery module's play counts; empty when they have played none.
  getTopSongs: {
    async handle(call) {
      const { catalog, discovery } = call.services;
      const count = Math.min(call.params.int('count', { min: 0, fallback: 50 })!, MAX_SONGS);
      const artistId = await catalog.artistIdByName(call.params.require('artist'));
      const ids = artistId ? await discovery.mostPlayed('track', await catalog.artistTrackIds(artistId), call.user.id, count) : [];
      return { topSongs: { song: await songsOf(call, ids) } };
    },
  },
};
