import Type, { type Static } from 'typebox';
import { CatalogObject } from './catalog-refs.ts';
import { Id, Strict } from './common.ts';

/** A point in the history to page from: `<ms since the epoch>` or `<ms>.<play id>` (the `next`/`previous` links carry the second form). */
const Cursor = Type.String({ maxLength: 100, pattern: '^[0-9]{1,15}(\\.[A-Za-z0-9_-]{1,64})?$' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A day in `tz` (UTC without it), YYYY-MM-DD' });
/** An IANA time zone whose days and years are meant; one the server does not know is 400 `invalid_time_zone`. */
const TimeZone = Type.String({ minLength: 1, maxLength: 100, description: 'An IANA time zone, such as Europe/Stockholm; UTC when absent' });

export const HistoryQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: Type.Optional(Cursor),
  after: Type.Optional(Cursor),
  from: Type.Optional(Day),
  to: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'The last day included, in `tz` (UTC without it), YYYY-MM-DD' })),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title, artist or album' })),
  tz: Type.Optional(TimeZone),
});
export type HistoryQuery = Static<typeof HistoryQuery>;

/** One play: the track (a catalogue track, or a track the catalogue does not have, `is_local`), when it was played, and from what. */
export const HistoryItem = Type.Object({
  id: Type.String(),
  uri: Type.String(),
  track: Type.Union([CatalogObject, Type.Null()]),
  played_at: Type.String({ format: 'date-time' }),
  context: Type.Union([Type.Object({ uri: Type.String() }), Type.Null()]),
});
export type HistoryItem = Static<typeof HistoryItem>;

/** Plays newest first, paged by time: `next` goes back in time, `previous` forward. */
export const HistoryPage = Type.Object({
  href: Type.String(),
  items: Type.Array(HistoryItem),
  limit: Type.Integer(),
  next: Type.Union([Type.String(), Type.Null()]),
  previous: Type.Union([Type.String(), Type.Null()]),
});
export type HistoryPage = Static<typeof HistoryPage>;

export const HistoryExportQuery = Strict({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('jsonl')], { default: 'json', description: 'A JSON array or one listen a line' })),
});

/** What an import did. */
export const HistoryImportResult = Type.Object({
  /** Listens in the file. */
  listens: Type.Integer(),
  /** New plays added to your history (the rest were there already). */
  added: Type.Integer(),
  /** Listens already in your history (the same track at the same second). */
  duplicates: Type.Integer(),
  /** Listens matched to a track of this server's catalogue. */
  matched: Type.Integer(),
  /** Listens of tracks this server does not have: kept in your history with their names, not counted in top lists. */
  unmatched: Type.Integer(),
});
export type HistoryImportResult = Static<typeof HistoryImportResult>;

export const SummaryParams = Strict({ year: Type.Integer({ minimum: 1970, maximum: 9999 }) });
export const SummaryLinkParams = Strict({ id: Id });
/** The zone whose year, months and days a summary counts (a shared link keeps the one it was shared with). */
export const SummaryQuery = Strict({ tz: Type.Optional(TimeZone) });
export type SummaryQuery = Static<typeof SummaryQuery>;

const Name = { id: Type.Union([Type.String(), Type.Null()]), name: Type.String(), plays: Type.Integer() };
/** A track in a summary: names and counts only, so the public page shows nothing else. `id` is null for a track the catalogue lacks. */
export const SummaryTrack = Type.Object({ ...Name, artist: Type.String(), album: Type.Union([Type.String(), Type.Null()]) });
export const SummaryAlbum = Type.Object({ ...Name, artist: Type.String() });
export const SummaryArtist = Type.Object(Name);

/** A year of listening: most played, time spent, what was new. Its year, months and days are those of `time_zone`. */
export const YearSummary = Type.Object({
  year: Type.Integer(),
  time_zone: Type.String({ description: 'The IANA time zone it was counted in (UTC when none was given)' }),
  plays: Type.Integer(),
  minutes: Type.Integer({ description: 'Minutes listened: the length of every track played, summed' }),
  top_tracks: Type.Array(SummaryTrack),
  top_albums: Type.Array(SummaryAlbum),
  top_artists: Type.Array(SummaryArtist),
  /** Artists and tracks first played this year (ever, in your history). */
  discoveries: Type.Object({ artists: Type.Integer(), tracks: Type.Integer(), top_artists: Type.Array(SummaryArtist) }),
  /** Plays per month, January first (12 numbers). */
  months: Type.Array(Type.Integer()),
  busiest_day: Type.Union([Type.Object({ date: Type.String(), plays: Type.Integer() }), Type.Null()]),
});
export type YearSummary = Static<typeof YearSummary>;

/** The public link to a year's summary, if you made one. */
export const SummaryShare = Type.Object({ id: Type.String(), url: Type.String(), year: Type.Integer(), created_at: Type.String({ format: 'date-time' }) });
export type SummaryShare = Static<typeof SummaryShare>;
export const MySummary = Type.Object({ summary: YearSummary, share: Type.Union([SummaryShare, Type.Null()]) });
export type MySummary = Static<typeof MySummary>;
/** What anyone holding the link sees: the summary and whose it is, nothing else. */
export const PublicSummary = Type.Object({ display_name: Type.String(), summary: YearSummary });
export type PublicSummary = Static<typeof PublicSummary>;
