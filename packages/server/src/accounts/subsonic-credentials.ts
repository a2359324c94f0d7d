import { timingSafeEqual } from 'node:crypto';
import type { AppPasswordInfo, NewAppPassword } from '@runnel/api';
import { iso } from '../time.ts';
import { openSecret, sealSecret } from '../keys.ts';
import { newAppPassword } from './app-passwords.ts';
import type { CredentialCaches } from './credential-caches.ts';
import type { AccountsRepository, UserRow } from './repository.ts';
import { DUMMY_HASH, hashToken, verifyPassword } from './secrets.ts';
import type { LoginThrottle } from './throttle.ts';

export interface SubsonicCredentialsDeps {
  repo: AccountsRepository;
  caches: CredentialCaches;
  throttle: LoginThrottle;
  /** Seals app passwords (see app-passwords.ts). */
  secretKey: Buffer;
  now: () => number;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The credentials Subsonic apps send with every request: the password, or a signature made with the app password. */
export function createSubsonicCredentials({ repo, caches, throttle, secretKey, now }: SubsonicCredentialsDeps) {
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
    /**
     * Checks a username and password sent with each request (Subsonic's `u`+`p`): the main
     * password or the user's app password. Throttled like sign-in; undefined when wrong.
     */
    checkPassword: (username: string, password: string, address: string): Promise<UserRow | undefined> =>
      oneAtATime(username, address, async () => {
        // A password checked in the last minutes answers from memory, user row included: no
        // argon2id per request. Any change to any account empties the map. It still waits out
        // a delay the throttle imposes, or the map would answer a guesser's guesses unthrottled.
        const key = hashToken(`${username.toLowerCase()}\0${password}`);
        const cached = caches.checkedPasswords.get(key);
        if (cached && cached.until > now()) {
          await throttle.allow(username, address);
          return cached.user;
        }
        const user = await throttle.attempt(username, address, async () => {
          const found = await repo.userByName(username);
          const app = found ? await appPassword(found.id) : undefined;
          const ok = (app !== undefined && sameText(app, password)) || (await verifyPassword(password, found?.password_hash ?? DUMMY_HASH));
          return found && ok ? found : undefined;
        });
        if (user) caches.checkedPasswords.set(key, { user, until: now() + 5 * 60_000 });
        return user;
      }),

    /**
     * Checks a request signed with the user's app password (Subsonic's `t` = md5(password + `s`)):
     * `matches` gets the app password and says whether the signature fits. Throttled like
     * sign-in. `no_app_password` when the user has none (the main password is kept as a hash,
     * which no token can be checked against): nothing was checked, so it counts as no guess.
     */
    checkAppSignature: (username: string, address: string, matches: (secret: string) => boolean): Promise<UserRow | 'no_app_password' | undefined> =>
      oneAtATime(username, address, async () => {
        const user = await repo.userByName(username);
        const secret = user ? await appPassword(user.id) : undefined;
        // An unknown user looks like one without an app password: the answer never tells who exists.
        if (!user || secret === undefined) return 'no_app_password';
        return throttle.attempt(username, address, async () => (matches(secret) ? user : undefined));
      }),

    /** Makes (or replaces) the caller's app password; it is shown this once. */
    async createAppPassword(user: UserRow): Promise<NewAppPassword> {
      const password = newAppPassword();
      const created = now();
      await repo.putAppPassword({ user_id: user.id, sealed: sealSecret(secretKey, user.id, password), created_at: created });
      await caches.credentialsChanged();
      return { password, created_at: iso(created) };
    },

    async appPasswordInfo(user: UserRow): Promise<AppPasswordInfo> {
      const row = await repo.appPassword(user.id);
      return { exists: row !== undefined, created_at: row ? iso(row.created_at) : null };
    },

    async deleteAppPassword(user: UserRow) {
      await repo.deleteAppPassword(user.id);
      await caches.credentialsChanged();
    },
  };
}
