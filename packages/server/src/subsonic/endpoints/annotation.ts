import { createHash } from 'node:crypto';
import type { Album, Artist } from '@runnel/api';
import type { CollectionKind } from '../../collection/service.ts';
import type { Call, Endpoints } from '../endpoint.ts';
import { invalid, missing, notFound } from '../errors.ts';
import { inRequestedFolder, ratingsOf } from '../load.ts';
import { album, albumDirectory, artist, artistEntry, songs } from '../map.ts';

/**
 * Stars, ratings, scrobbles and now playing, on the collection and player modules. A
 * starred song is Runnel's "Starred", a starred album a saved album, a starred artist a
 * followed artist: what the web player shows under those names.
 */

const PAGE = 500;
const trackUri = (id: string) => `runnel:track:${id}`;
const notNull = <T>(value: T | null): value is T => value !== null;

interface Kinds {
  track: string[];
  album: string[];
  artist: string[];
  unknown: string[];
}

/** Sorts Subsonic ids (which may name a song, an album or an artist) by what they are in the catalogue. */
async function classify(call: Call, ids: string[]): Promise<Kinds> {
  const { catalog } = call.services;
  const unique = [...new Set(ids)];
  const tracks = new Set((await catalog.tracks(unique)).filter(notNull).map((t) => t.id));
  const rest = unique.filter((id) => !tracks.has(id));
  const albums = new Set(rest.length ? (await catalog.albums(rest)).filter(notNull).map((a) => a.id) : []);
  const rest2 = rest.filter((id) => !albums.has(id));
  const artists = new Set(rest2.length ? (await catalog.artists(rest2)).filter(notNull).map((a) => a.id) : []);
  return { track: [...tracks], album: [...albums], artist: [...artists], unknown: rest2.filter((id) => !artists.has(id)) };
}

/** Subsonic's `id`, `albumId` and `artistId` as collection kinds (song → star, album → saved album, artist → followed artist). */
async function starTargets(call: Call, forgiving: boolean): Promise<[CollectionKind, string[]][]> {
  const { params } = call;
  const ids = params.all('id');
  if (!ids.length && !params.has('albumId') && !params.has('artistId')) throw missing('id, albumId or artistId');
  const kinds = await classify(call, ids);
  // Unstarring something the catalogue no longer has must still work.
  if (kinds.unknown.length && !forgiving) throw notFound(`Item ${kinds.unknown.slice(0, 5).join(', ')}`);
  const loose = forgiving ? kinds.unknown : [];
  return [
    ['star', [...kinds.track, ...loose]],
    ['album', [...kinds.album, ...params.all('albumId'), ...loose]],
    ['artist', [...kinds.artist, ...params.all('artistId'), ...loose]],
  ];
}

/** Every id the user saved of a kind, newest first, with when. */
async function savedAll(call: Call, kind: CollectionKind): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let offset = 0; ; offset += PAGE) {
    const { items, total } = await call.services.collection.savedIds(call.user.id, kind, PAGE, offset);
    for (const item of items) out.set(item.id, item.added_at);
    if (offset + PAGE >= total) return out;
  }
}

/**
 * What the caller starred that the catalogue shows them: with `musicFolderId`, only what has
 * music in that folder (load.ts `inRequestedFolder`).
 */
async function starred(call: Call) {
  return inRequestedFolder(call, () => starredInScope(call));
}

async function starredInScope(call: Call) {
  const { catalog } = call.services;
  const [artistIds, albumIds, songIds] = await Promise.all([savedAll(call, 'artist'), savedAll(call, 'album'), savedAll(call, 'star')]);
  const [artists, albums, tracks, ratings] = await Promise.all([
    catalog.artists([...artistIds.keys()]),
    catalog.albums([...albumIds.keys()]),
    catalog.tracks([...songIds.keys()]),
    ratingsOf(call, [...artistIds.keys(), ...albumIds.keys()]),
  ]);
  return {
    artists: artists.filter(notNull).map((a): [Artist, number, number | undefined] => [a, artistIds.get(a.id)!, ratings.get(a.id)]),
    albums: albums.filter(notNull).map((a): [Album, number, number | undefined] => [a, albumIds.get(a.id)!, ratings.get(a.id)]),
    songs: await songs(call, tracks.filter(notNull)),
  };
}

