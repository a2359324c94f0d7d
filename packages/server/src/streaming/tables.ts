/** Streaming's own settings (tier bitrate limits), one row per key; set by administrators. */
export interface StreamingSettingsTable {
  key: string;
  /** JSON-free plain text; numbers are stored as their decimal form. */
  value: string;
  updated_at: number;
}

export interface StreamingTables {
  streaming_settings: StreamingSettingsTable;
}
