/** One item sent to a user's inbox: what (a uri), from whom, an optional message, when, and when it was read. */
export interface InboxItemsTable {
  id: string;
  user_id: string;
  from_user_id: string;
  uri: string;
  message: string | null;
  sent_at: number;
  read_at: number | null;
}

/** `user_id` follows `followed_id` (people; artists are the collection module's). */
export interface UserFollowsTable {
  user_id: string;
  followed_id: string;
  followed_at: number;
}

/** Something a user did, for the feed of the people who follow them (see ../activity.ts). */
export interface ActivitiesTable {
  id: string;
  user_id: string;
  kind: 'played' | 'starred' | 'saved_album' | 'added' | 'created';
  uri: string;
  target: string | null;
  count: number | null;
  at: number;
}

/** A user's sharing choices; no row: the defaults (share what you listen to). */
export interface SocialSettingsTable {
  user_id: string;
  share_listening: number;
}

export interface SocialTables {
  inbox_items: InboxItemsTable;
  user_follows: UserFollowsTable;
  activities: ActivitiesTable;
  social_settings: SocialSettingsTable;
}
