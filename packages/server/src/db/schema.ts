import type { AccountsTables } from '../accounts/tables.ts';
import type { CatalogTables } from '../catalog/tables.ts';
import type { LibraryTables } from '../library/tables.ts';
import type { StreamingTables } from '../streaming/tables.ts';
import type { CollectionTables } from '../collection/tables.ts';
import type { PlayerTables } from '../player/tables.ts';
import type { PlaylistsTables } from '../playlists/tables.ts';
import type { SearchTables } from '../search/tables.ts';
import type { DiscoveryTables } from '../discovery/tables.ts';
import type { SocialTables } from '../social/tables.ts';
import type { PlansTables } from '../plans/tables.ts';
import type { AdsTables } from '../ads/tables.ts';
import type { DownloadsTables } from '../downloads/tables.ts';
import type { DevicesTables } from '../devices/tables.ts';
import type { ShareLinksTables } from '../share-links/tables.ts';
import type { LyricsTables } from '../lyrics/tables.ts';
import type { ScrobblingTables } from '../scrobbling/tables.ts';
import type { LoudnessTables } from '../loudness/tables.ts';
import type { HistoryTables } from '../history/tables.ts';
import type { LibrariesTables } from '../libraries/tables.ts';

/** Every table Runnel has; each module declares its own part. */
export type Database = AccountsTables &
  CatalogTables &
  LibraryTables &
  StreamingTables &
  CollectionTables &
  PlaylistsTables &
  PlayerTables &
  SearchTables &
  DiscoveryTables &
  SocialTables &
  PlansTables &
  AdsTables &
  DownloadsTables &
  DevicesTables &
  ShareLinksTables &
  LyricsTables &
  ScrobblingTables &
  LoudnessTables &
  HistoryTables &
  LibrariesTables;
