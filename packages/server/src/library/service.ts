import { basename, resolve, sep } from 'node:path';
import type { MusicFolder, ScanCounts, ScanIssue, ScanKind, ScanStatus } from '@runnel/api';
import type { Catalog } from '../catalog/service.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { createDemoLibrary } from './demo.ts';
import { checkNewFolder } from './folders.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { createScanStatus } from './scan-status.ts';
import { emptyCounts, runScan, type ScanOptions, type ScanTarget } from './scanner.ts';
import { createWatcher, type Watcher } from './watcher.ts';
import type { MusicFoldersTable } from './tables.ts';

export interface LibraryDeps {
  db: Db;
  events: EventBus;
  catalog: Catalog;
  dataDir: string;
  /** The time now (ms since the epoch): when folders were added and scans finished, issues found. */
  now: () => number;
  /** Scans as jobs (once per cluster), the scan lock across nodes, the watcher on one node. */
  jobs: Jobs;
  /** Called when a background scan fails (the server logs it). */
  onError?: (error: unknown) => void;
}

/** Folders were added or removed (on any node): the node that watches follows. */
const FOLDERS_CHANGED = 'library.folders.changed';

export interface StartOptions {
  /** Music folders from the configuration (--music). */
  music: string[];
  /** Generate and use a demo library when no folder is configured. */
  demo?: boolean;
  /** Watch folders for changes after the first scan. */
  watch?: boolean;
  /** Watcher debounce, in ms. */
  debounceMs?: number;
}

const toFolder = (row: MusicFoldersTable): MusicFolder => ({
  id: row.id,
  path: row.path,
  source: row.source,
  created_at: new Date(Number(row.created_at)).toISOString(),
});

/**
 * The library: music folders, scans (one at a time in the cluster; a scan asked for while
 * one runs waits behind it, and further requests join the waiting one), the watcher (on one
 * node) and the scan status. Reads music folders, never writes them.
 */
