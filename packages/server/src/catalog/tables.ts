import type { SortKeyColumns } from './sort-keys.ts';

/**
 * A performer. Grouped by `name_key` (normalised name), so the same name is one artist. A–Z
 * listings sort by the listener's language's key column (`sort_en`, `sort_sv`: sort-keys.ts).
 */
export interface ArtistsTable extends SortKeyColumns<'sort_'> {
  id: string;
  name: string;
  name_key: string;
  /** What A–Z listings sort by ("Beatles, The" style sort tags win over the name); the sort keys are made from it. */
  sort_name: string;
  mbid: string | null;
  /** Albums on which the artist is an album artist, counting only present tracks. */
  album_count: number;
  track_count: number;
  image_id: string | null;
  /** JSON array of the genres of the artist's present tracks, kept by the reconciler (listings read it as is). */
  genre_names: string;
  created_at: number;
  updated_at: number;
}

/** A release: album artist + title (+ MusicBrainz album id) is one album, over all its discs. */
export interface AlbumsTable extends SortKeyColumns<'sort_'>, SortKeyColumns<'artist_sort_'> {
  id: string;
  name: string;
  /** The grouping key; unique. */
  group_key: string;
  sort_name: string;
  /** The album artist's display string and its sort name (for the `artist` sort). */
  artist_name: string;
  artist_sort_name: string;
  mbid: string | null;
  compilation: number;
  year: number | null;
  release_date: string | null;
  /** Present tracks; 0 hides the album. */
  track_count: number;
  disc_count: number;
  duration_ms: number;
  image_id: string | null;
  created_at: number;
  updated_at: number;
}

/** One audio file as a track. Its id survives moves, renames and tag edits. */
export interface TracksTable {
  id: string;
  name: string;
  album_id: string;
  track_number: number;
  track_total: number | null;
  disc_number: number;
  disc_total: number | null;
  duration_ms: number;
  year: number | null;
  date: string | null;
  codec: string | null;
  container: string | null;
  suffix: string;
  bitrate: number | null;
  sample_rate: number | null;
  channels: number | null;
  lossless: number;
  mbid: string | null;
  mb_track_id: string | null;
  rg_track_gain: number | null;
  rg_track_peak: number | null;
  rg_album_gain: number | null;
  rg_album_peak: number | null;
  lyrics: string | null;
  /** Display strings kept beside the joins, so a listing needs no extra lookups. */
  artist_names: string;
  /** JSON array of genre names. */
  genre_names: string;
  folder_id: string;
  path: string;
  size: number;
  mtime_ms: number;
  /** Content hash (size + sampled windows of the bytes): how a moved file is recognised. */
  content_hash: string;
  image_id: string | null;
  created_at: number;
  updated_at: number;
  /** Set when the file vanished; the row (and everything referencing it) stays so a restored file gets its id back. */
  removed_at: number | null;
}

export interface TrackArtistsTable {
  track_id: string;
  artist_id: string;
  position: number;
}

export interface AlbumArtistsTable {
  album_id: string;
  artist_id: string;
  position: number;
}

export interface GenresTable {
  id: string;
  name: string;
  name_key: string;
}

export interface TrackGenresTable {
  track_id: string;
  genre_id: string;
}

/** A picture, content-addressed: the id is derived from the bytes. */
export interface ArtworkTable {
  id: string;
  /** Where the original bytes are: the data folder's artwork store or a cover file in a music folder. */
  path: string;
  mime: string;
  width: number | null;
  height: number | null;
  size: number;
  created_at: number;
}

export interface CatalogTables {
  artists: ArtistsTable;
  albums: AlbumsTable;
  tracks: TracksTable;
  track_artists: TrackArtistsTable;
  album_artists: AlbumArtistsTable;
  genres: GenresTable;
  track_genres: TrackGenresTable;
  artwork: ArtworkTable;
}
