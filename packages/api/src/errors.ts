/**
 * Every `error.code` the API answers with. Clients branch on these (the web player shows
 * `folder_not_empty` as a question, `unauthorized` as the sign-in view), so a new failure
 * adds its code here, where the server's errors and the clients' handling both see it.
 */
export const ERROR_CODES = [
  // The request itself
  'invalid_request',
  'invalid_json',
  'invalid_text',
  'invalid_content_length',
  'invalid_content_type',
  'payload_too_large',
  'unsupported_media_type',
  'bad_url',
  'route_not_found',
  'cross_origin_refused',
  // Who is asking
  'unauthorized',
  'invalid_token',
  'invalid_credentials',
  'too_many_attempts',
  'forbidden',
  'admin_only',
  'already_set_up',
  'username_taken',
  'weak_password',
  'invalid_password',
  'last_admin',
  'token_not_found',
  'user_not_found',
  // Catalogue and library
  'not_found',
  'track_not_found',
  'album_not_found',
  'artist_not_found',
  'image_not_found',
  'image_not_raster',
  'file_not_found',
  'folder_overlaps',
  'not_a_directory',
  'system_folder',
  'data_folder',
  'invalid_uri',
  'invalid_rating',
  // Streaming
  'invalid_stream_token',
  'stream_token_mismatch',
  'track_file_missing',
  'transcoding_unavailable',
  'transcode_busy',
  'transcode_failed',
  'client_gone',
  'range_out_of_range',
  // Playlists, folders and the sidebar
  'playlist_not_found',
  'not_the_owner',
  'not_an_editor',
  'already_owner',
  'position_out_of_range',
  'position_mismatch',
  'snapshot_too_old',
  'invalid_snapshot',
  'invalid_revision',
  'folder_not_found',
  'folder_not_empty',
  'folder_exists',
  'folder_cycle',
  'node_not_found',
  'item_not_found',
  // Player, discovery, social, search
  'queue_full',
  'queue_item_not_found',
  'context_not_found',
  'seed_not_found',
  'invalid_seed',
  'inbox_item_not_found',
  'recipient_cannot_see',
  'cannot_send_to_self',
  'cannot_follow_self',
  'search_starting',
  // Anything else
  'conflict',
  'internal_error',
] as const;

/** One of the API's stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];
