import type { ICommonTagsResult, ILyricsTag, IPicture, IRatio } from 'music-metadata';

/**
 * Thrown when the fast reader meets something it does not reproduce exactly as
 * music-metadata would (an unusual frame, flag or encoding); the caller then reads the
 * file with music-metadata instead.
 */
export class Unsure extends Error {}

/** The part of music-metadata's `common` result that Runnel's field mapping (toTags) reads. */
export type CommonFields = Pick<
  ICommonTagsResult,
  | 'title'
  | 'artist'
  | 'artists'
  | 'artistsort'
  | 'album'
  | 'albumsort'
  | 'albumartist'
  | 'albumartists'
  | 'albumartistsort'
  | 'compilation'
  | 'track'
  | 'disk'
  | 'year'
  | 'date'
  | 'releasedate'
  | 'originaldate'
  | 'genre'
  | 'musicbrainz_recordingid'
  | 'musicbrainz_trackid'
  | 'musicbrainz_albumid'
  | 'musicbrainz_artistid'
  | 'musicbrainz_albumartistid'
  | 'replaygain_track_gain'
  | 'replaygain_track_peak'
  | 'replaygain_album_gain'
  | 'replaygain_album_peak'
  | 'lyrics'
  | 'picture'
>;

/** The audio properties toTags reads. */
export interface FormatFields {
  container: string;
  codec: string;
  lossless: boolean;
  duration: number | undefined;
  bitrate: number | undefined;
  sampleRate: number | undefined;
  numberOfChannels: number | undefined;
}

/** ID3 / FLAC picture types by number, as music-metadata names them. */
export const PICTURE_TYPES = [
  'Other',
  "32x32 pixels 'file icon' (PNG only)",
  'Other file icon',
  'Cover (front)',
  'Cover (back)',
  'Leaflet page',
  'Media (e.g. label side of CD)',
  'Lead artist/lead performer/soloist',
  'Artist/performer',
  'Conductor',
  'Band/Orchestra',
  'Composer',
  'Lyricist/text writer',
  'Recording Location',
  'During recording',
  'During performance',
  'Movie/video screen capture',
  'A bright coloured fish',
  'Illustration',
  'Band/artist logotype',
  'Publisher/Studio logotype',
];

type Single =
  | 'title'
  | 'artist'
  | 'albumartist'
  | 'album'
  | 'date'
  | 'originaldate'
  | 'releasedate'
  | 'albumsort'
  | 'artistsort'
  | 'albumartistsort'
  | 'musicbrainz_recordingid'
  | 'musicbrainz_trackid'
  | 'musicbrainz_albumid';
type Multi = 'artists' | 'albumartists' | 'genre' | 'musicbrainz_artistid' | 'musicbrainz_albumartistid';
type Gain = 'replaygain_track_gain' | 'replaygain_track_peak' | 'replaygain_album_gain' | 'replaygain_album_peak';
/** Common tag names the fast readers map native tags onto (music-metadata's names). */
export type CommonId = Single | Multi | Gain | 'compilation' | 'track' | 'disk' | 'totaltracks' | 'totaldiscs' | 'year' | 'lyrics';

const MULTI = new Set<string>(['artists', 'albumartists', 'genre', 'musicbrainz_artistid', 'musicbrainz_albumartistid']);
/** Multi-value names that keep a value only once. */
const UNIQUE = new Set<string>(['artists', 'albumartists', 'genre']);
const OWN = 1;
const ARTIFICIAL = 500;

const intOrNull = (value: string) => {
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? null : n;
};
const trackOf = (value: string) => {
  const [no, of] = value.split('/');
  return { no: Number.parseInt(no!, 10) || null, of: Number.parseInt(of!, 10) || null };
};
/** "-7.25 dB" is a gain; a bare number is a ratio (music-metadata's reading of ReplayGain values). */
function ratio(value: string): IRatio {
  const parts = value.split(' ').map((p) => p.trim().toLowerCase());
  const v = Number.parseFloat(parts[0]!);
  return parts.length === 2 && parts[1] === 'db' ? { dB: v, ratio: 10 ** (v / 10) } : { dB: 10 * Math.log10(v), ratio: v };
}
const LRC_TIME = /\[(\d{2}):(\d{2})\.(\d{2,3})]/;
// music-metadata's LyricsContentType.lyrics and TimestampFormat values, written out so that
// reader threads load music-metadata only when a file needs it.
const LYRICS = 1;
const NOT_SYNCHRONIZED = 0;
const MILLISECONDS = 2;
/** LRC in a text tag, as music-metadata reads it: each stamped line's first stamp (ms) and its text. */
function lyricsText(value: string): ILyricsTag {
  if (!LRC_TIME.test(value)) return { contentType: LYRICS, timeStampFormat: NOT_SYNCHRONIZED, text: value.trim(), syncText: [] };
  const syncText = value
    .split('\n')
    .map((line) => ({ line, stamp: LRC_TIME.exec(line) }))
    .filter(({ stamp }) => stamp !== null)
    .map(({ line, stamp }) => {
      const [, min, sec, frac] = stamp!;
      return {
        timestamp: (Number(min) * 60 + Number(sec)) * 1000 + (frac!.length === 3 ? Number(frac) : Number(frac) * 10),
        text: line.replace(LRC_TIME, '').trim(),
      };
    });
  return { contentType: LYRICS, timeStampFormat: MILLISECONDS, text: syncText.map((l) => l.text).join('\n'), syncText };
}
const joinArtists = (names: string[]) => (names.length > 2 ? `${names.slice(0, -1).join(', ')} & ${names.at(-1)}` : names.join(' & '));

