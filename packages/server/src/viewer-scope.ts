import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which music folders the person a request is answered for may reach (libraries/README.md).
 * `undefined` means every folder: administrators, everyone while no library restricts a
 * folder, and work no person asked for (scans, indexing, jobs, public share links).
 *
 * It travels with the request (AsyncLocalStorage) instead of as a parameter through every
 * module: the catalogue is the one place that reads it, so every module that reaches music
 * through the catalogue (REST, Subsonic, playlists, collection, player, social, history,
 * devices) is filtered without knowing that libraries exist.
 */
export interface ViewerScope {
  userId: string;
  /**
   * The folders this viewer may reach, or the one a Subsonic request narrows them to
   * (`musicFolderId`, subsonic/load.ts); never every folder (that is `undefined`).
   */
  folders: readonly string[];
}

const storage = new AsyncLocalStorage<ViewerScope | undefined>();

/** The scope of the request being answered; undefined: no restriction. */
export const currentScope = (): ViewerScope | undefined => storage.getStore();

/** Runs `fn` (and everything it starts) as seen by `scope`; undefined: unrestricted. */
export const withScope = <T>(scope: ViewerScope | undefined, fn: () => T): T => storage.run(scope, fn);

/**
 * Runs `fn` outside any viewer's scope: the event bus delivers events this way, so work a
 * restricted user's request sets off (re-indexing, caches shared by everyone) sees the
 * whole catalogue.
 */
export const unscoped = <T>(fn: () => T): T => storage.exit(fn);
