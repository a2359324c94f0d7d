import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface WatcherOptions {
  /** Quiet time after the last change before the changed paths are scanned. */
  debounceMs: number;
  /** Scans the changed paths (files or directories, present or gone). */
  onChange: (paths: string[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

/** How often a folder that vanished (an unmounted disk) is looked for again. */
const RETRY_MS = 2000;

/**
 * Watches music folders recursively and hands the changed paths, debounced, to a partial
 * scan. A folder that disappears is retried until it is back, then rescanned whole (quick)
 * to catch up with what happened while it was gone.
 */
export function createWatcher({ debounceMs, onChange, onError = () => {} }: WatcherOptions) {
  const folders = new Map<string, { path: string; fsWatcher: FSWatcher | null; retry: NodeJS.Timeout | null }>();
  let dirty = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const paths = [...dirty];
      dirty = new Set();
      running = running.then(() => onChange(paths)).catch(onError);
    }, debounceMs);
    timer.unref();
  }

  function mark(path: string) {
    if (closed) return;
    dirty.add(path);
    schedule();
  }

  function open(id: string) {
    const entry = folders.get(id);
    if (!entry || closed) return;
    try {
      const fsWatcher = watch(entry.path, { recursive: true, persistent: false }, (_event, filename) => {
        mark(filename ? join(entry.path, filename.toString()) : entry.path);
        // The folder itself went away (unmounted, deleted): inotify will say nothing more.
        if (!existsSync(entry.path)) lost(id);
      });
      fsWatcher.on('error', () => lost(id));
      entry.fsWatcher = fsWatcher;
    } catch {
      lost(id);
    }
  }

  function lost(id: string) {
    const entry = folders.get(id);
    if (!entry || closed) return;
    entry.fsWatcher?.close();
    entry.fsWatcher = null;
    mark(entry.path); // its tracks are gone for now
    if (entry.retry) return;
    entry.retry = setInterval(() => {
      if (!existsSync(entry.path)) return;
      clearInterval(entry.retry!);
      entry.retry = null;
      open(id);
      mark(entry.path);
    }, RETRY_MS);
    entry.retry.unref();
  }

  return {
    add(id: string, path: string) {
      if (folders.has(id)) return;
      folders.set(id, { path, fsWatcher: null, retry: null });
      open(id);
    },
    remove(id: string) {
      const entry = folders.get(id);
      if (!entry) return;
      entry.fsWatcher?.close();
      if (entry.retry) clearInterval(entry.retry);
      folders.delete(id);
    },
    /** The ids of the folders watched. */
    watched: () => [...folders.keys()],
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const id of [...folders.keys()]) this.remove(id);
    },
    /** Resolves when the scans started so far have finished (tests). */
    idle: () => running,
  };
}

export type Watcher = ReturnType<typeof createWatcher>;
