import { createHash, timingSafeEqual } from 'node:crypto';
import type { Accounts, UserRow } from '../accounts/service.ts';
import { CODES, SubsonicError, missing } from './errors.ts';
import type { Params } from './params.ts';

/**
 * Who is calling, from Subsonic's credentials:
 * - `apiKey` (OpenSubsonic `apiKeyAuthentication`): one of the user's personal API tokens;
 *   error 43 when `u`, `p`, `t` or `s` come with it, 44 when it is not valid;
 * - `u` + `p` (plain or `enc:` hex): the user's main password or their app password;
 * - `u` + `t` + `s`: t = md5(app password + s); 41 when the user has no app password.
 * Wrong credentials are error 40 and count towards the sign-in throttle (an early attempt
 * while it makes a guesser wait is 40 too, saying so); 41 does not count.
 */
export async function authenticate(params: Params, accounts: Accounts, address: string): Promise<UserRow> {
  const apiKey = params.get('apiKey');
  const username = params.get('u');
  if (apiKey !== undefined) {
    if (username !== undefined || params.has('p') || params.has('t') || params.has('s')) {
      throw new SubsonicError(CODES.conflictingAuth, 'Send either apiKey or u with p or t+s, not both');
    }
    const principal = await accounts.authenticate(apiKey);
    if (!principal) throw new SubsonicError(CODES.invalidApiKey, 'The API key is not valid');
    return principal.user;
  }
  if (username === undefined) throw missing('u (or apiKey)');

  const token = params.get('t');
  if (token !== undefined) {
    const salt = params.get('s');
    if (salt === undefined) throw missing('s');
    const wanted = token.toLowerCase();
    const result = await accounts.checkAppSignature(username, address, (secret) => sameHex(md5(secret + salt), wanted));
    if (result === 'no_app_password') {
      // The main password is kept as a hash, which no token can be checked against. 41 makes
      // apps fall back to `p`; it is not a guess, so it does not count towards the throttle.
      throw new SubsonicError(
        CODES.tokenAuthUnsupported,
        'Token authentication is not supported for this user: make an app password in Runnel under Settings → Apps, or send the password with p',
      );
    }
    if (!result) throw wrongCredentials();
    return result;
  }

  const password = params.get('p');
  if (password === undefined) throw missing('p (or t and s)');
  const user = await accounts.checkPassword(username, decodePassword(password), address);
  if (!user) throw wrongCredentials();
  return user;
}

/** True when the request carries any credentials at all (ping answers strangers, but checks what it is given). */
export function hasCredentials(params: Params): boolean {
  return ['u', 'p', 't', 's', 'apiKey'].some((name) => params.has(name));
}

const wrongCredentials = () => new SubsonicError(CODES.wrongCredentials, 'Wrong username or password');

/** `enc:` followed by the password's UTF-8 bytes in hex, or the password as is. */
export function decodePassword(value: string): string {
  if (!value.startsWith('enc:')) return value;
  const hex = value.slice(4);
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw wrongCredentials();
  return Buffer.from(hex, 'hex').toString('utf8');
}

const md5 = (value: string) => createHash('md5').update(value, 'utf8').digest('hex');

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