/**
 * Builds `common` from one tag's values the way music-metadata's collector does for a file
 * with a single tag type: last value wins for single-valued names, artist ↔ artists are
 * filled from each other, track "3/12" is split, a date gives the year.
 */
export class CommonCollector {
  /** Whether a native tag flags the file as part of a compilation (what read.ts's nativeCompilation finds). */
  compilationFlag = false;
  private readonly values = new Map<string, string | string[]>();
  private readonly origin = new Map<string, number>();
  private readonly track = { no: null as number | null, of: null as number | null };
  private readonly disk = { no: null as number | null, of: null as number | null };
  private year: number | undefined;
  private compilationValue: boolean | undefined;
  private readonly gains = new Map<Gain, IRatio>();
  private readonly lyrics: ILyricsTag[] = [];
  private readonly pictures: IPicture[] = [];

  add(id: CommonId, value: string): void {
    switch (id) {
      case 'artist':
      case 'albumartist':
        return this.singularArtist(id, id === 'artist' ? 'artists' : 'albumartists', value);
      case 'artists':
      case 'albumartists':
        return this.pluralArtist(id === 'artists' ? 'artist' : 'albumartist', id, value, OWN);
      case 'totaltracks':
        this.track.of = intOrNull(value);
        return;
      case 'totaldiscs':
        this.disk.of = intOrNull(value);
        return;
      case 'track':
      case 'disk': {
        const target = this[id];
        const parsed = trackOf(value);
        target.no = parsed.no;
        target.of = target.of ?? parsed.of;
        return;
      }
      case 'year':
        this.year = Number.parseInt(value, 10);
        return;
      case 'compilation':
        this.compilationValue = value === '1';
        return;
      case 'lyrics':
        this.lyrics.push(lyricsText(value));
        return;
      case 'replaygain_track_gain':
      case 'replaygain_track_peak':
      case 'replaygain_album_gain':
      case 'replaygain_album_peak':
        this.gains.set(id, ratio(value));
        return;
      case 'date': {
        const year = Number.parseInt(value.slice(0, 4), 10);
        if (!Number.isNaN(year)) this.year = year;
        return this.set(id, value, OWN);
      }
      default:
        return this.set(id, value, OWN);
    }
  }

  /** An embedded picture; one without a MIME type is left to music-metadata (it sniffs the bytes). */
  addPicture(format: string, type: string | undefined, data: Uint8Array): void {
    if (data.length === 0) return;
    if (!format) throw new Unsure('picture without MIME type');
    const mime = format.toLocaleLowerCase();
    this.pictures.push({ format: mime === 'image/jpg' ? 'image/jpeg' : mime, type, data });
  }

  private singularArtist(singular: 'artist' | 'albumartist', plural: 'artists' | 'albumartists', value: string) {
    if (this.origin.get(singular) === OWN) return this.pluralArtist(singular, plural, value, ARTIFICIAL);
    if (!this.values.has(plural)) this.set(plural, value, ARTIFICIAL);
    this.set(singular, value, OWN);
  }

  private pluralArtist(singular: 'artist' | 'albumartist', plural: 'artists' | 'albumartists', value: string, priority: number) {
    if (!this.values.has(singular) || this.origin.get(singular) === ARTIFICIAL) {
      const known = (this.values.get(plural) as string[] | undefined) ?? [];
      if (!known.includes(value)) this.set(singular, joinArtists([...known, value]), ARTIFICIAL);
    }
    this.set(plural, value, priority);
  }

  private set(id: string, value: string, priority: number) {
    const before = this.origin.get(id) ?? 1000;
    if (!MULTI.has(id)) {
      if (priority <= before) {
        this.values.set(id, value);
        this.origin.set(id, priority);
      }
      return;
    }
    if (priority === before) {
      const list = this.values.get(id) as string[];
      if (!UNIQUE.has(id) || !list.includes(value)) list.push(value);
    } else if (priority < before) {
      this.values.set(id, [value]);
      this.origin.set(id, priority);
    }
  }

  result(): CommonFields {
    const single = (id: Single) => this.values.get(id) as string | undefined;
    const multi = (id: Multi) => this.values.get(id) as string[] | undefined;
    return {
      title: single('title'),
      artist: single('artist'),
      artists: multi('artists'),
      artistsort: single('artistsort'),
      album: single('album'),
      albumsort: single('albumsort'),
      albumartist: single('albumartist'),
      albumartists: multi('albumartists'),
      albumartistsort: single('albumartistsort'),
      compilation: this.compilationValue,
      track: this.track,
      disk: this.disk,
      year: this.year,
      date: single('date'),
      releasedate: single('releasedate'),
      originaldate: single('originaldate'),
      genre: multi('genre'),
      musicbrainz_recordingid: single('musicbrainz_recordingid'),
      musicbrainz_trackid: single('musicbrainz_trackid'),
      musicbrainz_albumid: single('musicbrainz_albumid'),
      musicbrainz_artistid: multi('musicbrainz_artistid'),
      musicbrainz_albumartistid: multi('musicbrainz_albumartistid'),
      replaygain_track_gain: this.gains.get('replaygain_track_gain'),
      replaygain_track_peak: this.gains.get('replaygain_track_peak'),
      replaygain_album_gain: this.gains.get('replaygain_album_gain'),
      replaygain_album_peak: this.gains.get('replaygain_album_peak'),
      lyrics: this.lyrics.length ? this.lyrics : undefined,
      picture: this.pictures.length ? this.pictures : undefined,
    };
  }
}