/** A stable number for a player name: Subsonic wants an integer `playerId`. */
const playerNumber = (userId: string, player: string) => Number.parseInt(createHash('sha256').update(`${userId}\n${player}`).digest('hex').slice(0, 7), 16);

function numbers(call: Call, name: string): number[] {
  return call.params.all(name).map((raw) => {
    if (!/^\d{1,15}$/.test(raw.trim())) throw invalid(name, `must be a whole number, not "${raw.slice(0, 40)}"`);
    return Number(raw.trim());
  });
}

export const annotationEndpoints: Endpoints = {
  star: {
    async handle(call) {
      for (const [kind, ids] of await starTargets(call, false)) if (ids.length) await call.services.collection.save(call.user.id, kind, ids);
    },
  },

  unstar: {
    async handle(call) {
      for (const [kind, ids] of await starTargets(call, true)) if (ids.length) await call.services.collection.remove(call.user.id, kind, ids);
    },
  },

  // 0 removes the rating.
  setRating: {
    async handle(call) {
      const id = call.params.require('id');
      const rating = call.params.requireInt('rating', { min: 0, max: 5 });
      const kinds = await classify(call, [id]);
      const kind = kinds.track.length ? 'track' : kinds.album.length ? 'album' : kinds.artist.length ? 'artist' : undefined;
      if (!kind) throw notFound(`Item ${id}`);
      await call.services.collection.rate(call.user.id, kind, id, rating);
    },
  },

  // submission=false: "now playing" on the player named by `c`; otherwise a play for each id
  // (at `time`, ms since the epoch, when given).
  scrobble: {
    async handle(call) {
      const ids = call.params.all('id');
      if (!ids.length) throw missing('id');
      const { player } = call.services;
      if (!call.params.bool('submission', true)) {
        await player.playingNow(call.user.id, call.params.get('c') ?? 'Subsonic app', trackUri(ids.at(-1)!));
        return;
      }
      const times = numbers(call, 'time');
      for (const [i, id] of ids.entries()) await player.played(call.user.id, { uri: trackUri(id), played_at: times[i] });
    },
  },

  getNowPlaying: {
    async handle(call) {
      const { player, catalog, accounts, social } = call.services;
      const all = (await player.nowPlaying()).filter((r) => r.uri.startsWith('runnel:track:'));
      // Those who turned off "Share what I listen to" show only to themselves, as in People.
      const sharing = await social.sharingListening([...new Set(all.map((r) => r.userId))]);
      const reports = all.filter((r) => r.userId === call.user.id || sharing.has(r.userId));
      const tracks = await catalog.tracks(reports.map((r) => r.uri.slice('runnel:track:'.length)));
      const names = new Map((await accounts.usersForIndex([...new Set(reports.map((r) => r.userId))])).map((u) => [u.id, u.username]));
      const present = reports.flatMap((report, i) => {
        const track = tracks[i];
        return track ? [{ report, track }] : [];
      });
      const nodes = await songs(
        call,
        present.map((p) => p.track),
      );
      const now = call.services.clock.now();
      return {
        nowPlaying: {
          entry: present.map(({ report }, i) => ({
            ...nodes[i],
            username: names.get(report.userId) ?? report.userId,
            minutesAgo: Math.max(0, Math.floor((now - report.at) / 60_000)),
            playerId: playerNumber(report.userId, report.player),
            playerName: report.player,
          })),
        },
      };
    },
  },

  getStarred: {
    async handle(call) {
      const found = await starred(call);
      return {
        starred: {
          artist: found.artists.map(([a, at, rating]) => artistEntry(a, at, rating)),
          album: found.albums.map(([a, at, rating]) => albumDirectory(a, at, rating)),
          song: found.songs,
        },
      };
    },
  },

  getStarred2: {
    async handle(call) {
      const found = await starred(call);
      return {
        starred2: {
          artist: found.artists.map(([a, at, rating]) => artist(a, at, rating)),
          album: found.albums.map(([a, at, rating]) => album(a, at, rating)),
          song: found.songs,
        },
      };
    },
  },
};
