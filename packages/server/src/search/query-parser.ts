import { queryWords } from './normalize.ts';

/** Bits of the field a token was found in; a token can be in several. */
export const Field = { title: 1, artist: 2, album: 4, genre: 8 } as const;
/** Where free text (without a `field:` filter) is looked for; genres only through `genre:`. */
export const TEXT_FIELDS = Field.title | Field.artist | Field.album;

/** One word of a query: matched as a prefix (or exactly, or with typos) in one of `fields`. */
export interface QueryWord {
  text: string;
  fields: number;
}

/** A parsed query: words that must all match, and an optional year range (inclusive). */
export interface ParsedQuery {
  words: QueryWord[];
  year?: { from: number; to: number };
}

/** Most words a query may have; the rest are ignored (a 10-word query is already exact enough). */
export const MAX_WORDS = 10;
/**
 * Longest query text looked at, and longest word: whatever a caller hands the engine, its
 * work stays small (a 100,000-letter word once made the typo matcher run out of memory).
 * No title has a word this long; a longer one is matched by its first MAX_WORD_LENGTH letters.
 */
export const MAX_QUERY_LENGTH = 1000;
export const MAX_WORD_LENGTH = 64;

const FILTER_FIELDS: Record<string, number> = {
  artist: Field.artist,
  album: Field.album,
  genre: Field.genre,
  track: Field.title,
};
const FILTER_RE = /\b(artist|album|genre|track|year):(?:"([^"]*)"?|(\S*))/gi;

/**
 * Parses Spotify's query syntax: free text plus `artist:`, `album:`, `genre:`, `track:`
 * (a word, or a "quoted phrase") and `year:1999` / `year:1990-1999`. Unknown `x:` prefixes
 * are plain text.
 */
export function parseQuery(q: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [] };
  const free = q.slice(0, MAX_QUERY_LENGTH).replace(FILTER_RE, (_all, name: string, quoted: string | undefined, bare: string | undefined) => {
    const value = quoted ?? bare ?? '';
    const field = name.toLowerCase();
    if (field === 'year') {
      const range = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(value.trim());
      if (range) {
        const from = Number(range[1]);
        const to = range[2] === undefined ? from : Number(range[2]);
        parsed.year = { from: Math.min(from, to), to: Math.max(from, to) };
      }
      return ' ';
    }
    for (const text of queryWords(value)) parsed.words.push({ text, fields: FILTER_FIELDS[field]! });
    return ' ';
  });
  for (const text of queryWords(free)) parsed.words.push({ text, fields: TEXT_FIELDS });
  parsed.words = parsed.words.slice(0, MAX_WORDS).map((word) => ({ ...word, text: [...word.text].slice(0, MAX_WORD_LENGTH).join('') }));
  return parsed;
}
