import { sql, type Kysely, type Migration } from 'kysely';

export const libraryMigrations: Record<string, Migration> = {
  '202611261101_library_init': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('music_folders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('path', 'text', (c) => c.notNull().unique())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('library_issues')
        .addColumn('path', 'text', (c) => c.primaryKey())
        .addColumn('folder_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('library_issues_folder').on('library_issues').column('folder_id').execute();
    },
  },
  // Issues carry a code (said in the reader's language by clients) and the detail their reason
  // quotes. Rows already there get theirs from their English reason, as the scanner wrote them
  // until now ('unknown' only marks the rows not yet matched): an unchanged bad file is not
  // read again, so nothing else would give its row a code.
  '202612241000_library_issue_codes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('library_issues')
        .addColumn('code', 'text', (c) => c.notNull().defaultTo('unknown'))
        .execute();
      await db.schema.alterTable('library_issues').addColumn('detail', 'text').execute();
      const exact: [string, string][] = [
        ['permission_denied', 'permission denied'],
        ['link_loop', 'symbolic link loop, skipped'],
        ['folder_loop', 'symbolic link loop (directory links back to its own ancestor), skipped'],
        ['broken_link', 'broken symbolic link or vanished file'],
        ['name_not_utf8', 'file name is not valid UTF-8, skipped'],
        ['not_a_file', 'not a regular file (device, FIFO or socket), skipped'],
        ['not_a_file', 'not a regular file, skipped'],
        ['empty_file', 'empty file (0 bytes)'],
        ['no_audio_stream', 'no audio stream found'],
        ['unknown_duration', 'no audio stream found (unknown duration)'],
        ['reader_crashed', 'the reader thread crashed on this file'],
        ['cover_not_image', 'cover file is not a JPEG, PNG, GIF or WebP image, ignored'],
      ];
      for (const [code, reason] of exact) await sql`update library_issues set code = ${code} where reason = ${reason}`.execute(db);
      // The detail is what sits between a reason's fixed start and end.
      const quoting: [string, string, string][] = [
        ['not_audio', 'not readable as audio: ', ''],
        ['read_failed', 'could not read: ', ''],
        ['read_timeout', 'reading took longer than ', ', skipped'],
        ['picture_too_large', 'embedded picture too large (', '), ignored'],
        ['picture_not_image', 'embedded picture is not a JPEG, PNG, GIF or WebP image (declared ', '), ignored'],
      ];
      for (const [code, start, end] of quoting)
        await sql`update library_issues
          set code = ${code}, detail = substr(reason, ${sql.lit(start.length + 1)}, length(reason) - ${sql.lit(start.length + end.length)})
          where code = 'unknown' and substr(reason, 1, ${sql.lit(start.length)}) = ${start}
            and substr(reason, length(reason) - ${sql.lit(end.length - 1)}) = ${end}`.execute(db);
      // Any other reason was a system error's own message (walk.ts): the reason is all the detail there is.
      await sql`update library_issues set code = 'filesystem_error', detail = reason where code = 'unknown'`.execute(db);
    },
  },
};
