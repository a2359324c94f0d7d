import { LANGUAGES, type Language } from '@runnel/api';

/**
 * How a language orders letters, in the terms of CLDR's collation rules: the letters it files
 * after another letter (CLDR's `&z<å<ä<ö` is `{ after: 'z', letters: 'åäö' }`), and letters it
 * sorts as another one (Swedish files æ with ä). Everything else follows CLDR's root order at
 * the first level: case and accents do not separate names (é is e), ligatures are expanded (æ
 * is ae, ß is ss), spaces come before punctuation, punctuation before digits, digits before
 * letters, Latin before other scripts.
 */
interface Tailoring {
  /** Letters filed, in this order, after `after` and every name starting with it. */
  extra?: { after: string; letters: string }[];
  /** Letters sorted as another letter (or letters). */
  same?: Record<string, string>;
}

/** One entry per language in LANGUAGE_NAMES (packages/api). */
const TAILORINGS: Record<Language, Tailoring> = {
  en: {},
  // CLDR sv (standard): &D<<đ<<ð &t<<<þ/h &Y<<ü<<ű &[before 1]ǀ<å<ä<<æ<<ę<ö<<ø<<ő<<œ<<ô. V and W are two letters.
  sv: {
    extra: [{ after: 'z', letters: 'åäö' }],
    same: { æ: 'ä', ę: 'ä', ø: 'ö', ő: 'ö', œ: 'ö', ô: 'ö', ü: 'y', ű: 'y', þ: 'th' },
  },
};

/** CLDR root: letters without a decomposition that sort as other letters. */
const ROOT_SAME: Record<string, string> = { æ: 'ae', œ: 'oe', ø: 'o', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', ĳ: 'ij' };

/** Separates a key's first level (letters) from its tie-breaker (the name itself, accents and all). */
const LEVELS = '\u0001';
/**
 * A tailored letter is its base letter followed by one of these (U+0080…): above every letter,
 * digit and punctuation mark of a key, so `z` + U+0080 (Swedish å) follows every name in z.
 */
const MARK = 0x80;

interface Table {
  /** First-level weights of the language's own letters (and those it sorts as them). */
  weights: Map<string, string>;
  /** A tailored letter's weight → the letter, for index letters. */
  letters: Map<string, string>;
}

function table(tailoring: Tailoring): Table {
  const weights = new Map<string, string>();
  const letters = new Map<string, string>();
  let mark = MARK;
  for (const { after, letters: extra } of tailoring.extra ?? []) {
    for (const letter of extra) {
      const weight = after + String.fromCharCode(mark++);
      weights.set(letter, weight);
      letters.set(weight, letter);
    }
  }
  for (const [letter, as] of Object.entries(tailoring.same ?? {})) weights.set(letter, [...as].map((c) => weights.get(c) ?? rootWeight(c)).join(''));
  return { weights, letters };
}

const rootWeights = new Map<string, string>();
/** A character's first-level weight in the root order: folded, expanded, spaces and punctuation grouped. */
function rootWeight(char: string): string {
  let weight = rootWeights.get(char);
  if (weight !== undefined) return weight;
  weight = '';
  for (const c of char.normalize('NFKD')) {
    if (/[\p{M}\p{Cc}\p{Cf}]/u.test(c)) continue;
    if (/\s/u.test(c)) weight += ' ';
    else if (/[\p{P}\p{S}]/u.test(c)) weight += '!';
    else weight += ROOT_SAME[c] ?? c;
  }
  rootWeights.set(char, weight);
  return weight;
}

const TABLES = Object.fromEntries(LANGUAGES.map((language) => [language, table(TAILORINGS[language])])) as Record<Language, Table>;

/** A name as A–Z lists read it: lower case, spaces collapsed, a leading "The " ignored. */
const readName = (name: string) => name.normalize('NFC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim().replace(/^the /, '');

function firstLevel(name: string, weights: Map<string, string>): string {
  let out = '';
  for (const char of name) out += weights.get(char) ?? rootWeight(char);
  return out.replace(/ +/g, ' ').trim();
}

/**
 * A name's sort key in a language: keys compared as plain strings (code point order, which is
 * UTF-8 byte order: SQLite's BINARY and PostgreSQL's "C") sort names as the language's A–Z
 * does. Names equal at the first level (Abba, ABBA, Äbba in English) are ordered by the name
 * itself, then by whatever the query adds (the id).
 */
export function collationKey(name: string, language: Language): string {
  const read = readName(name);
  return `${firstLevel(read, TABLES[language].weights)}${LEVELS}${read.normalize('NFD')}`;
}

/** The letter a name is filed under in an A–Z index: A–Z and the language's own letters (Swedish Å, Ä, Ö), else `#`. */
export function indexLetter(name: string, language: Language): string {
  const { weights, letters } = TABLES[language];
  const key = firstLevel(readName(name), weights);
  if (!/^[a-z]/.test(key)) return '#';
  return (letters.get(key.slice(0, 2)) ?? key.charAt(0)).toUpperCase();
}

/** Orders index letters as the language does, `#` last. */
export function compareIndexLetters(a: string, b: string, language: Language): number {
  if (a === b) return 0;
  if (a === '#' || b === '#') return a === '#' ? 1 : -1;
  const [x, y] = [collationKey(a, language), collationKey(b, language)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Items in the language's A–Z of their names, ties by id: the same keys as the catalogue's
 * columns, for lists small enough to sort per request (one user's playlists). A new array.
 */
export function sortByName<T extends { id: string; name: string }>(items: readonly T[], language: Language): T[] {
  const keyed = items.map((item) => ({ item, key: collationKey(item.name, language) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  return keyed.map(({ item }) => item);
}
