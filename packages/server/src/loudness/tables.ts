/** A file ffmpeg could not measure (unreadable, silent): not tried again until it changes. */
export interface LoudnessFailuresTable {
  track_id: string;
  content_hash: string;
  failed_at: number;
}

export interface LoudnessTables {
  loudness_failures: LoudnessFailuresTable;
}
