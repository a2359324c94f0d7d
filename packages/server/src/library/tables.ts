import type { ScanIssueCode } from '@runnel/api';

/** A music folder Runnel reads (never writes). */
export interface MusicFoldersTable {
  id: string;
  path: string;
  /** config: from --music; api: added by an admin; demo: the generated demo library. */
  source: 'config' | 'api' | 'demo';
  created_at: number;
}

/** A file the scanner could not (fully) read, with why; kept so an unchanged bad file is not re-read. */
export interface LibraryIssuesTable {
  path: string;
  folder_id: string;
  /** Why, as a stable code (clients say it in their language). */
  code: ScanIssueCode;
  /** The English reason, detail included (logs, the CLI, the API's `reason`). */
  reason: string;
  /** The technical detail the reason quotes (a parser's error, a size), or null. */
  detail: string | null;
  severity: 'skipped' | 'warning';
  size: number;
  mtime_ms: number;
  at: number;
}

export interface LibraryTables {
  music_folders: MusicFoldersTable;
  library_issues: LibraryIssuesTable;
}
