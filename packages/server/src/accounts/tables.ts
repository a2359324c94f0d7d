import type { Language, Role, Tier } from '@runnel/api';

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username: names are unique regardless of case. */
  username_key: string;
  display_name: string;
  /** argon2id, PHC string format. Never a plain password. */
  password_hash: string;
  role: Role;
  tier: Tier;
  /** The language chosen in Settings (A–Z lists collate by it); null: the request's Accept-Language. */
  language: Language | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  /** sha256 of the session token; the token itself is only ever in the client's hands. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** sha256 of the token. */
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}

/** Once-only facts about this installation, e.g. that the first admin was created. */
export interface InstanceTable {
  key: string;
  value: string;
}

/** One app password per user for Subsonic apps, sealed with the server key (keys.ts). */
export interface AppPasswordsTable {
  user_id: string;
  /** AES-256-GCM `iv.tag.ciphertext`; never the password in the clear. */
  sealed: string;
  created_at: number;
}

/**
 * Failed sign-ins per key (a username from an address, an address, a username), shared by
 * every node and kept across restarts; see throttle.ts.
 */
export interface LoginThrottleTable {
  /** sha256 of the kind and what it counts: no username or address in the clear. */
  key: string;
  failures: number;
  /** How long after `last_at` the next check may run; 0 below the limit. */
  delay_ms: number;
  /** When the last counted attempt began. */
  last_at: number;
  /** Until when a check of this pair is in progress (0: none); on pair keys only. */
  checking_until: number;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  instance: InstanceTable;
  app_passwords: AppPasswordsTable;
  login_throttle: LoginThrottleTable;
}
