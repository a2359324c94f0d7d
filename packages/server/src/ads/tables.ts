/** A house ad: its texts and dates, its files in DATA/ads, and its counts. */
export interface AdsTable {
  id: string;
  title: string;
  click_url: string;
  starts_at: number | null;
  ends_at: number | null;
  weight: number;
  /** File name of the normalised FLAC in DATA/ads; null until uploaded. */
  audio_file: string | null;
  duration_ms: number | null;
  loudness_lufs: number | null;
  banner_file: string | null;
  banner_mime: string | null;
  banner_width: number | null;
  banner_height: number | null;
  impressions: number;
  clicks: number;
  created_at: number;
  updated_at: number;
}

/**
 * Where each listener stands toward their next ad break, across all their devices: tracks
 * and listening since the last break, and the last track counted (a track reported twice —
 * by its stream and by its player — counts once).
 */
export interface AdListenersTable {
  user_id: string;
  tracks: number;
  listened_ms: number;
  last_track_id: string | null;
  last_track_at: number | null;
  last_track_ms: number | null;
}

/** An ad break handed to a player (web) or spliced into a stream (subsonic); played once heard to the end. */
export interface AdBreaksTable {
  id: string;
  user_id: string;
  ad_id: string;
  surface: 'web' | 'subsonic';
  started_at: number;
  played_at: number | null;
  clicked: number;
}

export interface AdsTables {
  ads: AdsTable;
  ad_listeners: AdListenersTable;
  ad_breaks: AdBreaksTable;
}
