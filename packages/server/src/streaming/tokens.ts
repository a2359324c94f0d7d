import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { loadOrCreateKey } from '../keys.ts';
import type { Tier } from '@runnel/api';

const KEY_FILE = 'stream-token.key';

/**
 * The server's stream-signing key, kept in the data folder so every node sharing it (and
 * every restart) accepts the same tokens; created with 256 random bits at first start.
 */
export const loadOrCreateStreamKey = (dataDir: string): Buffer => loadOrCreateKey(dataDir, KEY_FILE);

/** Who a valid stream token lets in. */
export interface StreamGrant {
  userId: string;
  /** The tier when the token was signed (a token lives minutes, not months). */
  tier: Tier;
  trackId: string;
  /** The session or API token that asked for the URL (accounts' credential id): ending it ends the URL. */
  credential: string;
  expiresAt: number;
}

export type TokenCheck = { ok: true; grant: StreamGrant } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'other_track' | 'revoked' };

const TIERS: Record<string, Tier> = { f: 'free', p: 'premium' };

/**
 * Signed stream tokens: `user.track.tier.expiry.credential.signature`, where the signature
 * is an HMAC-SHA256 (truncated to 128 bits) over the rest. Ids are base64url, so the dots
 * are unambiguous. Nothing is stored: a token's signature and expiry are checked here, and
 * whether its credential still stands by the caller (the streaming service).
 */
export function createStreamTokens(rawKey: Buffer, now: () => number) {
  const key = createSecretKey(rawKey); // made once: a Buffer key would be wrapped on every request
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return {
    sign(grant: Omit<StreamGrant, 'expiresAt'>, ttlS: number): { token: string; expiresAt: number } {
      const expiresAt = Math.floor(now() / 1000) + ttlS;
      const payload = `${grant.userId}.${grant.trackId}.${grant.tier[0]}.${expiresAt.toString(36)}.${grant.credential}`;
      return { token: `${payload}.${sign(payload).toString('base64url')}`, expiresAt: expiresAt * 1000 };
    },
    verify(token: string, trackId: string): TokenCheck {
      const parts = token.split('.');
      if (parts.length !== 6 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: 'malformed' };
      const [userId, tokenTrack, tierLetter, expiry, credential, signature] = parts as [string, string, string, string, string, string];
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(parts.slice(0, 5).join('.'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
      const tier = TIERS[tierLetter];
      const expiresAt = parseInt(expiry, 36) * 1000;
      if (!tier || !Number.isFinite(expiresAt)) return { ok: false, reason: 'malformed' };
      if (expiresAt <= now()) return { ok: false, reason: 'expired' };
      if (tokenTrack !== trackId) return { ok: false, reason: 'other_track' };
      return { ok: true, grant: { userId, tier, trackId, credential, expiresAt } };
    },
  };
}

export type StreamTokens = ReturnType<typeof createStreamTokens>;
