import type { Normalisation } from './loudness.ts';

const KEY = 'runnel.normalisation';

/** The listener's volume normalisation choice on this device (as the streaming quality is): automatic unless chosen. */
export function getNormalisation(): Normalisation {
  const saved = localStorage.getItem(KEY);
  return saved === 'off' || saved === 'track' || saved === 'album' ? saved : 'auto';
}

export function saveNormalisation(mode: Normalisation) {
  localStorage.setItem(KEY, mode);
}
