import type { AdminUser, ApiTokenInfo, CreateUserBody, Me, NewApiToken, Role, Tier, TokenResponse, UpdateUserBody } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, conflict, notFound, unauthorized } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { createAccountsRepository, type UserRow } from './repository.ts';
import { DUMMY_HASH, hashPassword, hashToken, newToken, verifyPassword } from './secrets.ts';
import { LoginThrottle } from './throttle.ts';

/** Who is making a request, once their session or token has been checked. */
export interface Principal {
  user: UserRow;
  /** The session used, when signed in with one (so logout can end it). */
  sessionId?: string;
  /** The API token used, when signed in with one. */
  tokenId?: string;
}

export interface AccountsDeps {
  db: Db;
  events: EventBus;
  sessionTtlS: number;
  throttle?: LoginThrottle;
  now?: () => number;
}

/** The accounts module: users, passwords, sessions, API tokens, roles and tiers. */
export function createAccounts({ db, events, sessionTtlS, throttle = new LoginThrottle(), now = Date.now }: AccountsDeps) {
  const repo = createAccountsRepository(db);
  const cache = new PrincipalCache(now);
  // Any change to who may do what empties every node's cache (other nodes hear it on the bus).
  events.subscribe((event) => {
    if (event.type === 'accounts.credentials_changed') cache.clear();
  });
  const credentialsChanged = () => {
    cache.clear();
    return events.publish({ type: 'accounts.credentials_changed', data: null, users: [] });
  };

  async function startSession(user: UserRow, userAgent: string | null): Promise<TokenResponse> {
    const token = newToken('rs');
    const created = now();
    await repo.insertSession({
      id: newId(),
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: created,
      expires_at: created + sessionTtlS * 1000,
      user_agent: userAgent?.slice(0, 200) ?? null,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: sessionTtlS };
  }

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
      created_at: at,
      updated_at: at,
    };
  }

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

  return {
    /** True while no account exists: the first visitor may create the admin. */
    needsSetup: async () => (await repo.countUsers()) === 0,

    /** First run only: creates the administrator and signs them in. */
    async setup(input: { username: string; password: string; display_name?: string }, userAgent: string | null) {
      const user = await newUserRow({ ...input, role: 'admin', product: 'premium' });
      if (!(await repo.insertFirstAdmin(user))) throw conflict('Runnel is already set up; sign in instead', 'already_set_up');
      return startSession(user, userAgent);
    },

    async login(username: string, password: string, address: string, userAgent: string | null): Promise<TokenResponse> {
      throttle.begin(username, address);
      const user = await repo.userByName(username);
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !ok) {
        throw unauthorized('Wrong username or password', 'invalid_credentials');
      }
      throttle.succeed(username, address);
      return startSession(user, userAgent);
    },

    async logout(principal: Principal) {
      if (principal.sessionId) await repo.deleteSession(principal.sessionId);
      await credentialsChanged();
    },

    /** Resolves a session or API token to its user; undefined when unknown or expired. */
    async authenticate(token: string): Promise<Principal | undefined> {
      const hash = hashToken(token);
      const cached = cache.get(hash);
      if (cached) return cached;
      if (token.startsWith('rs_')) {
        const row = await repo.sessionByHash(hash);
        if (!row || row.expires_at < now()) return undefined;
        const { session_id, expires_at, ...user } = row;
        return cache.set(hash, { user, sessionId: session_id }, expires_at);
      }
      if (token.startsWith('rt_')) {
        const row = await repo.apiTokenByHash(hash);
        if (!row) return undefined;
        const { token_id, last_used_at, ...user } = row;
        // Record use at most once a minute: no write on every request.
        if (last_used_at === null || now() - last_used_at > 60_000) await repo.touchApiToken(token_id, now());
        return cache.set(hash, { user, tokenId: token_id }, Infinity);
      }
      return undefined;
    },

    me: (user: UserRow): Me => toMe(user),

    async updateMe(user: UserRow, displayName: string): Promise<Me> {
      await repo.updateUser(user.id, { display_name: displayName, updated_at: now() });
      await credentialsChanged();
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
      await credentialsChanged();
    },

    async createToken(user: UserRow, name: string): Promise<NewApiToken> {
      const token = newToken('rt');
      const id = newId();
      await repo.insertApiToken({ id, user_id: user.id, name, token_hash: hashToken(token), created_at: now() });
      return { id, name, token };
    },

    async listTokens(user: UserRow): Promise<ApiTokenInfo[]> {
      const rows = await repo.listApiTokens(user.id);
      return rows.map((r) => ({ id: r.id, name: r.name, created_at: iso(r.created_at), last_used_at: r.last_used_at === null ? null : iso(r.last_used_at) }));
    },

    async revokeToken(user: UserRow, id: string) {
      const result = await repo.deleteApiToken(user.id, id);
      if (Number(result.numDeletedRows) === 0) throw notFound('Token', 'token_not_found');
      await credentialsChanged();
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
      if (input.password !== undefined) await repo.deleteSessionsOf(id);
      await credentialsChanged();
      const updated = await requireUser(id);
      await events.publish({ type: 'user.updated', users: [id], data: toMe(updated) });
      return toAdminUser(updated);
    },

    async deleteUser(id: string) {
      const user = await requireUser(id);
      await keepOneAdmin(user, 'deleted');
      await repo.deleteUser(id);
      await credentialsChanged();
      await events.publish({ type: 'user.deleted', users: [id], data: { id } });
    },

    /** Removes expired sessions; run now and then. */
    pruneSessions: () => repo.deleteExpiredSessions(now()),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

/**
 * Recently checked sessions and tokens, so a busy client costs no database round trip per
 * request. Entries live a few seconds and every credential change empties the cache on
 * every node, so a logout or revocation takes effect at once.
 */
class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }
  get(hash: string): Principal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until < this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.principal;
  }
  set(hash: string, principal: Principal, expiresAt: number): Principal {
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(hash, { principal, until: Math.min(expiresAt, this.now() + 10_000) });
    return principal;
  }
  clear() {
    this.entries.clear();
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

function toMe(user: UserRow): Me {
  return {
    id: user.id,
    display_name: user.display_name,
    type: 'user',
    uri: `runnel:user:${user.id}`,
    href: `/api/v1/users/${user.id}`,
    product: user.tier,
    role: user.role,
    username: user.username,
    images: [],
    followers: { href: null, total: 0 },
  };
}

function toAdminUser(user: UserRow): AdminUser {
  return {
    id: user.id,
    username: user.username,
    display_name: user.display_name,
    role: user.role,
    product: user.tier,
    created_at: iso(user.created_at),
  };
}
