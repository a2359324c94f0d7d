import type { CatalogObject, People, Person, Profile, SimplifiedPlaylist } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { badRequest, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import type { TrackLookup } from '../track-lookup.ts';
import { userRef } from '../user-ref.ts';
import { iso } from '../time.ts';

export interface PeopleDeps {
  db: Db;
  events: EventBus;
  tracks: TrackLookup;
  /** Display names of users that exist; unknown ids are missing. */
  users: (ids: string[]) => Promise<Map<string, string>>;
  /** A user's public playlists (the playlists module's). */
  publicPlaylists: (ownerId: string) => Promise<SimplifiedPlaylist[]>;
  /** What players reported playing lately (the player module's). */
  nowPlaying: () => Promise<{ userId: string; uri: string; at: number }[]>;
  /** Who of these users shares what they play. */
  sharingListening: (ids: string[]) => Promise<Set<string>>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
}

/** People: who you follow and who follows you, what the people you follow are playing, and profiles. */
export function createPeople({ db, events, tracks, users, publicPlaylists, nowPlaying, sharingListening, now }: PeopleDeps) {
  async function requireUser(id: string) {
    const name = (await users([id])).get(id);
    if (name === undefined) throw notFound('User', 'user_not_found');
    return name;
  }

  return {
    /** Follows someone (again: nothing changes); they hear `people.followed`. */
    async follow(userId: string, targetId: string) {
      if (userId === targetId) throw badRequest('You cannot follow yourself', 'cannot_follow_self');
      await requireUser(targetId);
      const result = await db
        .insertInto('user_follows')
        .values({ user_id: userId, followed_id: targetId, followed_at: now() })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) await events.publish({ type: 'people.followed', users: [targetId], data: { by: userId } });
    },

    async unfollow(userId: string, targetId: string) {
      await db.deleteFrom('user_follows').where('user_id', '=', userId).where('followed_id', '=', targetId).execute();
    },

    /** Who you follow (with what they are playing) and who follows you, newest first. */
    async people(userId: string): Promise<People> {
      const [following, followers] = await Promise.all([
        db.selectFrom('user_follows').select('followed_id as id').where('user_id', '=', userId).orderBy('followed_at', 'desc').limit(500).execute(),
        db.selectFrom('user_follows').select('user_id as id').where('followed_id', '=', userId).orderBy('followed_at', 'desc').limit(500).execute(),
      ]);
      const followingIds = new Set(following.map((r) => r.id));
      const followerIds = new Set(followers.map((r) => r.id));
      const names = await users([...new Set([...followingIds, ...followerIds])]);
      // Only the people you follow share what they are playing with you; a player's newest report wins.
      const playing = new Map<string, { uri: string; at: number }>();
      const sharing = await sharingListening([...followingIds]);
      for (const report of await nowPlaying()) if (sharing.has(report.userId) && !playing.has(report.userId)) playing.set(report.userId, report);
      const trackIds = [...playing.values()].map((p) => p.uri.slice('runnel:track:'.length));
      const found: Map<string, CatalogObject> = trackIds.length ? await tracks.tracks(trackIds) : new Map();
      const person = (id: string): Person => {
        const report = playing.get(id);
        const track = report ? found.get(report.uri.slice('runnel:track:'.length)) : undefined;
        return {
          user: userRef(id, names.get(id) ?? null),
          you_follow: followingIds.has(id),
          follows_you: followerIds.has(id),
          now_playing: report && track ? { track, at: iso(report.at) } : null,
        };
      };
      return { following: [...followingIds].filter((id) => names.has(id)).map(person), followers: [...followerIds].filter((id) => names.has(id)).map(person) };
    },

    /** Someone's public profile: their name, followers, whether you follow them, their public playlists. */
    async profile(viewerId: string, targetId: string): Promise<Profile> {
      const name = await requireUser(targetId);
      const [followers, mine, playlists] = await Promise.all([
        db
          .selectFrom('user_follows')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('followed_id', '=', targetId)
          .executeTakeFirstOrThrow(),
        db.selectFrom('user_follows').select('user_id').where('user_id', '=', viewerId).where('followed_id', '=', targetId).executeTakeFirst(),
        publicPlaylists(targetId),
      ]);
      return {
        ...userRef(targetId, name),
        display_name: name,
        followers: { total: Number(followers.n) },
        you_follow: mine !== undefined,
        playlists: playlists as unknown as CatalogObject[],
      };
    },
  };
}
