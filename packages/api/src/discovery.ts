import Type, { type Static } from 'typebox';
import { CatalogObject } from './catalog-refs.ts';
import { Paging, PagingParams, Strict } from './common.ts';

/** What a top list ranks. */
export const TopType = Type.Union([Type.Literal('tracks'), Type.Literal('albums'), Type.Literal('artists')]);
export type TopType = Static<typeof TopType>;
export const TopParams = Strict({ type: TopType });

/** The period a top list counts: the last 7 days, the last 30, or every play ever. */
export const TimeRange = Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('all_time')]);
export type TimeRange = Static<typeof TimeRange>;
export const TopQuery = Strict({ time_range: Type.Optional(TimeRange), ...PagingParams(20, 50) });
export type TopQuery = Static<typeof TopQuery>;

/** The most played first; each item is the catalogue's object (track, album or artist). */
export const TopList = Paging(CatalogObject);
export type TopList = Static<typeof TopList>;

/** `runnel:track|album|artist|playlist:<id>`, or `runnel:genre:<name>` (the name URL-encoded). */
export const RadioSeed = Type.String({ minLength: 10, maxLength: 300, pattern: '^runnel:(track|album|artist|playlist|genre):.+$' });
export const RadioQuery = Strict({
  seed: RadioSeed,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  /** Ids of tracks the station already played or holds (comma-separated): they are not drawn again. */
  exclude: Type.Optional(Type.String({ maxLength: 20_000, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$' })),
});
export type RadioQuery = Static<typeof RadioQuery>;
/** The next tracks of a station, and what it is seeded by. */
export const RadioStation = Type.Object({
  seed: Type.Object({ uri: Type.String(), type: Type.String(), name: Type.String() }),
  tracks: Type.Array(CatalogObject),
});
export type RadioStation = Static<typeof RadioStation>;
export const RadioVote = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('none')]);
export const RadioVoteBody = Strict({ track_id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }), vote: RadioVote });
export type RadioVoteBody = Static<typeof RadioVoteBody>;
