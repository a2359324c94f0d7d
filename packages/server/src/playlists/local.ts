import type { CatalogObject } from '@runnel/api';
import { badRequest } from '../errors.ts';

/**
 * A local file's item, rebuilt from its uri
 * `runnel:local:<key>:<artist>:<album>:<title>:<duration_ms>` (parts URL-encoded): the
 * server never sees the file, only what the listener's client says about it.
 */
export function localTrack(uri: string): CatalogObject {
  const parts = uri.slice('runnel:local:'.length).split(':');
  if (parts.length !== 5) throw badRequest(`Not a local file uri: ${uri}`, 'invalid_uri');
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p.replace(/\+/g, ' ')));
  } catch {
    throw badRequest(`Not a local file uri: ${uri}`, 'invalid_uri');
  }
  const [key, artist, album, title, duration] = decoded as [string, string, string, string, string];
  return {
    id: null,
    type: 'track',
    uri,
    name: title,
    artists: [{ name: artist, type: 'artist', id: null, uri: null }],
    album: { name: album, type: 'album', id: null, uri: null },
    duration_ms: Number(duration),
    is_local: true,
    local_key: key,
  };
}

/** Builds a local file uri from its parts (for clients and tests). */
export function localUri(item: { key: string; artist: string; album: string; title: string; duration_ms: number }): string {
  const e = (s: string) => encodeURIComponent(s);
  return `runnel:local:${e(item.key)}:${e(item.artist)}:${e(item.album)}:${e(item.title)}:${Math.round(item.duration_ms)}`;
}
