/**
 * File names for downloads: `NN Artist - Title.ext` for tracks, `Artist - Album.zip` for
 * albums, and the header that offers them to the browser under that name.
 */

/** What a track's names come from (a catalogue track, as albums and playlists list them). */
export interface NamedTrack {
  name: string;
  artists: { name: string }[];
  suffix: string;
  duration_ms: number;
  track_number: number;
  disc_number: number;
}

/**
 * What no file name may hold on Windows, macOS or Linux: path separators, the marks Windows
 * reserves, control characters, and bidirectional overrides and isolates (which can make a
 * name show another extension than it has).
 */
const UNSAFE = /[\\/:*?"<>|\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
/** File systems hold 255 bytes a name; the rest is room for a copy number. */
const MAX_NAME_BYTES = 200;

/** A name any system can save: unsafe characters as `_`, one space between words, no trailing dot, at most 200 UTF-8 bytes. */
export function fileName(stem: string, extension: string, fallback: string): string {
  const clean = (text: string) => text.replace(UNSAFE, '_').replace(/\s+/gu, ' ').trim();
  const ending = extension ? `.${clean(extension)}` : '';
  const base = clean(stem).replace(/[. ]+$/u, '') || fallback;
  return `${truncate(base, MAX_NAME_BYTES - Buffer.byteLength(ending))}${ending}`;
}

function truncate(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    out += char;
  }
  return out.trimEnd();
}

export const artistNames = (artists: { name: string }[]) => artists.map((artist) => artist.name).join(', ') || 'Unknown artist';

/** `Artist - Title` on one line, as the M3U's `#EXTINF` shows a track. */
export const trackLabel = (track: NamedTrack) => `${artistNames(track.artists)} - ${track.name}`.replace(/[\r\n]+/gu, ' ');

/**
 * A track's number in its album: `07`, or `2-07` on an album of several discs. Without a
 * track number in its tags, its place in the album's list (`index`), when known.
 */
export function albumNumber(track: NamedTrack, discs: number, index?: number): string {
  const number = track.track_number > 0 ? track.track_number : index === undefined ? 0 : index + 1;
  if (number === 0) return '';
  const padded = String(number).padStart(2, '0');
  return discs > 1 ? `${Math.max(1, track.disc_number)}-${padded}` : padded;
}

/** A place in a list of `count`: at least two digits, as many as the last number needs. */
export const listNumber = (position: number, count: number) => String(position).padStart(Math.max(2, String(count).length), '0');

/** `07 Artist - Title.mp3` (`Artist - Title.mp3` without a number). */
export const trackFileName = (number: string, track: NamedTrack) =>
  fileName(number ? `${number} ${trackLabel(track)}` : trackLabel(track), track.suffix, number || 'Track');

/**
 * `Content-Disposition` offering the response as a file of this name, in RFC 5987's
 * encoding (UTF-8, percent-encoded; `'`, `(`, `)` and `*` too, which the header's grammar
 * does not allow bare).
 */
export function attachment(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}

/** Keeps names unique inside one archive as file managers compare them (case and Unicode form ignored): `a.mp3`, `a (2).mp3`. */
export function uniqueNames(): (name: string) => string {
  const taken = new Set<string>();
  const key = (name: string) => name.normalize('NFC').toLowerCase();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const [stem, ending] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let unique = name;
    for (let copy = 2; taken.has(key(unique)); copy += 1) unique = `${stem} (${copy})${ending}`;
    taken.add(key(unique));
    return unique;
  };
}
