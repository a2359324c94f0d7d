import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { migrate, openDatabase, type OpenDatabase } from '../db/database.ts';
import { migrationProvider } from '../db/migrations.ts';
import { freshDatabaseUrl } from '../testing/database.ts';

const BEFORE_CODES = '202612231000_history_summary_link_time_zone';

/** Reasons as the scanner wrote them before issues had codes, and the code and detail each gets. */
const LEGACY: [reason: string, code: string, detail: string | null][] = [
  ['empty file (0 bytes)', 'empty_file', null],
  ['symbolic link loop (directory links back to its own ancestor), skipped', 'folder_loop', null],
  ['not a regular file, skipped', 'not_a_file', null],
  ['no audio stream found (unknown duration)', 'unknown_duration', null],
  ['cover file is not a JPEG, PNG, GIF or WebP image, ignored', 'cover_not_image', null],
  ['not readable as audio: Guessed MIME-type not supported: text/plain', 'not_audio', 'Guessed MIME-type not supported: text/plain'],
  ['could not read: Unexpected end of stream', 'read_failed', 'Unexpected end of stream'],
  ['reading took longer than 60 s, skipped', 'read_timeout', '60 s'],
  ['embedded picture too large (18.0 MB), ignored', 'picture_too_large', '18.0 MB'],
  ['embedded picture is not a JPEG, PNG, GIF or WebP image (declared "image/svg+xml"), ignored', 'picture_not_image', '"image/svg+xml"'],
  ["EIO: i/o error, scandir '/srv/music/Broken'", 'filesystem_error', "EIO: i/o error, scandir '/srv/music/Broken'"],
];

let database: OpenDatabase;
let remove: () => Promise<void>;
before(async () => {
  const fresh = await freshDatabaseUrl();
  remove = fresh.remove;
  database = openDatabase(fresh.url);
  const { error } = await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo(BEFORE_CODES);
  if (error) throw error;
  for (const [i, [reason]] of LEGACY.entries())
    await sql`insert into library_issues (path, folder_id, reason, severity, size, mtime_ms, at)
              values (${`/srv/music/${i}.mp3`}, 'f1', ${reason}, 'skipped', 1, 0, 0)`.execute(database.db);
  await migrate(database.db);
});
after(async () => {
  await database.close();
  await remove();
});

test('issues recorded before codes get theirs, and the detail, from their English reason (which stays as it was)', async () => {
  const rows = await database.db.selectFrom('library_issues').select(['path', 'reason', 'code', 'detail']).orderBy('path').execute();
  const byReason = new Map(rows.map((r) => [r.reason, [r.code, r.detail]]));
  assert.equal(rows.length, LEGACY.length);
  for (const [reason, code, detail] of LEGACY) assert.deepEqual(byReason.get(reason), [code, detail], reason);
});
