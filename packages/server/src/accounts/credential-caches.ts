import { LRUCache } from 'lru-cache';
import type { EventBus } from '../events/bus.ts';
import { ActiveCredentials, PrincipalCache, parseCredential, revocationEvent, revocationOf, type Revocation } from './credentials.ts';
import type { AccountsRepository, UserRow } from './repository.ts';

/**
 * What this node remembers about credentials, and how it forgets: every change to who may
 * do what empties every node's caches (other nodes hear it on the bus); a revocation also
 * drops what is known of the credentials it ends.
 */
export function createCredentialCaches({ repo, events, now, cacheSize }: { repo: AccountsRepository; events: EventBus; now: () => number; cacheSize: number }) {
  /** Sessions and API tokens resolved to their user, by token hash. */
  const principals = new PrincipalCache(now, cacheSize);
  // Passwords checked recently (hash of user id + password → until when): Subsonic apps send
  // the password with every request, and an argon2id check on each would cost ~50 ms of CPU.
  // Least recently used go first when full, so new apps never make every app pay argon2id again.
  const checkedPasswords = new LRUCache<string, { user: UserRow; until: number }>({ max: cacheSize });
  /** Each user's tier, for signed stream URLs (which carry no session to resolve): a plan change applies to URLs already handed out. */
  const tiers = new LRUCache<string, UserRow['tier']>({ max: cacheSize });
  /** Whether a credential still stands (stream URLs and sockets ask on every use). */
  const active = new ActiveCredentials(async (userId, credential) => {
    const named = parseCredential(credential);
    if (named?.kind === 'session') return (await repo.sessionOf(userId, named.id))?.expires_at;
    if (named?.kind === 'token') return (await repo.apiTokenOf(userId, named.id)) ? Infinity : undefined;
    return undefined;
  }, now);

  const clear = () => {
    principals.clear();
    checkedPasswords.clear();
    tiers.clear();
  };
  events.subscribe((event) => {
    const revocation = revocationOf(event);
    if (revocation) active.forget(revocation);
    if (revocation || event.type === 'accounts.credentials_changed') clear();
  });

  return {
    principals,
    checkedPasswords,
    active,
    tiers,
    /** Announces that credentials or roles changed: every node empties its caches. */
    credentialsChanged() {
      clear();
      return events.publish({ type: 'accounts.credentials_changed', data: null, users: [] });
    },
    /** Announces ended credentials, after the database forgot them: every node closes their sockets and refuses their stream URLs. */
    revoked(revocation: Revocation) {
      clear();
      active.forget(revocation);
      return events.publish(revocationEvent(revocation));
    },
  };
}

export type CredentialCaches = ReturnType<typeof createCredentialCaches>;
