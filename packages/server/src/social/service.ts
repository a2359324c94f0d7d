import type { SimplifiedPlaylist } from '@runnel/api';
import type { Db } from '../db/database.ts';
import type { EventBus } from '../events/bus.ts';
import type { CatalogLookup } from '../track-lookup.ts';
import { createFeed } from './feed.ts';
import { createInbox } from './inbox.ts';
import { createPeople } from './people.ts';

export interface SocialDeps {
  db: Db;
  events: EventBus;
  catalog: CatalogLookup;
  /** Display names of users that exist; unknown ids are missing. */
  users: (ids: string[]) => Promise<Map<string, string>>;
  /** The playlists among `ids` a user may see, and a user's public playlists (the playlists module's). */
  playlists: {
    visible: (ids: string[], userId: string) => Promise<Map<string, SimplifiedPlaylist>>;
    publicOf: (ownerId: string) => Promise<SimplifiedPlaylist[]>;
  };
  /** What players reported playing lately (the player module's). */
  nowPlaying: () => Promise<{ userId: string; uri: string; at: number }[]>;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
  /** Runs a look-up as another user sees the catalogue (their libraries; the libraries module's). Omitted: everyone sees all music. */
  asUser?: <T>(userId: string, fn: () => Promise<T>) => Promise<T>;
}

/** The social module: people (follows, profiles, who is playing what), their feed, and the inbox of things sent. */
export function createSocial(deps: SocialDeps) {
  const feed = createFeed({ ...deps, playlists: deps.playlists.visible });
  return {
    ...createInbox({ ...deps, playlists: deps.playlists.visible }),
    ...createPeople({ ...deps, tracks: deps.catalog, publicPlaylists: deps.playlists.publicOf, sharingListening: feed.sharingListening }),
    ...feed,
  };
}

export type Social = ReturnType<typeof createSocial>;
