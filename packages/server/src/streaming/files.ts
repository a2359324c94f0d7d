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

/** A TrackFiles that knows no track (until the catalogue is wired in). */
export const noTrackFiles: TrackFiles = { locate: async () => undefined };
