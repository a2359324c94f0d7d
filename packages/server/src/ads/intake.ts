/**
 * What an operator's house ad ("REKLAM") goes through before Runnel keeps it. Every part is
 * treated as hostile until checked:
 *
 *   audio  → normaliseAdAudio: audio only, 3–120 s, brought to the music's loudness, FLAC
 *   banner → acceptBanner: a raster picture only, fitted to the ad slot, re-encoded
 *   link   → checkClickUrl: an absolute https URL only
 *
 * Each refusal is a 400 AppError: `ad_audio_invalid`, `ad_banner_invalid`, `ad_url_invalid`.
 */
export { normaliseAdAudio, AD_MAX_MS, AD_MIN_MS, type NormaliseAdAudioOptions, type NormalisedAdAudio } from './loudness.ts';
export { acceptBanner, BANNER_MAX_BYTES, BANNER_MAX_HEIGHT, BANNER_MAX_WIDTH, type AcceptedBanner } from './banner.ts';
export { checkClickUrl, CLICK_URL_MAX_CHARS } from './click-url.ts';
