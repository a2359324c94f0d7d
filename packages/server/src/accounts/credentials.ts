import { LRUCache } from 'lru-cache';
import type { BusEvent } from '../events/bus.ts';
import type { UserRow } from './repository.ts';

/** Who is making a request, once their session or token has been checked. */
export interface Principal {
  user: UserRow;
  /** The session used, when signed in with one (so logout can end it). */
  sessionId?: string;
  /** The API token used, when signed in with one. */
  tokenId?: string;
}

/**
 * The credential a request came with, as one short string: `s` + session id or `t` + API
 * token id. What a live socket and a signed stream URL are bound to, so ending the
 * credential ends them too.
 */
export function credentialOf(principal: Principal): string | undefined {
  if (principal.sessionId) return sessionCredential(principal.sessionId);
  if (principal.tokenId) return tokenCredential(principal.tokenId);
  return undefined;
}

export const sessionCredential = (sessionId: string) => `s${sessionId}`;
export const tokenCredential = (tokenId: string) => `t${tokenId}`;

/** The session or API token a credential id names; undefined when it is neither. */
export function parseCredential(credential: string): { kind: 'session' | 'token'; id: string } | undefined {
  const id = credential.slice(1);
  if (credential.startsWith('s')) return { kind: 'session', id };
  if (credential.startsWith('t')) return { kind: 'token', id };
  return undefined;
}

/** Bus event published when credentials end; every node drops what it holds for them. */
export const CREDENTIALS_REVOKED = 'accounts.credentials_revoked';

/**
 * Which credentials of one user ended:
 * - `only`: these ones (a sign-out, a revoked API token);
 * - `sessions`: every session but `except` (a password change; API tokens live on);
 * - `all`: every credential (the user was deleted).
 */
export type Revocation = { user_id: string } & ({ scope: 'only'; credentials: string[] } | { scope: 'sessions'; except?: string } | { scope: 'all' });

/** The bus event for a revocation. No live client sees it (`users: []`); the live channel acts on it. */
export const revocationEvent = (revocation: Revocation): BusEvent => ({ type: CREDENTIALS_REVOKED, data: revocation, users: [] });

/** The revocation an event announces, if it is one. */
export const revocationOf = (event: BusEvent): Revocation | undefined => (event.type === CREDENTIALS_REVOKED ? (event.data as Revocation) : undefined);

/** Whether a revocation ends this credential of this user. */
export function revokes(revocation: Revocation, userId: string, credential: string | undefined): boolean {
  if (revocation.user_id !== userId) return false;
  switch (revocation.scope) {
    case 'all':
      return true;
    case 'sessions':
      return credential === undefined || (credential.startsWith('s') && credential !== revocation.except);
    case 'only':
      return credential !== undefined && revocation.credentials.includes(credential);
  }
}

/** Credentials (or passwords) a cache remembers at most; expiry is by each entry's own time. */
export const MAX_ENTRIES = 10_000;

/**
 * Recently checked sessions and tokens, so a busy client costs no database round trip per
 * request. Entries live a few seconds and every credential change empties the cache on
 * every node, so a logout or revocation takes effect at once.
 */
export class PrincipalCache {
  // Least recently used go first when full: a burst of new credentials never drops the busy ones.
  private readonly entries: LRUCache<string, { principal: Principal; until: number }>;
  private readonly now: () => number;
  constructor(now: () => number, size = MAX_ENTRIES) {
    this.now = now;
    this.entries = new LRUCache({ max: size });
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
    this.entries.set(hash, { principal, until: Math.min(expiresAt, this.now() + 10_000) });
    return principal;
  }
  clear() {
    this.entries.clear();
  }
}

/** How long an answer is trusted without a revocation event: the safety net should one be lost. */
const ACTIVE_TTL_MS = 60_000;

/**
 * Whether credentials still stand, by credential id: asked on every request of a signed
 * stream URL (thousands a second), so answers are kept and a lookup runs once per
 * credential a minute, shared by requests that arrive together. Revocation events drop
 * the entries they end (on every node), so a sign-out shows at once.
 */
export class ActiveCredentials {
  private readonly entries = new LRUCache<string, { userId: string; active: Promise<boolean>; until: number }>({ max: MAX_ENTRIES });
  private readonly lookup: (userId: string, credential: string) => Promise<number | undefined>;
  private readonly now: () => number;
  /** `lookup` gives until when the credential is valid, or undefined when it is not. */
  constructor(lookup: (userId: string, credential: string) => Promise<number | undefined>, now: () => number) {
    this.lookup = lookup;
    this.now = now;
  }
  check(userId: string, credential: string): Promise<boolean> {
    const at = this.now();
    const entry = this.entries.get(credential);
    if (entry && entry.userId === userId && entry.until > at) return entry.active;
    const fresh = { userId, until: at + ACTIVE_TTL_MS, active: Promise.resolve(false) };
    fresh.active = this.lookup(userId, credential).then(
      (validUntil) => {
        if (validUntil !== undefined) fresh.until = Math.min(fresh.until, validUntil);
        return validUntil !== undefined && validUntil > this.now();
      },
      (error: unknown) => {
        if (this.entries.get(credential) === fresh) this.entries.delete(credential);
        throw error;
      },
    );
    this.entries.set(credential, fresh);
    return fresh.active;
  }
  forget(revocation: Revocation) {
    const ended = [...this.entries.entries()].filter(([credential, entry]) => revokes(revocation, entry.userId, credential));
    for (const [credential] of ended) this.entries.delete(credential);
  }
}
