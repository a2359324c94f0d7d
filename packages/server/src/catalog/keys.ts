/** Grouping key for names: case, width and spacing do not make a new artist or album. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
}

export const VARIOUS_ARTISTS = 'Various Artists';
/** Names for what a file does not say, as the field writes them (Navidrome, Picard, foobar2000); the same in every API. */
export const UNKNOWN_ARTIST = '[Unknown Artist]';
export const UNKNOWN_ALBUM = '[Unknown Album]';

/** The key that makes tracks one album: album artist + title (+ MusicBrainz album id); disc is not part of it. */
export function albumGroupKey(albumArtist: string, album: string, mbAlbumId: string | null): string {
  return `${nameKey(albumArtist)}\u001f${nameKey(album)}\u001f${mbAlbumId ?? ''}`;
}
