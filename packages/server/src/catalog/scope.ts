import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { currentScope } from '../viewer-scope.ts';

/**
 * The catalogue as the viewer of the request may see it (viewer-scope.ts, libraries/README.md):
 * a track is visible when its folder is one of theirs; an album or artist when it has at
 * least one visible track. When the viewer sees everything nothing is added to a query, so
 * the common case costs nothing.
 */
export const scopeFolders = (): readonly string[] | undefined => currentScope()?.folders;

/** A key naming the viewer's folders, for caches of what they see ('' when unrestricted). */
export const scopeKey = (): string => currentScope()?.folders.join(',') ?? '';

// `in ()` is not SQL: no folder at all is a folder id nothing has.
const folderList = (folders: readonly string[]) => sql.join((folders.length ? [...folders] : ['']).map((f) => sql.val(f)));

const visibleTrack = (alias: string, folders: readonly string[]) => sql`${sql.ref(`${alias}.removed_at`)} is null and ${visibleTrackAs(alias, folders)}`;

/** The track row named `alias` is in one of `folders` (for SQL built outside this module's queries: smart-fields.ts). */
export const visibleTrackAs = (alias: string, folders: readonly string[]) => sql<boolean>`${sql.ref(`${alias}.folder_id`)} in (${folderList(folders)})`;

/** The condition for a row of `tracks`, `albums` or `artists` (by that table name) to be visible in `folders`. */
export function visibleIn(kind: 'tracks' | 'albums' | 'artists', folders: readonly string[]): RawBuilder<boolean> {
  if (kind === 'tracks') return sql<boolean>`tracks.folder_id in (${folderList(folders)})`;
  if (kind === 'albums') return sql<boolean>`exists (select 1 from tracks s where s.album_id = albums.id and ${visibleTrack('s', folders)})`;
  return sql<boolean>`(exists (select 1 from track_artists sa inner join tracks s on s.id = sa.track_id where sa.artist_id = artists.id and ${visibleTrack('s', folders)})
    or exists (select 1 from album_artists sb inner join tracks s on s.album_id = sb.album_id where sb.artist_id = artists.id and ${visibleTrack('s', folders)}))`;
}

/** `query` narrowed to what the request's viewer may see of `kind` (a table in the query); unchanged when they see everything. */
export function inScope<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  kind: 'tracks' | 'albums' | 'artists',
): SelectQueryBuilder<DB, TB, O> {
  const folders = scopeFolders();
  return folders ? query.where(visibleIn(kind, folders)) : query;
}
