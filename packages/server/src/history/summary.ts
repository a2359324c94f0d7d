import type { CatalogObject, YearSummary } from '@runnel/api';
import { fold, type PlayHistory } from '../player/history.ts';
import { localTrack } from '../playlists/local.ts';
import { zonedDayStart } from '../time.ts';
import type { CatalogLookup } from '../track-lookup.ts';

/** How many items each top list of a summary has. */
const TOP = 10;
const DAY_MS = 86_400_000;
/** Every zone's offset from UTC is a whole number of quarter hours (since 1972), so no quarter hour spans two local days. */
const QUARTER_HOUR_MS = 900_000;

interface Played {
  id: string | null;
  name: string;
  artists: { key: string; id: string | null; name: string }[];
  album: { key: string; id: string | null; name: string; artist: string } | null;
  durationMs: number;
}

type Shown = {
  id?: string | null;
  name?: string;
  duration_ms?: number;
  artists?: { id?: string | null; name?: string }[];
  album?: { id?: string | null; name?: string };
};

/** What a summary needs of a track: names, ids where the catalogue has them, and length. */
function played(track: CatalogObject): Played {
  const t = track as Shown;
  const artists = (t.artists ?? []).map((a) => ({ key: a.id ?? `name:${fold(a.name ?? '')}`, id: a.id ?? null, name: a.name ?? '' }));
  const artist = artists.map((a) => a.name).join(', ');
  const album = t.album?.name ? { key: t.album.id ?? `name:${fold(artist)}|${fold(t.album.name)}`, id: t.album.id ?? null, name: t.album.name, artist } : null;
  return { id: t.id ?? null, name: t.name ?? '', artists, album, durationMs: Number(t.duration_ms) || 0 };
}

/** Most played first; equals by name, then key, so two identical histories always give identical lists. */
function top<T extends { name: string; plays: number }>(counts: Map<string, T>, limit = TOP): T[] {
  return [...counts.entries()]
    .sort(([ka, a], [kb, b]) => b.plays - a.plays || a.name.localeCompare(b.name, 'en') || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, limit)
    .map(([, v]) => v);
}

/** Day starts by year and zone: working out a year's takes 5–8 ms of Intl, and they never change. */
const dayStartsKept = new Map<string, number[]>();

/** When each day of a year starts in a zone, and the next year's first day (one more than the days). */
function dayStarts(year: number, zone: string): number[] {
  const key = `${year} ${zone}`;
  let starts = dayStartsKept.get(key);
  if (!starts) {
    const days = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / DAY_MS);
    starts = Array.from({ length: days + 1 }, (_, i) => zonedDayStart(year, 0, 1 + i, zone));
    if (dayStartsKept.size >= 64) dayStartsKept.clear();
    dayStartsKept.set(key, starts);
  }
  return starts;
}

/**
 * Year summaries ("your 2026"), computed from the play history in the listener's time zone
 * (UTC when none is given): the year, its months and days are theirs. Plays and minutes, top
 * tracks, albums and artists, what was first played that year, plays per month and the
 * busiest day. Two accounts with the same history get the same summary.
 */
export function createSummaries({ plays, music }: { plays: PlayHistory; music: CatalogLookup }) {
  /** The tracks behind these uris (gone ones left out). */
  async function resolve(uris: Iterable<string>): Promise<Map<string, Played>> {
    const list = [...uris];
    const ids = list.filter((u) => u.startsWith('runnel:track:')).map((u) => u.slice('runnel:track:'.length));
    const found = ids.length ? await music.tracks(ids) : new Map<string, CatalogObject>();
    const out = new Map<string, Played>();
    for (const uri of list) {
      let track: CatalogObject | undefined;
      try {
        track = uri.startsWith('runnel:track:') ? found.get(uri.slice('runnel:track:'.length)) : localTrack(uri);
      } catch {
        track = undefined;
      }
      if (track) out.set(uri, played(track));
    }
    return out;
  }

  return async function yearSummary(userId: string, year: number, zone = 'UTC'): Promise<YearSummary> {
    const starts = dayStarts(year, zone);
    const from = starts[0]!;
    const to = starts.at(-1)!;
    const span = zone === 'UTC' ? DAY_MS : QUARTER_HOUR_MS;
    const [counts, spans, before] = await Promise.all([
      plays.perTrack(userId, from, to),
      plays.perSpan(userId, from, to, span),
      plays.playedBefore(userId, from),
    ]);
    const tracks = await resolve(counts.keys());
    const tops = { tracks: new Map(), albums: new Map(), artists: new Map() } as {
      tracks: Map<string, YearSummary['top_tracks'][number]>;
      albums: Map<string, YearSummary['top_albums'][number]>;
      artists: Map<string, YearSummary['top_artists'][number]>;
    };
    let total = 0;
    let ms = 0;
    for (const [uri, n] of counts) {
      total += n;
      const t = tracks.get(uri);
      if (!t) continue;
      ms += n * t.durationMs;
      tops.tracks.set(uri, { id: t.id, name: t.name, artist: t.artists.map((a) => a.name).join(', '), album: t.album?.name ?? null, plays: n });
      if (t.album) {
        const album = tops.albums.get(t.album.key) ?? { id: t.album.id, name: t.album.name, artist: t.album.artist, plays: 0 };
        tops.albums.set(t.album.key, { ...album, plays: album.plays + n });
      }
      for (const a of t.artists) tops.artists.set(a.key, { id: a.id, name: a.name, plays: (tops.artists.get(a.key)?.plays ?? 0) + n });
    }
    // Discoveries: what this year's plays hold that no earlier play did.
    const earlier = await resolve(before);
    const knownArtists = new Set([...earlier.values()].flatMap((t) => t.artists.map((a) => a.key)));
    const newArtists = new Map([...tops.artists].filter(([key]) => !knownArtists.has(key)));
    // Each span's plays to its local day (spans ascending, so the day only moves forward).
    const days = new Map<number, number>();
    let day = 0;
    for (const [i, n] of [...spans].sort(([a], [b]) => a - b)) {
      while (day < starts.length - 2 && starts[day + 1]! <= from + i * span) day++;
      days.set(day, (days.get(day) ?? 0) + n);
    }
    const months = Array.from({ length: 12 }, () => 0);
    let busiest: { date: string; plays: number } | null = null;
    for (const [d, n] of days) {
      const date = new Date(Date.UTC(year, 0, 1 + d));
      months[date.getUTCMonth()]! += n;
      if (!busiest || n > busiest.plays) busiest = { date: date.toISOString().slice(0, 10), plays: n };
    }
    return {
      year,
      time_zone: zone,
      plays: total,
      minutes: Math.round(ms / 60_000),
      top_tracks: top(tops.tracks),
      top_albums: top(tops.albums),
      top_artists: top(tops.artists),
      discoveries: { artists: newArtists.size, tracks: [...counts.keys()].filter((uri) => !before.has(uri)).length, top_artists: top(newArtists, 5) },
      months,
      busiest_day: busiest,
    };
  };
}
