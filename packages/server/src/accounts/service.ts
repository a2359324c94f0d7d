import { randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { PASSWORD_LENGTH, type AdminUser, type ApiTokenInfo, type AppPasswordInfo, type NewAppPassword, type CreateUserBody, type Me, type NewApiToken, type Role, type Tier, type TokenResponse, type UpdateUserBody } from '@runnel/api';
import type { Db } from '../db/database.ts';
import { AppError, badRequest, conflict, notFound, unauthorized } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { newId } from '../ids.ts';
import { createAccountsRepository, type UserRow } from './repository.ts';
import { DUMMY_HASH, hashPassword, hashToken, newToken, verifyPassword } from './secrets.ts';
import { newAppPassword, openSecret, sealSecret } from './app-passwords.ts';
import { LoginThrottle, type ThrottleOptions } from './throttle.ts';
import {
  ActiveCredentials, MAX_ENTRIES, PrincipalCache, parseCredential, revocationEvent, revocationOf, sessionCredential, tokenCredential, type Principal, type Revocation,
} from './credentials.ts';
import { iso } from '../time.ts';

export type { Principal } from './credentials.ts';

export interface AccountsDeps {
  db: Db;
  events: EventBus;
  sessionTtlS: number;
  /** The sign-in throttle's settings (its clock, in tests). */
  throttle?: ThrottleOptions;
  /** The time now (ms since the epoch); the app passes its clock (AppDeps.clock). */
  now: () => number;
  /** Seals app passwords (see app-passwords.ts); kept in the data folder. Omitted: a key for this process only. */
  secretKey?: Buffer;
  /** Most sessions, tokens and passwords each cache remembers (tests make it small). */
  cacheSize?: number;
}

/** The accounts module: users, passwords, sessions, API tokens, roles and tiers. */
export function createAccounts({ db, events, sessionTtlS, throttle: throttleOptions, now, secretKey = randomBytes(32), cacheSize = MAX_ENTRIES }: AccountsDeps) {
  const repo = createAccountsRepository(db);
  const throttle = new LoginThrottle(db, { now, ...throttleOptions });
  const cache = new PrincipalCache(now, cacheSize);
  // Passwords checked recently (hash of user id + password → until when): Subsonic apps send
  // the password with every request, and an argon2id check on each would cost ~50 ms of CPU.
  // Least recently used go first when full, so new apps never make every app pay argon2id again.
  const checkedPasswords = new LRUCache<string, { user: UserRow; until: number }>({ max: cacheSize });
  const active = new ActiveCredentials(async (userId, credential) => {
    const named = parseCredential(credential);
    if (named?.kind === 'session') return (await repo.sessionOf(userId, named.id))?.expires_at;
    if (named?.kind === 'token') return (await repo.apiTokenOf(userId, named.id)) ? Infinity : undefined;
    return undefined;
  }, now);
  // Any change to who may do what empties every node's cache (other nodes hear it on the bus);
  // a revocation also drops what is known of the credentials it ends.
  events.subscribe((event) => {
    const revocation = revocationOf(event);
    if (revocation) active.forget(revocation);
    if (revocation || event.type === 'accounts.credentials_changed') {
      cache.clear();
      checkedPasswords.clear();
    }
  });
  const credentialsChanged = () => {
    cache.clear();
    checkedPasswords.clear();
    return events.publish({ type: 'accounts.credentials_changed', data: null, users: [] });
  };
  /** Announces ended credentials, after the database forgot them: every node closes their sockets and refuses their stream URLs. */
  const revoked = (revocation: Revocation) => {
    cache.clear();
    checkedPasswords.clear();
    active.forget(revocation);
    return events.publish(revocationEvent(revocation));
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

  // Checks of one username from one address run one after another. Apps send requests in
  // parallel with the same credentials; run at once, each would count as a pending failure
  // before the first success was known and the burst would trip the throttle. In a row, the
  // first success clears the count (and caches the password), and a burst of wrong guesses
  // still counts every one.
  const lanes = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(username: string, address: string, check: () => Promise<T>): Promise<T> {
    const lane = `${username.toLowerCase()}\0${address}`;
    const result = (lanes.get(lane) ?? Promise.resolve()).then(check, check);
    const settled = result.catch(() => undefined);
    lanes.set(lane, settled);
    void settled.then(() => {
      if (lanes.get(lane) === settled) lanes.delete(lane);
    });
    return result;
  }

  async function appPassword(userId: string): Promise<string | undefined> {
    const row = await repo.appPassword(userId);
    return row ? openSecret(secretKey, userId, row.sealed) : undefined;
  }

  return {
    /** True while no account exists: the first visitor may create the admin. */
    needsSetup: async () => (await repo.countUsers()) === 0,

    /** First run only: creates the administrator and signs them in. */
    async setup(input: { username: string; password: string; display_name?: string }, userAgent: string | null) {
      // Refused before hashing: once set up, anyone may post here, and each argon2 hash costs 19 MiB and tens of ms.
      const alreadySetUp = () => conflict('Runnel is already set up; sign in instead', 'already_set_up');
      if ((await repo.countUsers()) > 0) throw alreadySetUp();
      const user = await newUserRow({ ...input, role: 'admin', product: 'premium' });
      if (!(await repo.insertFirstAdmin(user))) throw alreadySetUp();
      return startSession(user, userAgent);
    },

    async login(username: string, password: string, address: string, userAgent: string | null): Promise<TokenResponse> {
      await throttle.begin(username, address);
      const user = await repo.userByName(username);
      const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !ok) {
        throw unauthorized('Wrong username or password', 'invalid_credentials');
      }
      await throttle.succeed(username, address);
      return startSession(user, userAgent);
    },

    /**
     * Checks a username and password sent with each request (Subsonic's `u`+`p`): the main
     * password or the user's app password. Throttled like sign-in; undefined when wrong.
     */
    checkPassword: (username: string, password: string, address: string): Promise<UserRow | undefined> => oneAtATime(username, address, async () => {
      // A password checked in the last minutes answers from memory, user row included: no
      // argon2id per request. Any change to any account empties the map. It still waits out
      // a delay the throttle imposes, or the map would answer a guesser's guesses unthrottled.
      const key = hashToken(`${username.toLowerCase()}\0${password}`);
      const cached = checkedPasswords.get(key);
      if (cached && cached.until > now()) {
        await throttle.allow(username, address);
        return cached.user;
      }
      await throttle.begin(username, address);
      const user = await repo.userByName(username);
      const app = user ? await appPassword(user.id) : undefined;
      const ok = (app !== undefined && sameText(app, password)) || (await verifyPassword(password, user?.password_hash ?? DUMMY_HASH));
      if (!user || !ok) return undefined;
      await throttle.succeed(username, address);
      checkedPasswords.set(key, { user, until: now() + 5 * 60_000 });
      return user;
    }),

    /**
     * Checks a request signed with the user's app password (Subsonic's `t` = md5(password + `s`)):
     * `matches` gets the app password and says whether the signature fits. Throttled like
     * sign-in. `no_app_password` when the user has none (the main password is kept as a hash,
     * which no token can be checked against): nothing was checked, so it counts as no guess.
     */
    checkAppSignature: (username: string, address: string, matches: (secret: string) => boolean): Promise<UserRow | 'no_app_password' | undefined> => oneAtATime(username, address, async () => {
      const user = await repo.userByName(username);
      const secret = user ? await appPassword(user.id) : undefined;
      // An unknown user looks like one without an app password: the answer never tells who exists.
      if (!user || secret === undefined) return 'no_app_password';
      await throttle.begin(username, address);
      if (!matches(secret)) return undefined;
      await throttle.succeed(username, address);
      return user;
    }),

    /** Makes (or replaces) the caller's app password; it is shown this once. */
    async createAppPassword(user: UserRow): Promise<NewAppPassword> {
      const password = newAppPassword();
      const created = now();
      await repo.putAppPassword({ user_id: user.id, sealed: sealSecret(secretKey, user.id, password), created_at: created });
      await credentialsChanged();
      return { password, created_at: iso(created) };
    },

    async appPasswordInfo(user: UserRow): Promise<AppPasswordInfo> {
      const row = await repo.appPassword(user.id);
      return { exists: row !== undefined, created_at: row ? iso(row.created_at) : null };
    },

    async deleteAppPassword(user: UserRow) {
      await repo.deleteAppPassword(user.id);
      await credentialsChanged();
    },

    async logout(principal: Principal) {
      if (!principal.sessionId) return; // an API token is revoked, not signed out
      await repo.deleteSession(principal.sessionId);
      await revoked({ user_id: principal.user.id, scope: 'only', credentials: [sessionCredential(principal.sessionId)] });
    },

    /**
     * Whether a credential (see credentials.ts) of this user still stands. Cheap enough for
     * every stream request: answers are cached, and revocations reach every node's cache.
     */
    credentialActive: (userId: string, credential: string): Promise<boolean> => active.check(userId, credential),

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
      await revoked({ user_id: principal.user.id, scope: 'sessions', except: principal.sessionId && sessionCredential(principal.sessionId) });
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
      await revoked({ user_id: userId, scope: 'sessions' });
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
      await revoked({ user_id: user.id, scope: 'only', credentials: [tokenCredential(id)] });
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
        await revoked({ user_id: id, scope: 'sessions' });
      } else {
        await credentialsChanged();
      }
      const updated = await requireUser(id);
      await events.publish({ type: 'user.updated', users: [id], data: toMe(updated) });
      return toAdminUser(updated);
    },

    async deleteUser(id: string) {
      const user = await requireUser(id);
      await keepOneAdmin(user, 'deleted');
      await repo.deleteUser(id);
      await revoked({ user_id: id, scope: 'all' });
      await events.publish({ type: 'user.deleted', users: [id], data: { id } });
    },

    /** Removes expired sessions and sign-in failures old enough to forget; run now and then. */
    async pruneSessions() {
      await repo.deleteExpiredSessions(now());
      await throttle.prune();
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;

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

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
