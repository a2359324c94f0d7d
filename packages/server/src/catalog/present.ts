import type { Album, Artist, Image, SimplifiedAlbum, SimplifiedArtist, SimplifiedTrack, Track } from '@runnel/api';
import { page } from '../paging.ts';
import type { AlbumRow, ArtistRow, CatalogRepository, TrackRow } from './repository.ts';

/** The sizes Spotify offers for an image; any other size can be asked for with `?size=`. */
const IMAGE_SIZES = [640, 300, 64];

export function images(imageId: string | null): Image[] {
  if (!imageId) return [];
  return IMAGE_SIZES.map((size) => ({ url: `/api/v1/images/${imageId}?size=${size}`, width: size, height: size }));
}

export function simplifiedArtist(artist: { id: string; name: string }): SimplifiedArtist {
  return { id: artist.id, name: artist.name, type: 'artist', uri: `runnel:artist:${artist.id}`, href: `/api/v1/artists/${artist.id}` };
}

function precision(date: string | null): SimplifiedAlbum['release_date_precision'] {
  if (!date) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(date)) return 'day';
  if (/^\d{4}-\d{2}$/.test(date)) return 'month';
  return 'year';
}

type Owned = { owner: string; id: string; name: string };

function groupBy<T extends { owner: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.owner) ?? [];
    list.push(row);
    out.set(row.owner, list);
  }
  return out;
}

/**
 * The album's date as shown everywhere. Its year is the album's `year` (the latest of its
 * tracks', which year filters use too); the tagged date is kept only when it says the same
 * year, so an album is never shown as one year and found under another.
 */
function releaseDateOf(row: AlbumRow): string | null {
  if (row.year === null) return row.release_date;
  return row.release_date?.startsWith(String(row.year)) ? row.release_date : String(row.year);
}

export function simplifiedAlbum(row: AlbumRow, artists: Owned[]): SimplifiedAlbum {
  const releaseDate = releaseDateOf(row);
  return {
    id: row.id,
    name: row.name,
    type: 'album',
    album_type: row.compilation ? 'compilation' : row.track_count === 1 ? 'single' : 'album',
    uri: `runnel:album:${row.id}`,
    href: `/api/v1/albums/${row.id}`,
    artists: artists.map(simplifiedArtist),
    images: images(row.image_id),
    total_tracks: row.track_count,
    total_discs: row.disc_count,
    release_date: releaseDate,
    release_date_precision: precision(releaseDate),
    added_at: new Date(Number(row.created_at)).toISOString(),
    duration_ms: Number(row.duration_ms),
  };
}

function parseGenres(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
  } catch {
    return [];
  }
}

export function simplifiedTrack(row: TrackRow, artists: Owned[]): SimplifiedTrack {
  return {
    id: row.id,
    name: row.name,
    type: 'track',
    uri: `runnel:track:${row.id}`,
    href: `/api/v1/tracks/${row.id}`,
    artists: artists.map(simplifiedArtist),
    duration_ms: row.duration_ms,
    track_number: row.track_number,
    disc_number: row.disc_number,
    explicit: false,
    is_local: false,
    is_playable: true,
    codec: row.codec,
    container: row.container,
    suffix: row.suffix,
    bitrate: row.bitrate,
    sample_rate: row.sample_rate,
    channels: row.channels,
    lossless: row.lossless === 1,
    size: Number(row.size),
    year: row.year,
    genres: parseGenres(row.genre_names),
    musicbrainz_id: row.mbid,
    replay_gain: { track_gain: row.rg_track_gain, track_peak: row.rg_track_peak, album_gain: row.rg_album_gain, album_peak: row.rg_album_peak },
    has_lyrics: row.lyrics !== null && row.lyrics !== '',
  };
}

/** Builds API objects from rows with as few queries as possible (one per kind of link, not per row). */
export function createPresenter(repo: CatalogRepository) {
  async function simplifiedAlbums(rows: AlbumRow[]): Promise<SimplifiedAlbum[]> {
    const artists = groupBy(await repo.artistsOfAlbums(rows.map((r) => r.id)));
    return rows.map((row) => simplifiedAlbum(row, artists.get(row.id) ?? []));
  }

  async function simplifiedTracks(rows: TrackRow[]): Promise<SimplifiedTrack[]> {
    const artists = groupBy(await repo.artistsOfTracks(rows.map((r) => r.id)));
    return rows.map((row) => simplifiedTrack(row, artists.get(row.id) ?? []));
  }

  async function tracks(rows: TrackRow[]): Promise<Track[]> {
    const albumIds = [...new Set(rows.map((r) => r.album_id))];
    const [simple, albums] = await Promise.all([simplifiedTracks(rows), repo.albumsByIds(albumIds).then(simplifiedAlbums)]);
    const byId = new Map(albums.map((a) => [a.id, a]));
    return simple.flatMap((track, i) => {
      const album = byId.get(rows[i]!.album_id);
      return album ? [{ ...track, album }] : [];
    });
  }

  async function albums(rows: AlbumRow[], trackLimit: number): Promise<Album[]> {
    // Artists, genres and track pages in parallel: on PostgreSQL every step is a round trip.
    const [simple, genres, trackPages] = await Promise.all([
      simplifiedAlbums(rows),
      repo.genresOfAlbums(rows.map((r) => r.id)),
      Promise.all(rows.map(async (row) => simplifiedTracks(await repo.tracksOfAlbum(row.id, trackLimit, 0)))),
    ]);
    const genresBy = groupBy(genres.map((g) => ({ ...g, id: g.name })));
    return simple.map((album, i) => ({
      ...album,
      genres: (genresBy.get(album.id) ?? []).map((g) => g.name),
      musicbrainz_id: rows[i]!.mbid,
      tracks: page(`/api/v1/albums/${album.id}/tracks`, trackPages[i]!, trackLimit, 0, rows[i]!.track_count),
    }));
  }

  async function artists(rows: ArtistRow[]): Promise<Artist[]> {
    return rows.map((row) => ({
      ...simplifiedArtist(row),
      images: images(row.image_id),
      genres: parseGenres(row.genre_names),
      album_count: row.album_count,
      track_count: row.track_count,
      musicbrainz_id: row.mbid,
    }));
  }

  return { simplifiedAlbums, simplifiedTracks, tracks, albums, artists };
}
