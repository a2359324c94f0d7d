/** What streaming needs to know about a track's file. */
export interface TrackFile {
  /** Absolute path of the audio file (read-only). */
  path: string;
  size: number;
  mtimeMs: number;
  /** Codec as the catalogue read it (e.g. `mp3`, `flac`, `aac`, `opus`, `vorbis`). */
  codec: string;
  /** File suffix without the dot (e.g. `mp3`, `m4a`). */
  suffix: string;
  /** Average bitrate in kbps, when known. */
  bitrate: number | null;
  durationMs: number | null;
}

/**
 * Streaming's view of the catalogue: where a track's file is. The app wires it to the
 * catalogue module; tests give it a folder of generated audio.
 */
export interface TrackFiles {
  locate(trackId: string): Promise<TrackFile | undefined>;
}

/** What the catalogue says of a track's file (bitrate in bits per second, codec as tagged). */
interface CatalogFile {
  path: string;
  size: number;
  mtimeMs: number;
  codec: string | null;
  suffix: string;
  bitrate: number | null;
  durationMs: number;
}

/** Streaming's TrackFiles over the catalogue's `trackFile()`. */
export function catalogTrackFiles(catalog: { trackFile(trackId: string): Promise<CatalogFile | undefined> }): TrackFiles {
  return {
    async locate(trackId) {
      const file = await catalog.trackFile(trackId);
      if (!file) return undefined;
      return {
        path: file.path,
        size: file.size,
        mtimeMs: file.mtimeMs,
        codec: file.codec ?? file.suffix,
        suffix: file.suffix,
        bitrate: file.bitrate === null ? null : Math.round(file.bitrate / 1000),
        durationMs: file.durationMs,
      };
    },
  };
}
