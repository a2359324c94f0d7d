import type { Track } from '@runnel/api';
import type { Node } from './response.ts';

const LRC_LINE = /^\[(\d{1,3}):(\d{2})(?:[.:](\d{1,3}))?\](.*)$/;
const LRC_TAG = /^\[[a-z]+:.*\]$/i;

/**
 * OpenSubsonic's `structuredLyrics` from a track's embedded lyrics. Lyrics in LRC form
 * (every line starts with `[mm:ss.xx]`) are synced, each line with its `start` in ms; anything
 * else is unsynced text, one `line` per line. The language is unknown (`xxx`) as tags rarely say.
 */
export function structuredLyrics(track: Track, text: string): Node {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const content = lines.filter((l) => l.trim() !== '' && !LRC_TAG.test(l.trim()));
  const timed = content.map((l) => LRC_LINE.exec(l.trim()));
  const synced = content.length > 0 && timed.every((m) => m !== null);
  const line = synced
    ? timed.map((m) => {
        const [, min, sec, frac = '0'] = m!;
        return { start: Number(min) * 60_000 + Number(sec) * 1000 + Math.round(Number(`0.${frac}`) * 1000), value: m![4]!.trim() };
      })
    : lines.map((value) => ({ value }));
  return {
    displayArtist: track.artists.map((a) => a.name).join(', '),
    displayTitle: track.name,
    lang: 'xxx',
    offset: 0,
    synced,
    line,
  };
}
