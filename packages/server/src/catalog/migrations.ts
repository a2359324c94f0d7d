import { sql, type Kysely, type Migration } from 'kysely';
import { addSortKeyColumns, sortNamesFromFoldedKeys } from './migrations-sort-keys.ts';

export const catalogMigrations: Record<string, Migration> = {
  '202611261100_catalog_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('artwork')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('artists')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('sort_key', 'text', (c) => c.notNull())
        .addColumn('mbid', 'text')
        .addColumn('album_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('track_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('image_id', 'text')
        .addColumn('genre_names', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('artists_sort')
        .on('artists')
        .columns(['sort_key', 'id'])
        .where(sql<boolean>`track_count > 0 or album_count > 0`)
        .execute();
      await db.schema
        .createTable('albums')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('group_key', 'text', (c) => c.notNull().unique())
        .addColumn('sort_key', 'text', (c) => c.notNull())
        .addColumn('artist_name', 'text', (c) => c.notNull())
        .addColumn('artist_sort_key', 'text', (c) => c.notNull())
        .addColumn('mbid', 'text')
        .addColumn('compilation', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('year', 'integer')
        .addColumn('release_date', 'text')
        .addColumn('track_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disc_count', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('duration_ms', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('image_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // Listings only show albums with present tracks: partial indexes keep deep A–Z pages to index steps.
      const listed = sql<boolean>`track_count > 0`;
      await db.schema.createIndex('albums_sort').on('albums').columns(['sort_key', 'id']).where(listed).execute();
      await db.schema.createIndex('albums_artist_sort').on('albums').columns(['artist_sort_key', 'sort_key', 'id']).where(listed).execute();
      await db.schema.createIndex('albums_created').on('albums').columns(['created_at', 'id']).where(listed).execute();
      await db.schema.createIndex('albums_year').on('albums').columns(['year', 'id']).where(listed).execute();
      await db.schema
        .createTable('tracks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('album_id', 'text', (c) => c.notNull().references('albums.id'))
        .addColumn('track_number', 'integer', (c) => c.notNull())
        .addColumn('track_total', 'integer')
        .addColumn('disc_number', 'integer', (c) => c.notNull())
        .addColumn('disc_total', 'integer')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('year', 'integer')
        .addColumn('date', 'text')
        .addColumn('codec', 'text')
        .addColumn('container', 'text')
        .addColumn('suffix', 'text', (c) => c.notNull())
        .addColumn('bitrate', 'integer')
        .addColumn('sample_rate', 'integer')
        .addColumn('channels', 'integer')
        .addColumn('lossless', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('mbid', 'text')
        .addColumn('mb_track_id', 'text')
        .addColumn('rg_track_gain', 'double precision')
        .addColumn('rg_track_peak', 'double precision')
        .addColumn('rg_album_gain', 'double precision')
        .addColumn('rg_album_peak', 'double precision')
        .addColumn('lyrics', 'text')
        .addColumn('artist_names', 'text', (c) => c.notNull())
        .addColumn('genre_names', 'text', (c) => c.notNull())
        .addColumn('folder_id', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('image_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('removed_at', 'bigint')
        .execute();
      await db.schema.createIndex('tracks_album').on('tracks').columns(['album_id', 'disc_number', 'track_number']).execute();
      await db.schema.createIndex('tracks_hash').on('tracks').column('content_hash').execute();
      await db.schema.createIndex('tracks_folder').on('tracks').column('folder_id').execute();
      await db.schema
        .createTable('track_artists')
        .addColumn('track_id', 'text', (c) => c.notNull().references('tracks.id').onDelete('cascade'))
        .addColumn('artist_id', 'text', (c) => c.notNull().references('artists.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('track_artists_pk', ['track_id', 'artist_id'])
        .execute();
      await db.schema.createIndex('track_artists_artist').on('track_artists').column('artist_id').execute();
      await db.schema
        .createTable('album_artists')
        .addColumn('album_id', 'text', (c) => c.notNull().references('albums.id').onDelete('cascade'))
        .addColumn('artist_id', 'text', (c) => c.notNull().references('artists.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('album_artists_pk', ['album_id', 'artist_id'])
        .execute();
      await db.schema.createIndex('album_artists_artist').on('album_artists').column('artist_id').execute();
      await db.schema
        .createTable('genres')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema
        .createTable('track_genres')
        .addColumn('track_id', 'text', (c) => c.notNull().references('tracks.id').onDelete('cascade'))
        .addColumn('genre_id', 'text', (c) => c.notNull().references('genres.id'))
        .addPrimaryKeyConstraint('track_genres_pk', ['track_id', 'genre_id'])
        .execute();
      await db.schema.createIndex('track_genres_genre').on('track_genres').column('genre_id').execute();
    },
  },
  // A–Z in the listener's language (issue 22): sort names kept, keys per language (language/collation.ts).
  '202612201010_catalog_sort_keys_per_language': {
    async up(db: Kysely<unknown>) {
      await sortNamesFromFoldedKeys(db);
      await addSortKeyColumns(db, ['en', 'sv']);
    },
  },
};
