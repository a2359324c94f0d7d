/** The listener's streaming quality choice, kept on this device. */
export type Quality = 'auto' | 'low' | 'normal' | 'high';

const KEY = 'runnel.quality';
const KBPS: Record<Quality, number | undefined> = { auto: undefined, low: 96, normal: 160, high: 320 };

export function getQuality(): Quality {
  const saved = localStorage.getItem(KEY);
  return saved === 'low' || saved === 'normal' || saved === 'high' ? saved : 'auto';
}

export function setQuality(quality: Quality) {
  localStorage.setItem(KEY, quality);
}

/** Codecs this browser can play, so the server sends an original only when it will play here. */
function playableCodecs(): string {
  const probe = document.createElement('audio');
  // In order of preference for a transcode: the server encodes to the first it can make.
  const types: [string, string][] = [
    ['opus', 'audio/ogg; codecs="opus"'],
    ['vorbis', 'audio/ogg; codecs="vorbis"'],
    ['aac', 'audio/mp4; codecs="mp4a.40.2"'],
    ['mp3', 'audio/mpeg'],
    ['flac', 'audio/flac'],
    ['alac', 'audio/mp4; codecs="alac"'],
    ['pcm', 'audio/wav'],
  ];
  return types
    .filter(([, type]) => probe.canPlayType(type) !== '')
    .map(([codec]) => codec)
    .join(',');
}

let codecs: string | undefined;

/** The stream URL's query for the chosen quality and this browser's codecs. */
export function streamQuery(): string {
  codecs ??= playableCodecs();
  const params = new URLSearchParams();
  const kbps = KBPS[getQuality()];
  if (kbps) params.set('bitrate', String(kbps));
  if (codecs) params.set('codecs', codecs);
  const query = params.toString();
  return query ? `?${query}` : '';
}
