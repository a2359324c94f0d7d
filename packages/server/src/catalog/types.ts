/** Everything Runnel keeps from one file's tags and audio header (what the scanner's read phase produces). */
export interface TrackTags {
  title: string | null;
  /** Track artists in order; `ARTISTS`, multi-value tags and `feat.` already split. */
  artists: string[];
  /** Sort name of the first artist, when tagged. */
  artistSort: string | null;
  album: string | null;
  albumSort: string | null;
  albumArtists: string[];
  albumArtistSort: string | null;
  compilation: boolean;
  trackNumber: number | null;
  trackTotal: number | null;
  discNumber: number | null;
  discTotal: number | null;
  year: number | null;
  date: string | null;
  genres: string[];
  durationMs: number;
  /** Bits per second. */
  bitrate: number | null;
  sampleRate: number | null;
  channels: number | null;
  codec: string | null;
  container: string | null;
  lossless: boolean;
  mbRecordingId: string | null;
  mbTrackId: string | null;
  mbAlbumId: string | null;
  mbArtistIds: string[];
  mbAlbumArtistIds: string[];
  rgTrackGain: number | null;
  rgTrackPeak: number | null;
  rgAlbumGain: number | null;
  rgAlbumPeak: number | null;
  lyrics: string | null;
}

/** An embedded or folder picture already stored where the artwork row will point. */
export interface ArtworkInput {
  id: string;
  path: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
}

/** One audio file as the scanner hands it to the catalogue. */
export interface ScannedFile {
  path: string;
  folderId: string;
  size: number;
  mtimeMs: number;
  contentHash: string;
  tags: TrackTags;
  embeddedImage: ArtworkInput | null;
}

/** What reconciling a batch did, per kind. */
export interface ReconcileCounts {
  added: number;
  updated: number;
  moved: number;
  removed: number;
}

/** A track's file, for the streaming module. */
export interface TrackFile {
  path: string;
  size: number;
  mtimeMs: number;
  codec: string | null;
  container: string | null;
  suffix: string;
  bitrate: number | null;
  durationMs: number;
}

/** What the search module indexes for one catalogue item. */
export interface SearchDocument {
  id: string;
  kind: 'track' | 'album' | 'artist';
  title: string;
  artists: string[];
  album: string | null;
  genres: string[];
  year: number | null;
}

/** Payload of the `catalog.changed` bus event. Ids only; read them back with the catalog service. */
export interface CatalogChange {
  added: { tracks: string[]; albums: string[]; artists: string[] };
  changed: { tracks: string[]; albums: string[]; artists: string[] };
  removed: { tracks: string[]; albums: string[]; artists: string[] };
}

/** A file the catalogue knows, as the scanner needs it to decide what changed. */
export interface KnownFile {
  path: string;
  size: number;
  mtimeMs: number;
}
