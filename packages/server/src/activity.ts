/**
 * Something a listener did that the people who follow them may see in their feed. The
 * modules where it happens (player, collection, playlists) report it through this
 * boundary; the social module records it and decides who sees it.
 */
export interface Activity {
  userId: string;
  kind: 'played' | 'starred' | 'saved_album' | 'added' | 'created';
  /** What: a track, album or playlist uri. */
  uri: string;
  /** Where, for `added`: the playlist's uri. */
  target?: string;
  /** How many items an `added` put in. */
  count?: number;
  at: number;
}

export type OnActivity = (activity: Activity) => Promise<void>;
