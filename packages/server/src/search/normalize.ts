/**
 * Text normalisation shared by indexing and querying, so both sides agree on what a
 * "word" is. Rules (documented in README.md):
 *
 * - NFKC (full-width forms, ligatures), then lower case.
 * - Accents are dropped (Åslund → aslund, Kröcher → krocher). Letters that many people
 *   spell out differently are indexed in BOTH forms: ö/ø → o and oe, ü → u and ue,
 *   ä/æ → a/ae and ae, å → a and aa; ß → ss, œ → oe, þ → th, ł → l, đ/ð → d.
 * - Apostrophes vanish (don't → dont). Other punctuation splits a word into parts, and
 *   the parts are also indexed joined (AC/DC → ac, dc, acdc; Do-Wah-Doo → do, wah, doo,
 *   dowahdoo).
 * - Numerals: the numbers 0–20 are indexed both as digits and as English words
 *   ("Six" also indexes 6, "Volume 1" also indexes one).
 * - Scripts written without spaces (Han, Hiragana, Katakana) are indexed by character:
 *   every character and every pair of neighbouring characters (bigram).
 */

/** Primary folding of the letters NFD does not decompose or that we spell out. */
const PRIMARY: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ŋ: 'n',
  ħ: 'h',
};
/** Alternative spellings, indexed beside the primary form. */
const ALTERNATE: Record<string, string> = {
  ö: 'oe',
  ü: 'ue',
  ä: 'ae',
  å: 'aa',
  ø: 'oe',
};
const ALTERNATE_RE = /[öüäåø]/;
const SPECIAL_RE = /[ßæœøłđðþıŋħ]/g;
const MARKS_RE = /\p{M}+/gu;
const APOSTROPHES_RE = /['’ʼ`´]/g;
/** Characters of scripts written without spaces between words. */
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
/** Follows a CJK character indexed as part of a longer run (never typed: it is a control character). */
const PART_MARK = '\u0001';

const NUMBERS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const NUMBER_OF_WORD = new Map(NUMBERS.map((word, n) => [word, String(n)]));

/** Lower case without accents: the primary folded form of a text. */
export function fold(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase();
  return stripMarks(lower.replace(SPECIAL_RE, (c) => PRIMARY[c] ?? c));
}

/** The alternative folded form (ö → oe …), or undefined when the text has none of those letters. */
export function foldAlternate(text: string): string | undefined {
  const lower = text.normalize('NFKC').toLowerCase();
  if (!ALTERNATE_RE.test(lower)) return undefined;
  return stripMarks(lower.replace(/[öüäåø]/g, (c) => ALTERNATE[c] ?? c).replace(SPECIAL_RE, (c) => PRIMARY[c] ?? c));
}

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(MARKS_RE, '').normalize('NFC');
}

/** True for a character of a script indexed by characters (CJK). */
export function isCjk(char: string): boolean {
  return CJK_RE.test(char);
}

/** One piece of a whitespace-separated chunk: a run of letters/digits, or of CJK characters. */
interface Run {
  text: string;
  cjk: boolean;
}

/** Splits an already folded chunk into runs; punctuation separates runs and is dropped. */
function runsOf(chunk: string): Run[] {
  const runs: Run[] = [];
  let current = '';
  let currentCjk = false;
  for (const char of chunk.replace(APOSTROPHES_RE, '')) {
    const cjk = isCjk(char);
    const word = cjk || WORD_CHAR_RE.test(char);
    if (!word || (current && cjk !== currentCjk)) {
      if (current) runs.push({ text: current, cjk: currentCjk });
      current = '';
    }
    if (word) {
      current += char;
      currentCjk = cjk;
    }
  }
  if (current) runs.push({ text: current, cjk: currentCjk });
  return runs;
}

/**
 * Unigrams and bigrams of a CJK run. A character inside a longer run is indexed with a
 * marker after it, so a one-character query matches it as a prefix, not exactly: "夜"
 * is the whole title 夜 but only part of 夜曲.
 */
function cjkGrams(run: string): string[] {
  const chars = [...run];
  const grams: string[] = chars.length === 1 ? chars : chars.map((c) => c + PART_MARK);
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  return grams;
}

/** What the query side treats as words in a CJK run: its bigrams, or the one character. */
export function cjkQueryWords(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const words: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) words.push(chars[i]! + chars[i + 1]!);
  return words;
}

function addNumeralVariant(tokens: Set<string>, token: string) {
  const digits = NUMBER_OF_WORD.get(token);
  if (digits !== undefined) tokens.add(digits);
  else if (/^\d{1,2}$/.test(token) && Number(token) <= 20) tokens.add(NUMBERS[Number(token)]!);
}

function tokensOfFolded(folded: string, tokens: Set<string>): number {
  let words = 0;
  for (const chunk of folded.split(/\s+/)) {
    if (!chunk) continue;
    const runs = runsOf(chunk);
    const latin = runs.filter((r) => !r.cjk);
    for (const run of runs) {
      if (run.cjk) {
        for (const gram of cjkGrams(run.text)) tokens.add(gram);
        words += Math.max(1, [...run.text].length - 1);
      } else {
        tokens.add(run.text);
        addNumeralVariant(tokens, run.text);
        words += 1;
      }
    }
    if (latin.length > 1) tokens.add(latin.map((r) => r.text).join(''));
  }
  return words;
}

/** The tokens a field's text is indexed under, and how many words it has (for the "whole title" bonus). */
export function indexTokens(text: string): { tokens: Set<string>; words: number } {
  const tokens = new Set<string>();
  const words = tokensOfFolded(fold(text), tokens);
  const alternate = foldAlternate(text);
  if (alternate !== undefined) tokensOfFolded(alternate, tokens);
  return { tokens, words };
}

/** The words of free query text, each to be matched as a prefix of some token. */
export function queryWords(text: string): string[] {
  const words: string[] = [];
  for (const chunk of fold(text).split(/\s+/)) {
    if (!chunk) continue;
    for (const run of runsOf(chunk)) {
      if (run.cjk) words.push(...cjkQueryWords(run.text));
      else words.push(run.text);
    }
  }
  return words;
}

/** True when a query word may match with typos: long enough, and made of letters only. */
export function allowedEdits(word: string): number {
  if (/[\d]/.test(word) || isCjk(word)) return 0;
  const length = [...word].length;
  if (length >= 8) return 2;
  if (length >= 4) return 1;
  return 0;
}
