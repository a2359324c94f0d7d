import type { Db } from '../db/database.ts';
import type { LibraryIssuesTable } from './tables.ts';

/** A file the scanner skipped or warned about (a `library_issues` row). */
export type IssueRow = LibraryIssuesTable;

const CHUNK = 500;

/** The scanner's queries on `library_issues` (music folders: service.ts). */
export function createLibraryRepository(db: Db) {
  /** Forgets the issues of these paths (of one severity, or all). */
  async function forget(paths: readonly string[], severity?: IssueRow['severity']) {
    for (let i = 0; i < paths.length; i += CHUNK) {
      let query = db.deleteFrom('library_issues').where('path', 'in', paths.slice(i, i + CHUNK));
      if (severity) query = query.where('severity', '=', severity);
      await query.execute();
    }
  }

  return {
    forget,
    /** Files of a folder known to be unreadable (or read with warnings), with the size and mtime they had. */
    knownBad: (folderId: string) => db.selectFrom('library_issues').select(['path', 'size', 'mtime_ms']).where('folder_id', '=', folderId).execute(),
    /** Paths of a folder with an issue. */
    issuePaths: async (folderId: string) =>
      (await db.selectFrom('library_issues').select('path').where('folder_id', '=', folderId).execute()).map((r) => r.path),
    /** Records issues; a path's newer issue replaces its older one. */
    async record(rows: IssueRow[]) {
      for (let i = 0; i < rows.length; i += 200) {
        await db
          .insertInto('library_issues')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) =>
            oc.column('path').doUpdateSet((eb) => ({
              code: eb.ref('excluded.code'),
              reason: eb.ref('excluded.reason'),
              detail: eb.ref('excluded.detail'),
              severity: eb.ref('excluded.severity'),
              size: eb.ref('excluded.size'),
              mtime_ms: eb.ref('excluded.mtime_ms'),
              at: eb.ref('excluded.at'),
            })),
          )
          .execute();
      }
    },
  };
}

export type LibraryRepository = ReturnType<typeof createLibraryRepository>;
