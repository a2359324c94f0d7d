import type { ScrobbleService } from '@runnel/api';

/** A listener's account on a scrobbling service: the secret sealed with the server key (keys.ts). */
export interface ScrobbleAccountsTable {
  user_id: string;
  service: ScrobbleService;
  /** The account's name on the service. */
  account: string;
  /** ListenBrainz user token or Last.fm session key, sealed. */
  sealed: string;
  enabled: number;
  sent: number;
  last_sent_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  /** Failed attempts in a row. */
  failures: number;
  /** No attempt before this time (back-off, or the service's rate limit). */
  retry_at: number;
  /** The service refused the secret: nothing is sent until the listener connects again. */
  needs_reconnect: number;
  created_at: number;
}

/**
 * The outbox: one row per play and service, kept until the service took it (`sent_at`), then
 * a while longer so a play reported twice is not sent twice.
 */
export interface ScrobbleOutboxTable {
  id: string;
  user_id: string;
  service: ScrobbleService;
  /** The play's id in the player's history: at most one row per play and service. */
  play_id: string;
  /** When the listen began (ms since the epoch). */
  listened_at: number;
  /** What was played, as the services want it (JSON of a ScrobbleTrack). */
  track: string;
  created_at: number;
  sent_at: number | null;
  /** The service refused this play for good (a reason), as opposed to being unreachable. */
  rejected: string | null;
}

/**
 * A star or unstar waiting to be told to one service (a love or an unlove), kept until the
 * service took it. One waiting row per listener, service and track: a newer state replaces it.
 */
export interface ScrobbleLovesTable {
  id: string;
  user_id: string;
  service: ScrobbleService;
  track_id: string;
  /** 1: starred (love), 0: unstarred (unlove). */
  loved: number;
  /** The track as the services want it (JSON of a ScrobbleTrack). */
  track: string;
  created_at: number;
  sent_at: number | null;
  /** The service refused it for good (a reason), as opposed to being unreachable. */
  rejected: string | null;
}

/** A Last.fm connection under way: the browser went to Last.fm and comes back with this state. */
export interface ScrobbleAuthStatesTable {
  state: string;
  user_id: string;
  created_at: number;
}

export interface ScrobblingTables {
  scrobble_accounts: ScrobbleAccountsTable;
  scrobble_outbox: ScrobbleOutboxTable;
  scrobble_loves: ScrobbleLovesTable;
  scrobble_auth_states: ScrobbleAuthStatesTable;
}
