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

export interface SocialTables {
  inbox_items: InboxItemsTable;
  user_follows: UserFollowsTable;
}
