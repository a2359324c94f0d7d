import type { TrackNames } from '../catalog/track-names.ts';
import { fold } from '../player/history.ts';
import type { Listen } from './listenbrainz.ts';

/** A name reduced to its letters and digits: "The Beatles" and "the  beatles!" are one key. */
export const nameKey = (name: string) =>
  fold(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

interface Candidate {
  id: string;
  artists: Set<string>;
  album: string;
}

/**
 * Finds the catalogue track a listen from elsewhere is of: by MusicBrainz recording id,
 * then by title and artist (the whole credit, "A, B", or any one of its artists), preferring
 * the same album; among equals the lowest id, so the same file always matches the same way.
 */
export async function trackMatcher(pages: AsyncIterable<TrackNames[]>) {
  const byMbid = new Map<string, string>();
  const byTitle = new Map<string, Candidate[]>();
  for await (const page of pages) {
    for (const t of page) {
      if (t.mbid) byMbid.set(t.mbid.toLowerCase(), byMbid.get(t.mbid.toLowerCase()) ?? t.id);
      const artists = new Set([nameKey(t.artists), ...t.artists.split(', ').map(nameKey)]);
      const key = nameKey(t.name);
      const list = byTitle.get(key) ?? [];
      list.push({ id: t.id, artists, album: nameKey(t.album) });
      byTitle.set(key, list);
    }
  }
  return function match(listen: Listen): string | null {
    if (listen.mbid && byMbid.has(listen.mbid)) return byMbid.get(listen.mbid)!;
    const artist = nameKey(listen.artist);
    const found = (byTitle.get(nameKey(listen.title)) ?? []).filter((c) => c.artists.has(artist));
    if (!found.length) return null;
    const album = listen.album === null ? null : nameKey(listen.album);
    return (found.find((c) => c.album === album) ?? found[0]!).id;
  };
}
