import type { Db } from '../db/database.ts';
import type { UsersTable } from './tables.ts';

export type UserRow = UsersTable;

/** The accounts module's queries. Nothing outside this module touches its tables. */
export function createAccountsRepository(db: Db) {
  return {
    userById: (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    userByName: (username: string) => db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst(),
    listUsers: (limit: number, offset: number) => db.selectFrom('users').selectAll().orderBy('username_key').limit(limit).offset(offset).execute(),
    async countUsers(where: { role?: string } = {}) {
      let query = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
      if (where.role) query = query.where('role', '=', where.role as UserRow['role']);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Names of users for the search index: all of them, or those with these ids. */
    listUsersForIndex: (ids?: readonly string[]) => {
      let query = db.selectFrom('users').select(['id', 'username', 'display_name']).orderBy('id');
      if (ids) query = query.where('id', 'in', ids.length ? [...ids] : ['']);
      return query.execute();
    },
    insertUser: (user: UserRow) => db.insertInto('users').values(user).execute(),
    updateUser: (id: string, changes: Partial<Omit<UserRow, 'id'>>) => db.updateTable('users').set(changes).where('id', '=', id).executeTakeFirst(),
    deleteUser: (id: string) => db.deleteFrom('users').where('id', '=', id).executeTakeFirst(),

    insertSession: (row: { id: string; token_hash: string; user_id: string; created_at: number; expires_at: number; user_agent: string | null }) =>
      db.insertInto('sessions').values(row).execute(),
    sessionByHash: (tokenHash: string) =>
      db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.id as session_id', 'sessions.expires_at'])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst(),
    /** A session of this user (still a user), for checking that a credential stands. */
    sessionOf: (userId: string, id: string) =>
      db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('sessions.expires_at')
        .where('sessions.id', '=', id)
        .where('sessions.user_id', '=', userId)
        .executeTakeFirst(),
    deleteSession: (id: string) => db.deleteFrom('sessions').where('id', '=', id).execute(),
    deleteSessionsOf: (userId: string, exceptId?: string) => {
      let query = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) query = query.where('id', '!=', exceptId);
      return query.execute();
    },
    deleteExpiredSessions: (now: number) => db.deleteFrom('sessions').where('expires_at', '<', now).execute(),

    insertApiToken: (row: { id: string; user_id: string; name: string; token_hash: string; created_at: number }) =>
      db
        .insertInto('api_tokens')
        .values({ ...row, last_used_at: null })
        .execute(),
    apiTokenByHash: (tokenHash: string) =>
      db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .selectAll('users')
        .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .executeTakeFirst(),
    apiTokenOf: (userId: string, id: string) =>
      db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select('api_tokens.id')
        .where('api_tokens.id', '=', id)
        .where('api_tokens.user_id', '=', userId)
        .executeTakeFirst(),
    appPassword: (userId: string) => db.selectFrom('app_passwords').selectAll().where('user_id', '=', userId).executeTakeFirst(),
    putAppPassword: (row: { user_id: string; sealed: string; created_at: number }) =>
      db
        .insertInto('app_passwords')
        .values(row)
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ sealed: row.sealed, created_at: row.created_at }))
        .execute(),
    deleteAppPassword: (userId: string) => db.deleteFrom('app_passwords').where('user_id', '=', userId).executeTakeFirst(),
    touchApiToken: (id: string, now: number) => db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute(),
    listApiTokens: (userId: string) =>
      db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    deleteApiToken: (userId: string, id: string) => db.deleteFrom('api_tokens').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst(),

    /** Creates the first admin only if no user exists; the `instance` row makes it once-only even under a race. */
    async insertFirstAdmin(user: UserRow): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
        if (existing) return false;
        try {
          await trx.insertInto('instance').values({ key: 'first_admin', value: user.id }).execute();
        } catch {
          return false;
        }
        await trx.insertInto('users').values(user).execute();
        return true;
      });
    },
  };
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>;
