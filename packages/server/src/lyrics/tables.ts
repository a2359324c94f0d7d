/** What a lyrics service (LRCLIB) answered for a track: its text, or null for "none there". */
export interface LyricsLookupsTable {
  track_id: string;
  text: string | null;
  fetched_at: number;
}

export interface LyricsTables {
  lyrics_lookups: LyricsLookupsTable;
}
