/** A public link to one user's summary of one year; revoking it ends it for good (a new link gets a new id). */
export interface SummaryLinksTable {
  id: string;
  user_id: string;
  year: number;
  created_at: number;
  revoked_at: number | null;
  /** The IANA zone its summary is counted in (the one it was shared with); null is UTC. */
  time_zone: string | null;
}

export interface HistoryTables {
  summary_links: SummaryLinksTable;
}
