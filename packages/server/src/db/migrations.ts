import type { Migration, MigrationProvider } from 'kysely';
import { accountsMigrations } from '../accounts/migrations.ts';
import { catalogMigrations } from '../catalog/migrations.ts';
import { libraryMigrations } from '../library/migrations.ts';
import { streamingMigrations } from '../streaming/migrations.ts';
import { collectionMigrations } from '../collection/migrations.ts';
import { playerMigrations } from '../player/migrations.ts';
import { playlistsMigrations } from '../playlists/migrations.ts';
import { searchMigrations } from '../search/migrations.ts';
import { discoveryMigrations } from '../discovery/migrations.ts';
import { socialMigrations } from '../social/migrations.ts';
import { plansMigrations } from '../plans/migrations.ts';
import { adsMigrations } from '../ads/migrations.ts';
import { downloadsMigrations } from '../downloads/migrations.ts';
import { devicesMigrations } from '../devices/migrations.ts';
import { shareLinksMigrations } from '../share-links/migrations.ts';
import { lyricsMigrations } from '../lyrics/migrations.ts';
import { loudnessMigrations } from '../loudness/migrations.ts';
import { scrobblingMigrations } from '../scrobbling/migrations.ts';
import { historyMigrations } from '../history/migrations.ts';
import { librariesMigrations } from '../libraries/migrations.ts';

/**
 * Every module's migrations, in one list. Names start with a timestamp
 * (YYYYMMDDhhmm_module_what) so they apply in the order they were written; they only go
 * forward.
 */
const all: Record<string, Migration> = {
  ...accountsMigrations,
  ...catalogMigrations,
  ...libraryMigrations,
  ...streamingMigrations,
  ...playlistsMigrations,
  ...collectionMigrations,
  ...playerMigrations,
  ...searchMigrations,
  ...discoveryMigrations,
  ...socialMigrations,
  ...plansMigrations,
  ...adsMigrations,
  ...downloadsMigrations,
  ...devicesMigrations,
  ...historyMigrations,
  ...shareLinksMigrations,
  ...lyricsMigrations,
  ...loudnessMigrations,
  ...scrobblingMigrations,
  ...librariesMigrations,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => all,
};
