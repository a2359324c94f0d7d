import type { DownloadKind } from '@runnel/api';

/** One row per user and item downloaded: a download again moves `at` on, so the list names each item once. */
export interface DownloadsTable {
  user_id: string;
  kind: DownloadKind;
  item_id: string;
  /** The name when last downloaded: what the list shows once the item is gone. */
  name: string;
  at: number;
}

export interface DownloadsTables {
  downloads: DownloadsTable;
}
