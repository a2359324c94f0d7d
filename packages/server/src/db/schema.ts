import type { AccountsTables } from '../accounts/tables.ts';
import type { CollectionTables } from '../collection/tables.ts';
import type { PlayerTables } from '../player/tables.ts';
import type { PlaylistsTables } from '../playlists/tables.ts';

/** Every table Runnel has; each module declares its own part. */
export type Database = AccountsTables & CollectionTables & PlaylistsTables & PlayerTables;
