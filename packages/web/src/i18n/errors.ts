import type { FailureCode } from '../api/client.ts';
import { ApiError } from '../api/client.ts';
import type { MessageKey } from './languages.ts';
import { activeLanguage, translate } from './translate.ts';

/**
 * The API's failures the player can show, by their stable code (packages/api/src/errors.ts):
 * said in the user's language here rather than by the server. A code not listed shows the
 * server's own (English) message, which names the detail (a field, a size).
 */
const ERROR_MESSAGES: Partial<Record<FailureCode, MessageKey>> = {
  offline: 'error.offline',
  http_error: 'error.http_error',
  internal_error: 'error.internal_error',
  unauthorized: 'error.unauthorized',
  invalid_credentials: 'error.invalid_credentials',
  too_many_attempts: 'error.too_many_attempts',
  forbidden: 'error.forbidden',
  admin_only: 'error.admin_only',
  already_set_up: 'error.already_set_up',
  username_taken: 'error.username_taken',
  weak_password: 'error.weak_password',
  last_admin: 'error.last_admin',
  user_not_found: 'error.user_not_found',
  not_found: 'error.not_found',
  track_not_found: 'error.track_not_found',
  album_not_found: 'error.album_not_found',
  artist_not_found: 'error.artist_not_found',
  lyrics_not_found: 'error.lyrics_not_found',
  folder_overlaps: 'error.folder_overlaps',
  not_a_directory: 'error.not_a_directory',
  system_folder: 'error.system_folder',
  data_folder: 'error.data_folder',
  file_not_found: 'error.file_not_found',
  track_file_missing: 'error.track_file_missing',
  transcode_busy: 'error.transcode_busy',
  playlist_not_found: 'error.playlist_not_found',
  not_the_owner: 'error.not_the_owner',
  not_an_editor: 'error.not_an_editor',
  snapshot_too_old: 'error.snapshot_too_old',
  folder_not_found: 'error.folder_not_found',
  folder_not_empty: 'error.folder_not_empty',
  folder_exists: 'error.folder_exists',
  folder_cycle: 'error.folder_cycle',
  queue_full: 'error.queue_full',
  no_active_device: 'error.no_active_device',
  device_not_found: 'error.device_not_found',
  device_unreachable: 'error.device_unreachable',
  renderer_url_invalid: 'error.renderer_url_invalid',
  renderer_address_refused: 'error.renderer_address_refused',
  not_a_renderer: 'error.not_a_renderer',
  card_not_found: 'error.card_not_found',
  seed_not_found: 'error.seed_not_found',
  share_link_not_found: 'error.share_link_not_found',
  share_link_expired: 'error.share_link_expired',
  share_link_revoked: 'error.share_link_revoked',
  scrobbling_token_invalid: 'error.scrobbling_token_invalid',
  scrobbling_unreachable: 'error.scrobbling_unreachable',
  scrobbling_not_configured: 'error.scrobbling_not_configured',
  scrobbling_auth_expired: 'error.scrobbling_auth_expired',
  recipient_cannot_see: 'error.recipient_cannot_see',
  cannot_send_to_self: 'error.cannot_send_to_self',
  cannot_follow_self: 'error.cannot_follow_self',
  search_starting: 'error.search_starting',
  premium_required: 'error.premium_required',
  skip_limit_reached: 'error.skip_limit_reached',
  listening_limit_reached: 'error.listening_limit_reached',
  ad_audio_invalid: 'error.ad_audio_invalid',
  ad_banner_invalid: 'error.ad_banner_invalid',
  ad_url_invalid: 'error.ad_url_invalid',
};

/**
 * What to tell the user about a failure: an API error by its code in their language,
 * anything else as `fallback`. In English the server's own message is said as it is: it is
 * English already, and names the detail ("your 3 skips", "Premium has unlimited skips")
 * that a message by code leaves out; so is the message of a code not translated.
 */
export function errorText(error: unknown, fallback: MessageKey): string {
  if (!(error instanceof ApiError)) return translate(fallback);
  const key = ERROR_MESSAGES[error.code];
  if (error.message && (!key || activeLanguage() === 'en')) return error.message;
  return translate(key ?? fallback);
}
