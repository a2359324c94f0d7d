import { AUDIO_CACHE, audioKey } from './cache-names.ts';
import { translate } from '../i18n/translate.ts';

/** Blob URLs made for stored tracks, newest last: the player holds at most two tracks at once. */
const blobUrls: string[] = [];

/**
 * Where the player reads a stored track: `/offline/audio/ID`, which the service worker
 * answers from storage with ranges; in a page the worker does not control yet (the first
 * visit, a forced reload), a blob URL of the stored bytes.
 */
export async function storedAudioUrl(trackId: string): Promise<string> {
  if (navigator.serviceWorker?.controller) return audioKey(trackId);
  const stored = await (await caches.open(AUDIO_CACHE)).match(audioKey(trackId));
  if (!stored) throw new Error(translate('offline.trackGone'));
  const url = URL.createObjectURL(await stored.blob());
  blobUrls.push(url);
  while (blobUrls.length > 3) URL.revokeObjectURL(blobUrls.shift()!);
  return url;
}
