import type { ApiTokenInfo, NewApiToken, TokenResponse } from '@runnel/api';
import { notFound, unauthorized } from '../errors.ts';
import { newId } from '../ids.ts';
import { iso } from '../time.ts';
import type { CredentialCaches } from './credential-caches.ts';
import { sessionCredential, tokenCredential, type Principal } from './credentials.ts';
import type { AccountsRepository, UserRow } from './repository.ts';
import { DUMMY_HASH, hashToken, newToken, verifyPassword } from './secrets.ts';
import type { LoginThrottle } from './throttle.ts';

export interface SessionsDeps {
  repo: AccountsRepository;
  caches: CredentialCaches;
  throttle: LoginThrottle;
  sessionTtlS: number;
  now: () => number;
}

/** Signing in and out, sessions and API tokens, and resolving either to its user. */
export function createSessions({ repo, caches, throttle, sessionTtlS, now }: SessionsDeps) {
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

  return {
    startSession,

    async login(username: string, password: string, address: string, userAgent: string | null): Promise<TokenResponse> {
      const user = await throttle.attempt(username, address, async () => {
        const found = await repo.userByName(username);
        const ok = await verifyPassword(password, found?.password_hash ?? DUMMY_HASH);
        return found && ok ? found : undefined;
      });
      if (!user) throw unauthorized('Wrong username or password', 'invalid_credentials');
      return startSession(user, userAgent);
    },

    async logout(principal: Principal) {
      if (!principal.sessionId) return; // an API token is revoked, not signed out
      await repo.deleteSession(principal.sessionId);
      await caches.revoked({ user_id: principal.user.id, scope: 'only', credentials: [sessionCredential(principal.sessionId)] });
    },

    /**
     * Whether a credential (see credentials.ts) of this user still stands. Cheap enough for
     * every stream request: answers are cached, and revocations reach every node's cache.
     */
    credentialActive: (userId: string, credential: string): Promise<boolean> => caches.active.check(userId, credential),

    /**
     * The principal of a token this node resolved recently, without a promise (every
     * authenticated request asks first); undefined when it must be looked up (`authenticate`).
     */
    authenticateAtOnce: (token: string): Principal | undefined => caches.principals.get(hashToken(token)),

    /** Resolves a session or API token to its user; undefined when unknown or expired. */
    async authenticate(token: string): Promise<Principal | undefined> {
      const hash = hashToken(token);
      const cached = caches.principals.get(hash);
      if (cached) return cached;
      if (token.startsWith('rs_')) {
        const row = await repo.sessionByHash(hash);
        if (!row || row.expires_at < now()) return undefined;
        const { session_id, expires_at, ...user } = row;
        return caches.principals.set(hash, { user, sessionId: session_id }, expires_at);
      }
      if (token.startsWith('rt_')) {
        const row = await repo.apiTokenByHash(hash);
        if (!row) return undefined;
        const { token_id, last_used_at, ...user } = row;
        // Record use at most once a minute: no write on every request.
        if (last_used_at === null || now() - last_used_at > 60_000) await repo.touchApiToken(token_id, now());
        return caches.principals.set(hash, { user, tokenId: token_id }, Infinity);
      }
      return undefined;
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
      await caches.revoked({ user_id: user.id, scope: 'only', credentials: [tokenCredential(id)] });
    },

    /** Removes expired sessions and sign-in failures old enough to forget; run now and then. */
    async pruneSessions() {
      await repo.deleteExpiredSessions(now());
      await throttle.prune();
    },
  };
}
