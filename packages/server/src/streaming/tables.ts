/** Streaming's settings from before plans (tier bitrate limits), one row per key: read once by the plans migration, which carries them over; nothing writes it now. */
export interface StreamingSettingsTable {
  key: string;
  /** JSON-free plain text; numbers are stored as their decimal form. */
  value: string;
  updated_at: number;
}

export interface StreamingTables {
  streaming_settings: StreamingSettingsTable;
}
