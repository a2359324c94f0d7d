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
}

export interface PlayerTables {
  play_queues: PlayQueuesTable;
  queue_items: QueueItemsTable;
  play_history: PlayHistoryTable;
}
