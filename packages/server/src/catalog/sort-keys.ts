import { LANGUAGES, type Language } from '@runnel/api';
import { collationKey } from '../language/collation.ts';

/** One sort-key column per language: `sort_en`, `sort_sv`, … (and `artist_sort_en`, … on albums). */
export type SortKeyColumns<Prefix extends string> = { [L in Language as `${Prefix}${L}`]: string };

export const sortColumn = (language: Language) => `sort_${language}` as const;
export const artistSortColumn = (language: Language) => `artist_sort_${language}` as const;

/** A sort name's keys in every language, as the columns `${prefix}en`, `${prefix}sv`, …. */
export function sortKeys<Prefix extends string>(prefix: Prefix, sortName: string): SortKeyColumns<Prefix> {
  return Object.fromEntries(LANGUAGES.map((language) => [`${prefix}${language}`, collationKey(sortName, language)])) as SortKeyColumns<Prefix>;
}
