import Type, { type Static } from 'typebox';
import { CatalogObject } from './catalog-refs.ts';
import { Id, Strict } from './common.ts';
import { ItemUri } from './playlists.ts';

/** What a queue plays through: an album, a playlist or an artist. */
export const ContextUri = Type.String({ maxLength: 120, pattern: '^runnel:(album|playlist|artist):[A-Za-z0-9_-]{1,64}$' });
export const RepeatState = Type.Union([Type.Literal('off'), Type.Literal('track'), Type.Literal('context')]);
export type RepeatState = Static<typeof RepeatState>;

export const QueueItem = Type.Object({
  entry_id: Type.String(),
  uri: Type.String(),
  added_at: Type.String({ format: 'date-time' }),
  track: Type.Union([CatalogObject, Type.Null()]),
});
export type QueueItem = Static<typeof QueueItem>;

/** The user's play queue: context and position, "next up" items, shuffle and repeat. */
export const PlayQueue = Type.Object({
  context: Type.Union([Type.Object({ uri: Type.String(), type: Type.String() }), Type.Null()]),
  position: Type.Integer({ description: 'Index of the current item within the context' }),
  currently_playing: Type.Union([Type.String(), Type.Null()]),
  next_up: Type.Array(QueueItem),
  shuffle_state: Type.Boolean(),
  repeat_state: RepeatState,
  revision: Type.Integer({ description: 'Bumped on every change; live events carry it' }),
  updated_at: Type.String({ format: 'date-time' }),
});
export type PlayQueue = Static<typeof PlayQueue>;

export const SetContextBody = Strict({
  context_uri: ContextUri,
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
  track_uri: Type.Optional(ItemUri),
});
export type SetContextBody = Static<typeof SetContextBody>;
export const AddToQueueQuery = Strict({ uri: ItemUri });
export const ReorderQueueBody = Strict({
  range_start: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  insert_before: Type.Integer({ minimum: 0, maximum: 10_000_000 }),
  range_length: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
});
export type ReorderQueueBody = Static<typeof ReorderQueueBody>;
export const QueueItemParams = Strict({ id: Id });
export const ShuffleQuery = Strict({ state: Type.Boolean() });
export const RepeatQuery = Strict({ state: RepeatState });

export const PlayedBody = Strict({
  uri: ItemUri,
  context_uri: Type.Optional(ContextUri),
  played_at: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000_000_000, description: 'ms since epoch; default now' })),
  play_id: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{8,64}$',
      description: "The player's own id for this play: a play sent again (kept while offline, resent after a lost answer) counts once",
    }),
  ),
});
export type PlayedBody = Static<typeof PlayedBody>;
/** A catalogue track this player has just started (what the people who follow you see). */
export const NowPlayingBody = Strict({ uri: Type.String({ pattern: '^runnel:track:[A-Za-z0-9_-]{1,64}$' }) });
export type NowPlayingBody = Static<typeof NowPlayingBody>;
export const RecentlyPlayedQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) });
export const PlayHistoryItem = Type.Object({
  track: Type.Union([CatalogObject, Type.Null()]),
  uri: Type.String(),
  played_at: Type.String({ format: 'date-time' }),
  context: Type.Union([Type.Object({ uri: Type.String() }), Type.Null()]),
});
export const RecentlyPlayed = Type.Object({ href: Type.String(), items: Type.Array(PlayHistoryItem), limit: Type.Integer(), next: Type.Null() });