export function createLibrary({ db, events, catalog, dataDir, now, jobs, onError = () => {} }: LibraryDeps) {
  let watcher: Watcher | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const stopping = new AbortController();
  const scanStatus = createScanStatus(events, onError);
  const status = scanStatus.state;

  /** Runs scans (and folder removals) one after another, across the cluster. */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = jobs.exclusive('library', work);
    running = Promise.all([running, run.catch(() => {})]);
    return run;
  }

  /** The watching node's folders follow the database's. */
  async function followFolders() {
    if (!watcher) return;
    const folders = await library.folders();
    for (const id of watcher.watched()) if (!folders.some((f) => f.id === id)) watcher.remove(id);
    for (const folder of folders) watcher.add(folder.id, folder.path);
  }
  const unsubscribe = events.subscribe((event) => {
    if (event.type === FOLDERS_CHANGED) followFolders().catch(onError);
  });
  const foldersChanged = () => events.publish({ type: FOLDERS_CHANGED, data: null, users: [] });

  async function scanTargets(kind: ScanStatus['kind'] & string, targets: ScanTarget[], options: Partial<ScanOptions> = {}): Promise<ScanCounts> {
    return exclusive(async () => {
      // The rate is a duration measured on the monotonic timer; startedAt/finishedAt are times of day.
      const started = performance.now();
      const seconds = () => Math.max(0.001, (performance.now() - started) / 1000);
      scanStatus.begin({ state: 'scanning', kind, phase: 'walk', startedAt: now(), finishedAt: null, counts: emptyCounts(), filesPerSecond: 0 });
      try {
        const counts = await runScan(
          { db, catalog, dataDir, now },
          {
            targets,
            kind: kind === 'full' ? 'full' : 'quick',
            threads: options.threads,
            signal: stopping.signal,
            onProgress: (p) => {
              scanStatus.update({ phase: p.phase, counts: p.counts, filesPerSecond: (p.counts.tags_read + p.counts.unchanged) / seconds() });
              options.onProgress?.(p);
            },
          },
        );
        status.counts = counts;
        status.filesPerSecond = counts.walked / seconds();
        await events.publish({ type: 'library.scanned', data: { kind, counts } });
        return counts;
      } finally {
        scanStatus.end({ state: 'idle', phase: null, finishedAt: now() });
      }
    });
  }

  const library = {
    folders: async (): Promise<MusicFolder[]> =>
      (await db.selectFrom('music_folders').selectAll().orderBy('created_at').orderBy('path').execute()).map(toFolder),

    async addFolder(path: string, source: MusicFolder['source'] = 'api'): Promise<MusicFolder> {
      const existing = await db.selectFrom('music_folders').selectAll().execute();
      const absolute = await checkNewFolder(path, { existing, dataDir, demo: source === 'demo' });
      const row = { id: newId(), path: absolute, source, created_at: now() };
      await db.insertInto('music_folders').values(row).execute();
      watcher?.add(row.id, row.path);
      await foldersChanged();
      return toFolder(row);
    },

    async removeFolder(id: string): Promise<void> {
      const row = await db.selectFrom('music_folders').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Music folder', 'folder_not_found');
      await exclusive(async () => {
        watcher?.remove(id);
        await db.deleteFrom('music_folders').where('id', '=', id).execute();
        await db.deleteFrom('library_issues').where('folder_id', '=', id).execute();
        await catalog.removeFolder(id);
      });
      await foldersChanged();
    },

    /** Makes the configured folders (and only those) the `config` folders; drops the demo folder once real music exists. */
    async syncConfigFolders(music: string[]) {
      const rows = await db.selectFrom('music_folders').selectAll().execute();
      const wanted = new Set(music.map((m) => resolve(m)));
      for (const row of rows) if (row.source === 'config' && !wanted.has(row.path)) await library.removeFolder(row.id);
      for (const path of wanted) {
        if (rows.some((r) => r.path === path)) continue;
        // One unreadable configured folder (a NAS not mounted yet) must not keep the others from scanning.
        await library.addFolder(path, 'config').catch(onError);
      }
      const now = await db.selectFrom('music_folders').selectAll().execute();
      const demo = now.find((r) => r.source === 'demo');
      if (demo && now.some((r) => r.source !== 'demo')) await library.removeFolder(demo.id);
    },

    /** Scans every music folder, or one (quick: unchanged files are not read again). */
    async scan(kind: ScanKind = 'quick', onProgress?: ScanOptions['onProgress'], folderId?: string): Promise<ScanCounts> {
      const folders = (await library.folders()).filter((f) => folderId === undefined || f.id === folderId);
      return scanTargets(
        kind,
        folders.map((f) => ({ folderId: f.id, roots: [f.path], partial: false })),
        { onProgress },
      );
    },

    /** Scans only these paths (from the watcher): each a file or directory inside a music folder, present or gone. */
    async scanPaths(paths: string[]): Promise<ScanCounts> {
      const folders = await library.folders();
      const targets: ScanTarget[] = [];
      // A changed directory covers everything changed inside it.
      const unique = [...new Set(paths)].sort();
      const outer = unique.filter((p, i) => !unique.slice(0, i).some((q) => p.startsWith(q + sep)));
      for (const folder of folders) {
        const roots = outer.filter((p) => p === folder.path || p.startsWith(folder.path + sep));
        if (roots.includes(folder.path)) targets.push({ folderId: folder.id, roots: [folder.path], partial: false });
        else if (roots.length) targets.push({ folderId: folder.id, roots, partial: true });
      }
      if (!targets.length) return emptyCounts();
      return scanTargets('watch', targets, { threads: 0 });
    },

    /** Declares the scan job's queue; a working node runs its jobs. */
    async installJobs() {
      // A dead worker's scan is taken over 10–20 s after its last heartbeat, and starts again: a scan is idempotent.
      await jobs.queue<{ kind: ScanKind; folder?: string }>({ name: 'library-scan', policy: 'exclusive', heartbeatS: 10 }, async ({ kind, folder }) => {
        await library.scan(kind === 'full' ? 'full' : 'quick', undefined, folder);
      });
    },

    /**
     * Queues a scan (of every folder, or of one just added) for a worker; resolves once queued.
     * A request while the same scan waits or runs joins it, as asking twice at once should.
     */
    async requestScan(kind: ScanKind, folder?: string): Promise<void> {
      await jobs.send('library-scan', { kind, folder }, folder ? `folder:${folder}` : `all:${kind}`);
    },

    /**
     * The scan's state and the files it could not read. Paths are absolute for administrators;
     * for others (`serverPaths: false`) they are relative to their music folder, so the
     * server's layout stays the administrator's business.
     */
    async status(options: { serverPaths?: boolean } = {}): Promise<ScanStatus> {
      const rows = await db.selectFrom('library_issues').selectAll().orderBy('at', 'desc').orderBy('path').limit(200).execute();
      const total = await db
        .selectFrom('library_issues')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const folders = options.serverPaths === false ? new Map((await library.folders()).map((f) => [f.id, f.path])) : undefined;
      // A reader's message may quote the path too.
      const hide = (text: string, folder: string | undefined) => (folder ? text.replaceAll(`${folder}${sep}`, '').replaceAll(folder, '.') : text);
      const issues: ScanIssue[] = rows.map((r) => {
        const folder = folders?.get(r.folder_id);
        const path = folders ? (folder ? hide(r.path, folder) : basename(r.path)) : r.path;
        return {
          path,
          code: r.code,
          reason: hide(r.reason, folder),
          detail: r.detail === null ? null : hide(r.detail, folder),
          severity: r.severity,
          at: new Date(Number(r.at)).toISOString(),
        };
      });
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      return {
        state: status.state,
        kind: status.kind,
        phase: status.phase,
        started_at: iso(status.startedAt),
        finished_at: iso(status.finishedAt),
        counts: status.counts,
        files_per_second: Math.round(status.filesPerSecond * 10) / 10,
        // Watched by this node, or by another of the cluster.
        watching: watcher !== null || (await jobs.leading('library-watch')),
        issues,
        issue_count: Number(total.n),
      };
    },

    /**
     * Start-up: sync configured folders, create the demo library if there is no music,
     * then scan (quick) and watch — all in the background, so the server serves at once.
     */
    start(options: StartOptions): Promise<void> {
      // On a cluster the working nodes do this; the others only serve.
      if (!jobs.working) return Promise.resolve();
      const work = (async () => {
        await library.syncConfigFolders(options.music);
        if (options.demo && !(await library.folders()).length) {
          const path = await createDemoLibrary(dataDir);
          await library.addFolder(path, 'demo');
        }
        await library.scan('quick');
        if (options.watch === false) return;
        // One node of the cluster watches: the others would scan every change once more. A
        // node that takes over from one that died first catches up on what nobody watched.
        let taking = false;
        await jobs.lead('library-watch', () => {
          if (taking) library.requestScan('quick').catch(onError);
          const mine = createWatcher({ debounceMs: options.debounceMs ?? 1000, onChange: (paths) => library.scanPaths(paths).then(() => {}), onError });
          watcher = mine;
          followFolders().catch(onError);
          return () => {
            mine.close();
            if (watcher === mine) watcher = null;
          };
        });
        taking = true;
      })();
      work.catch(onError);
      return work;
    },

    /** Stops watching, stops a running scan at the next file, and waits for it. */
    async stop() {
      watcher?.close();
      watcher = null;
      unsubscribe();
      scanStatus.close();
      stopping.abort();
      await running;
    },
  };
  return library;
}

export type Library = ReturnType<typeof createLibrary>;
