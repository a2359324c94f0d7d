import type { CreateLibraryBody, Library, UpdateLibraryBody } from '@runnel/api';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { conflict, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { iso } from '../time.ts';
import { withScope, type ViewerScope } from '../viewer-scope.ts';
import { computeScope, loadGrants, type Grants } from './grants.ts';

export const LIBRARIES_CHANGED = 'libraries.changed';
/** The library module's event when music folders are added or removed (library/service.ts). */
const FOLDERS_CHANGED = 'library.folders.changed';

export interface LibrariesDeps {
  db: Db;
  events: EventBus;
  /** Ids of the music folders there are (the library module's). */
  folderIds: () => Promise<string[]>;
  /** A user's role, or undefined when there is no such user (the accounts module's). */
  roleOf: (userId: string) => Promise<'admin' | 'user' | undefined>;
  now: () => number;
}

/** Who a scope is worked out for: a signed-in user as the request knows them. */
export interface Viewer {
  id: string;
  role: 'admin' | 'user';
}

/** Replaces a library's folders and members with the lists given (a list not given is left as it is). */
async function replaceSets(trx: Transaction<Database>, id: string, body: { folders?: string[]; members?: string[] }) {
  if (body.folders) {
    await trx.deleteFrom('libraries_folders').where('library_id', '=', id).execute();
    if (body.folders.length)
      await trx
        .insertInto('libraries_folders')
        .values(body.folders.map((folder_id) => ({ library_id: id, folder_id })))
        .execute();
  }
  if (body.members) {
    await trx.deleteFrom('libraries_members').where('library_id', '=', id).execute();
    if (body.members.length)
      await trx
        .insertInto('libraries_members')
        .values(body.members.map((user_id) => ({ library_id: id, user_id })))
        .execute();
  }
}

/**
 * Libraries: named sets of music folders granted to users. Works out each user's scope (the
 * folders they may reach; viewer-scope.ts) from one cached picture of every grant, rebuilt
 * after any change on any node (`libraries.changed`, `library.folders.changed`, `user.deleted`
 * on the bus).
 */
export function createLibraries({ db, events, folderIds, roleOf, now }: LibrariesDeps) {
  let grants: Promise<Grants> | undefined;
  /** The grants once read, for answers that need no wait (scopeAtOnce); dropped with `grants`. */
  let loaded: Grants | undefined;
  const current = () => {
    if (grants) return grants;
    const reading = loadGrants(db, folderIds).then(
      (read) => {
        if (grants === reading) loaded = read;
        return read;
      },
      (error: unknown) => {
        if (grants === reading) grants = undefined;
        throw error;
      },
    );
    return (grants = reading);
  };
  const forget = () => {
    grants = undefined;
    loaded = undefined;
  };
  events.subscribe((event) => {
    if (event.type === LIBRARIES_CHANGED || event.type === FOLDERS_CHANGED || event.type === 'user.deleted') forget();
  });
  const changed = async () => {
    forget();
    await events.publish({ type: LIBRARIES_CHANGED, data: null, users: [] });
  };

  async function present(ids?: string[]): Promise<Library[]> {
    let query = db.selectFrom('libraries').selectAll().orderBy('name').orderBy('id');
    if (ids) query = query.where('id', 'in', ids);
    const rows = await query.execute();
    if (!rows.length) return [];
    const libraryIds = rows.map((r) => r.id);
    const [folders, members] = await Promise.all([
      db.selectFrom('libraries_folders').selectAll().where('library_id', 'in', libraryIds).orderBy('folder_id').execute(),
      db.selectFrom('libraries_members').selectAll().where('library_id', 'in', libraryIds).orderBy('user_id').execute(),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      folders: folders.filter((f) => f.library_id === r.id).map((f) => f.folder_id),
      members: members.filter((m) => m.library_id === r.id).map((m) => m.user_id),
      created_at: iso(Number(r.created_at)),
    }));
  }

  async function checkRefs(body: { folders?: string[]; members?: string[] }) {
    if (body.folders) {
      const known = new Set(await folderIds());
      const unknown = body.folders.find((id) => !known.has(id));
      if (unknown) throw notFound(`Music folder ${unknown}`, 'folder_not_found');
    }
    for (const id of body.members ?? []) if (!(await roleOf(id))) throw notFound(`User ${id}`, 'user_not_found');
  }

  async function nameTaken(name: string, except?: string) {
    const row = await db.selectFrom('libraries').select('id').where('name', '=', name).executeTakeFirst();
    if (row && row.id !== except) throw conflict(`There is a library named ${name} already`, 'library_exists');
  }

  /**
   * Runs a create or update in one transaction. A write that lost a race (two admins making
   * one name at once, a member deleted meanwhile) fails on a constraint: it is answered as the
   * checks before it would have answered it (409, 404), not as a 500.
   */
  async function write(body: { name?: string; folders?: string[]; members?: string[] }, id: string, fn: (trx: Transaction<Database>) => Promise<void>) {
    try {
      await db.transaction().execute(fn);
    } catch (error) {
      if (body.name !== undefined) await nameTaken(body.name, id);
      await checkRefs(body);
      throw error;
    }
  }

  async function one(id: string): Promise<Library> {
    const [library] = await present([id]);
    if (!library) throw notFound('Library', 'library_not_found');
    return library;
  }

  const libraries = {
    /** Every library with its folders and members, A–Z. */
    list: () => present(),
    get: one,
    async create(body: CreateLibraryBody): Promise<Library> {
      await checkRefs(body);
      await nameTaken(body.name);
      const id = newId();
      await write(body, id, async (trx) => {
        await trx.insertInto('libraries').values({ id, name: body.name, created_at: now() }).execute();
        await replaceSets(trx, id, body);
      });
      await changed();
      return one(id);
    },
    /** Renames a library or replaces its folders or members (each given list is the whole new set). */
    async update(id: string, body: UpdateLibraryBody): Promise<Library> {
      await one(id);
      await checkRefs(body);
      if (body.name !== undefined) await nameTaken(body.name, id);
      await write(body, id, async (trx) => {
        if (body.name !== undefined) await trx.updateTable('libraries').set({ name: body.name }).where('id', '=', id).execute();
        await replaceSets(trx, id, body);
      });
      await changed();
      return one(id);
    },
    /** Deletes a library: its folders are everyone's again unless another library holds them. */
    async remove(id: string): Promise<void> {
      await one(id);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('libraries_folders').where('library_id', '=', id).execute();
        await trx.deleteFrom('libraries_members').where('library_id', '=', id).execute();
        await trx.deleteFrom('libraries').where('id', '=', id).execute();
      });
      await changed();
    },

    /**
     * The scope without waiting, when the grants are read and it needs nothing else: on an
     * install where no library holds a folder, everyone's (undefined); for a signed-in
     * `viewer`, theirs. Null: ask scopeFor or scopeOf. Every request asks (install.ts).
     */
    scopeAtOnce(viewer?: Viewer): ViewerScope | undefined | null {
      if (!loaded) return null;
      if (loaded.restricted.size === 0) return undefined;
      return viewer ? computeScope(loaded, viewer) : null;
    },
    /** The folders a signed-in user may reach; undefined: every folder (an admin, or nothing restricted). */
    scopeFor: async (viewer: Viewer): Promise<ViewerScope | undefined> => computeScope(await current(), viewer),
    /** The same for a user known only by id (a signed stream URL, an inbox recipient); an unknown user reaches nothing. */
    async scopeOf(userId: string): Promise<ViewerScope | undefined> {
      const role = await roleOf(userId);
      return role ? libraries.scopeFor({ id: userId, role }) : { userId, folders: [] };
    },
    /** Runs `fn` as `userId` sees the catalogue (the inbox asks whether a recipient can see an item). */
    async asUser<T>(userId: string, fn: () => Promise<T>): Promise<T> {
      return withScope(await libraries.scopeOf(userId), fn);
    },
  };
  return libraries;
}

export type Libraries = ReturnType<typeof createLibraries>;
