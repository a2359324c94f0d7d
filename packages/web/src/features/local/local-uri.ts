/**
 * The file's item uri, `runnel:local:<key>:<artist>:<album>:<title>:<duration_ms>` (see
 * ItemUri in @runnel/api): what a playlist keeps of it, so any device that has the same
 * file (same key) can play it, and the others can at least show what it is.
 */
export function localUri(file: { key: string; artist: string; album: string; title: string; durationMs: number }): string {
  const part = (s: string) => {
    // The API takes at most 300 encoded characters a part; long tags are cut, not refused.
    const chars = [...s]; // by code point: half a surrogate pair cannot be encoded
    while (encodeURIComponent(chars.join('')).length > 300) chars.pop();
    return encodeURIComponent(chars.join(''));
  };
  return `runnel:local:${part(file.key)}:${part(file.artist)}:${part(file.album)}:${part(file.title)}:${Math.round(file.durationMs)}`;
}

/** The parts of a local file's item uri, or null when it is not one. */
export function parseLocalUri(uri: string): { key: string; artist: string; album: string; title: string; durationMs: number } | null {
  const parts = uri.startsWith('runnel:local:') ? uri.slice('runnel:local:'.length).split(':') : [];
  if (parts.length !== 5) return null;
  try {
    const [key, artist, album, title] = parts.slice(0, 4).map((p) => decodeURIComponent(p)) as [string, string, string, string];
    return { key, artist, album, title, durationMs: Number(parts[4]) || 0 };
  } catch {
    return null;
  }
}
