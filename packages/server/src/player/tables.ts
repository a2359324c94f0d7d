import type { RepeatState } from '@runnel/api';

/** One user's play queue state (the "next up" items are in queue_items). */
export interface PlayQueuesTable {
  user_id: string;
  context_uri: string | null;
  position: number;
  current_uri: string | null;
  shuffle: number;
  repeat: RepeatState;
  /** Bumped on every change; live events carry it so a session can drop stale ones. */
  revision: number;
  updated_at: number;
  /** How far into `current_uri` playback was when a client saved the queue, ms (0 once another track starts). */
  progress_ms: number;
  /** The app that last saved the queue (Subsonic's `c`), if one did. */
  changed_by: string | null;
  /** Uris an app saved before its current track (JSON array); shown only while `saved_revision` is `revision`. */
  saved_before: string | null;
  saved_revision: number | null;
}

/** A "next up" item the user queued; `pos` orders them. */
export interface QueueItemsTable {
  id: string;
  user_id: string;
  pos: number;
  uri: string;
  added_at: number;
}

/** What the user played, newest last. */
export interface PlayHistoryTable {
  id: string;
  user_id: string;
  uri: string;
  context_uri: string | null;
  played_at: number;
  /** The player's own id for the play (sent again after being offline, it counts once); null from older players. */
  client_id: string | null;
  /** Title, artists and album as played, folded for search (player/history.ts `searchText`); null until filled. */
  search_text: string | null;
}

/** What a player (an app on a device) last said it is playing. */
export interface NowPlayingTable {
  user_id: string;
  /** The player's name as the app gives it. */
  player: string;
  uri: string;
  at: number;
}

export interface PlayerTables {
  now_playing: NowPlayingTable;
  play_queues: PlayQueuesTable;
  queue_items: QueueItemsTable;
  play_history: PlayHistoryTable;
}
