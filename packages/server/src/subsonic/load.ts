import type { Artist, MusicFolder, SimplifiedAlbum, Track } from '@runnel/api';
import type { CollectionKind } from '../collection/service.ts';
import type { Call } from './endpoint.ts';
import { notFound } from './errors.ts';
import { album, albumDirectory, artist, artistEntry, folderNumber, songs } from './map.ts';
import type { Node } from './response.ts';
import { chunks } from '../db/chunks.ts';
import { currentScope, withScope } from '../viewer-scope.ts';

type Caller = Pick<Call, 'services' | 'user'>;

/** The music folders the caller may reach: every one, or their libraries' when an admin restricted them (libraries/README.md). */
export async function viewerFolders(services: Pick<Call['services'], 'library'>): Promise<MusicFolder[]> {
  const all = await services.library.folders();
  const scope = currentScope();
  return scope ? all.filter((f) => scope.folders.includes(f.id)) : all;
}

/** Ids per look-up of the caller's stars (SQLite takes at most 32,766 values in one statement). */
const CHUNK = 1000;

/** When the caller starred (saved, followed) each of these items. */
export async function starredAt(call: Caller, kind: CollectionKind, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(ids, CHUNK)) {
    for (const [id, at] of await call.services.collection.savedAt(call.user.id, kind, part)) out.set(id, at);
  }
  return out;
}

/** The caller's ratings (1–5) of these items; unrated ones are absent. */
export async function ratingsOf(call: Caller, ids: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(ids, CHUNK)) {
    for (const [id, rating] of await call.services.collection.ratings(call.user.id, part)) out.set(id, rating);
  }
  return out;
}

/** What only the caller's data says about these albums or artists: when starred, and their rating. */
async function mine(call: Caller, kind: 'album' | 'artist', ids: string[]) {
  const [starred, ratings] = await Promise.all([starredAt(call, kind, ids), ratingsOf(call, ids)]);
  return { starred, ratings };
}

/**
 * The music folders a request covers: all of them, or the one `musicFolderId` names (its
 * number from getMusicFolders); an unknown number is error 70. `only` is set when the
 * request narrows the library (and there is more than one folder to narrow it to).
 */
export async function requestedFolders(call: Pick<Call, 'services' | 'params'>): Promise<{ folders: MusicFolder[]; only?: MusicFolder }> {
  // A folder outside the caller's libraries is error 70, as an unknown one.
  const all = await viewerFolders(call.services);
  const wanted = call.params.int('musicFolderId');
  if (wanted === undefined) return { folders: all };
  const folder = all.find((f) => folderNumber(f.id) === wanted);
  if (!folder) throw notFound(`Music folder ${wanted}`);
  return { folders: [folder], only: all.length > 1 ? folder : undefined };
}

/**
 * Runs `fn` seen from the music folder `musicFolderId` names (error 70 when it is unknown or
 * outside the caller's libraries): the request's viewer scope (viewer-scope.ts) becomes that
 * one folder, so every catalogue read and search inside `fn` finds only its music, as for a
 * user whose libraries held only that folder. Without `musicFolderId`, `fn` runs as it is.
 */
export async function inRequestedFolder<T>(call: Pick<Call, 'services' | 'params' | 'user'>, fn: () => Promise<T>): Promise<T> {
  const { only } = await requestedFolders(call);
  return only ? withScope({ userId: call.user.id, folders: [only.id] }, fn) : fn();
}

/** Songs for track ids, in their order (ids the catalogue does not have are left out). */
export async function songsOf(call: Caller, ids: string[]): Promise<Node[]> {
  const tracks = (await call.services.catalog.tracks(ids)).filter((t): t is Track => t !== null);
  return songs(call, tracks);
}

/** Albums as `AlbumID3`, starred from the caller's saved albums, rated from their ratings. */
export async function albumNodes(call: Caller, albums: SimplifiedAlbum[]): Promise<Node[]> {
  const { starred, ratings } = await mine(
    call,
    'album',
    albums.map((a) => a.id),
  );
  return albums.map((a) => album(a, starred.get(a.id), ratings.get(a.id)));
}

/** Albums as directories (`child` with `isDir`), for the folder-based endpoints. */
export async function albumDirectoryNodes(call: Caller, albums: SimplifiedAlbum[]): Promise<Node[]> {
  const { starred, ratings } = await mine(
    call,
    'album',
    albums.map((a) => a.id),
  );
  return albums.map((a) => albumDirectory(a, starred.get(a.id), ratings.get(a.id)));
}

/** Artists as `ArtistID3`, starred from the caller's followed artists, rated from their ratings. */
export async function artistNodes(call: Caller, artists: Artist[]): Promise<Node[]> {
  const { starred, ratings } = await mine(
    call,
    'artist',
    artists.map((a) => a.id),
  );
  return artists.map((a) => artist(a, starred.get(a.id), ratings.get(a.id)));
}

/** Artists as index entries (`Artist`, the folder-based shape). */
export async function artistEntryNodes(call: Caller, artists: { id: string; name: string }[]): Promise<Node[]> {
  const { starred, ratings } = await mine(
    call,
    'artist',
    artists.map((a) => a.id),
  );
  return artists.map((a) => artistEntry(a, starred.get(a.id), ratings.get(a.id)));
}

/** The `starred` and `userRating` attributes of an album's or artist's directory (getMusicDirectory). */
export async function directoryMarks(call: Caller, kind: 'album' | 'artist', id: string): Promise<Node> {
  const { starred, ratings } = await mine(call, kind, [id]);
  const at = starred.get(id);
  return { starred: at === undefined ? undefined : new Date(at).toISOString(), userRating: ratings.get(id) };
}
