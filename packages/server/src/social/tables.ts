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

export interface SocialTables {
  inbox_items: InboxItemsTable;
}
