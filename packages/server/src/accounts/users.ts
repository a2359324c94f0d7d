import { PASSWORD_LENGTH, type AdminUser, type CreateUserBody, type Me, type Role, type Tier, type UpdateMeBody, type UpdateUserBody } from '@runnel/api';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import type { CredentialCaches } from './credential-caches.ts';
import { sessionCredential, type Principal } from './credentials.ts';
import { toAdminUser, toMe } from './present.ts';
import type { AccountsRepository, UserRow } from './repository.ts';
import { hashPassword, verifyPassword } from './secrets.ts';

export interface UsersDeps {
  repo: AccountsRepository;
  events: EventBus;
  caches: CredentialCaches;
  now: () => number;
}

/** Users: who they are, their roles, tiers and passwords, and an administrator's list of them. */
export function createUsers({ repo, events, caches, now }: UsersDeps) {
  async function requireUser(id: string): Promise<UserRow> {
    const user = await repo.userById(id);
    if (!user) throw notFound('User', 'user_not_found');
    return user;
  }

  /** Refuses a change that would leave the server without an administrator. */
  async function keepOneAdmin(user: UserRow, nextRole: Role | 'deleted') {
    if (user.role === 'admin' && nextRole !== 'admin' && (await repo.countUsers({ role: 'admin' })) <= 1) {
      throw conflict('Runnel needs at least one administrator', 'last_admin');
    }
  }

  /** A user row ready to insert (the password hashed). */
  async function newUserRow(input: { username: string; password: string; display_name?: string; role?: Role; product?: Tier }): Promise<UserRow> {
    const at = now();
    return {
      id: newId(),
      username: input.username,
      username_key: input.username.toLowerCase(),
      display_name: input.display_name ?? input.username,
      password_hash: await hashPassword(input.password),
      role: input.role ?? 'user',
      tier: input.product ?? 'free',
      language: null,
      created_at: at,
      updated_at: at,
    };
  }

  return {
    newUserRow,

    me: (user: UserRow): Me => toMe(user),

    /** Changes the caller's display name and/or language (null: the browser's again). */
    async updateMe(user: UserRow, changes: UpdateMeBody): Promise<Me> {
      await repo.updateUser(user.id, { ...changes, updated_at: now() });
      await caches.credentialsChanged();
      const updated = await requireUser(user.id);
      await events.publish({ type: 'user.updated', users: [user.id], data: toMe(updated) });
      return toMe(updated);
    },

    /** Changes the caller's password after checking the current one; ends their other sessions. */
    async changePassword(principal: Principal, current: string, next: string) {
      if (!(await verifyPassword(current, principal.user.password_hash))) {
        throw new AppError('invalid_credentials', 403, 'The current password is wrong');
      }
      await repo.updateUser(principal.user.id, { password_hash: await hashPassword(next), updated_at: now() });
      await repo.deleteSessionsOf(principal.user.id, principal.sessionId);
      await caches.revoked({ user_id: principal.user.id, scope: 'sessions', except: principal.sessionId && sessionCredential(principal.sessionId) });
    },

    /**
     * Sets a password without asking for the current one: for an administrator, or for a
     * caller already signed in some other way (a Subsonic app's changePassword). The same
     * length rule as everywhere; every session of the user ends.
     */
    async setPassword(userId: string, next: string) {
      if (next.length < PASSWORD_LENGTH.min || next.length > PASSWORD_LENGTH.max) {
        throw badRequest(`A password has ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`, 'invalid_password');
      }
      await requireUser(userId);
      await repo.updateUser(userId, { password_hash: await hashPassword(next), updated_at: now() });
      await repo.deleteSessionsOf(userId);
      await caches.revoked({ user_id: userId, scope: 'sessions' });
    },

    async listUsers(limit: number, offset: number) {
      const [rows, total] = await Promise.all([repo.listUsers(limit, offset), repo.countUsers()]);
      return { items: rows.map(toAdminUser), total };
    },

    async getUser(id: string): Promise<AdminUser> {
      return toAdminUser(await requireUser(id));
    },

    /** Id, username and display name of every user (or of these ids), for the search index. */
    usersForIndex: (ids?: readonly string[]) => repo.listUsersForIndex(ids),

    async userByName(username: string): Promise<UserRow | undefined> {
      return repo.userByName(username);
    },

    async createUser(input: CreateUserBody): Promise<AdminUser> {
      if (await repo.userByName(input.username)) throw conflict(`The username "${input.username}" is taken`, 'username_taken');
      const row = await newUserRow(input);
      try {
        await repo.insertUser(row);
      } catch (error) {
        if (await repo.userByName(input.username)) throw conflict(`The username "${input.username}" is taken`, 'username_taken');
        throw error;
      }
      await events.publish({ type: 'user.updated', users: [row.id], data: toMe(row) });
      return toAdminUser(row);
    },

    async updateUser(id: string, input: UpdateUserBody): Promise<AdminUser> {
      const user = await requireUser(id);
      if (input.role) await keepOneAdmin(user, input.role);
      await repo.updateUser(id, {
        ...(input.display_name !== undefined && { display_name: input.display_name }),
        ...(input.role !== undefined && { role: input.role }),
        ...(input.product !== undefined && { tier: input.product }),
        ...(input.password !== undefined && { password_hash: await hashPassword(input.password) }),
        updated_at: now(),
      });
      if (input.password !== undefined) {
        await repo.deleteSessionsOf(id);
        await caches.revoked({ user_id: id, scope: 'sessions' });
      } else {
        await caches.credentialsChanged();
      }
      const updated = await requireUser(id);
      await events.publish({ type: 'user.updated', users: [id], data: toMe(updated) });
      return toAdminUser(updated);
    },

    async deleteUser(id: string) {
      const user = await requireUser(id);
      await keepOneAdmin(user, 'deleted');
      await repo.deleteUser(id);
      await caches.revoked({ user_id: id, scope: 'all' });
      await events.publish({ type: 'user.deleted', users: [id], data: { id } });
    },
  };
}
