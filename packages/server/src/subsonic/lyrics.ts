import type { Lyrics, Track } from '@runnel/api';
import type { Node } from './response.ts';

/**
 * OpenSubsonic's `structuredLyrics` from the lyrics module's answer (tags, a `.lrc` file
 * beside the track, or LRCLIB): synced lines carry their `start` in ms. The language is
 * unknown (`xxx`) as tags rarely say.
 */
export function structuredLyrics(track: Track, lyrics: Lyrics): Node {
  return {
    displayArtist: track.artists.map((a) => a.name).join(', '),
    displayTitle: track.name,
    lang: 'xxx',
    offset: 0,
    synced: lyrics.synced,
    line: lyrics.lines.map((l) => (lyrics.synced ? { start: l.start_ms ?? 0, value: l.text } : { value: l.text })),
  };
}

/** The lyrics as one text (Subsonic's `getLyrics`): LRC lines with their stamps dropped. */
export const lyricsText = (lyrics: Lyrics) => lyrics.lines.map((l) => l.text).join('\n');
