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
