/**
 * A public link: who made it, what it shares (its uri, and the tracks it plays, fixed when
 * it was made), when it expires or was revoked, and how often it was opened.
 */
export interface ShareLinksTable {
  id: string;
  user_id: string;
  kind: 'track' | 'album' | 'playlist' | 'tracks';
  /** `runnel:album:…`; null for a set of tracks shared from a Subsonic app. */
  uri: string | null;
  title: string;
  description: string | null;
  /** The track ids the link plays, as a JSON array. */
  track_ids: string;
  /** The album whose cover the page shows, if any. */
  cover_album_id: string | null;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  views: number;
  last_viewed_at: number | null;
}

export interface ShareLinksTables {
  share_links: ShareLinksTable;
}
