import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { conflict } from '../errors.ts';
import type { EventBus } from '../events/bus.ts';
import { createCredentialCaches } from './credential-caches.ts';
import { MAX_ENTRIES } from './credentials.ts';
import { createAccountsRepository } from './repository.ts';
import { createSessions } from './sessions.ts';
import { createSubsonicCredentials } from './subsonic-credentials.ts';
import { LoginThrottle, type ThrottleOptions } from './throttle.ts';
import { createUsers } from './users.ts';

export type { Principal } from './credentials.ts';
/** A user as stored; other modules get it from here, never from the repository. */
export type { UserRow } from './repository.ts';
import type { UserRow } from './repository.ts';

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

/**
 * The accounts module: users, passwords, sessions, API tokens, roles and tiers. This file
 * wires the parts: users.ts, sessions.ts (and API tokens), subsonic-credentials.ts (app
 * passwords), credential-caches.ts (what every node forgets when credentials change).
 */
export function createAccounts({
  db,
  events,
  sessionTtlS,
  throttle: throttleOptions,
  now,
  secretKey = randomBytes(32),
  cacheSize = MAX_ENTRIES,
}: AccountsDeps) {
  const repo = createAccountsRepository(db);
  const throttle = new LoginThrottle(db, { now, ...throttleOptions });
  const caches = createCredentialCaches({ repo, events, now, cacheSize });
  const { newUserRow, ...users } = createUsers({ repo, events, caches, now });
  const { startSession, ...sessions } = createSessions({ repo, caches, throttle, sessionTtlS, now });

  return {
    ...users,
    ...sessions,
    ...createSubsonicCredentials({ repo, caches, throttle, secretKey, now }),

    /** The user's tier now (from memory in the steady state; every node forgets on a change); undefined for a deleted user. */
    async tierOf(userId: string): Promise<UserRow['tier'] | undefined> {
      const known = caches.tiers.get(userId);
      if (known) return known;
      const user = await repo.userById(userId);
      if (user) caches.tiers.set(userId, user.tier);
      return user?.tier;
    },

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
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
