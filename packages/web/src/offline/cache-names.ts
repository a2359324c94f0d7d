/**
 * Where offline copies live in the browser's Cache Storage. The service worker reads the
 * audio and art caches; the page writes them. Keys of the audio cache are `/offline/audio/ID`,
 * a path only the service worker answers (with ranges, from the stored bytes).
 */
export const AUDIO_CACHE = 'runnel-offline-audio';
/** Covers of offline items, keyed by their image URL. */
export const ART_CACHE = 'runnel-offline-art';
/** The last answers of the API routes that browsing offline needs (session, sidebar, offline items). */
export const API_CACHE = 'runnel-offline-api';

export const audioKey = (trackId: string) => `/offline/audio/${encodeURIComponent(trackId)}`;
