import { classOf, EXACT, type WordTerms } from './matcher.ts';
import type { Segment } from './segment.ts';
import type { Word } from './evaluate.ts';
import { BEST_WORD, CLASS_WEIGHT, FIELD_SCORE, WHOLE_TITLE_BONUS } from './scores.ts';
import { TUNING } from './tuning.ts';

/*
 * Scoring candidates through the forward index (each document's terms and fields), and the
 * tiers that let broad queries score the most promising postings first (evaluate.ts).
 */

/** The fields (bits) any term in [lo, hi) occurs in. */
export function fieldsIn(termFields: Uint8Array, lo: number, hi: number): number {
  let present = 0;
  for (let t = lo; t < hi && present !== 15; t++) present |= termFields[t]!;
  return present;
}

/**
 * Splits each word's ranges into tier 1 and the rest: ranges are grouped by the best score
 * they allow (class and the fields their terms occur in); from the best group down, whole
 * groups join tier 1 while they fit in TUNING.tierOnePostings. A document reached only through
 * the rest scores at most the sum of each word's best remaining group (`rest`); -1 when
 * some word has no remaining range, i.e. tier 1 reaches every candidate.
 */
export function tiers(segment: Segment, words: Word[]): { tierOne: boolean[][]; rest: number } {
  const { postingStart, termFields } = segment;
  const tierOne: boolean[][] = [];
  let rest = 0;
  let bonusPossible = true;
  let covered = false;
  for (const { terms, fields } of words) {
    const ceilings = terms.lo.map((lo, r) => {
      const field = fieldsIn(termFields, lo, terms.hi[r]!) & fields;
      return field ? terms.cls[r]! * CLASS_WEIGHT + FIELD_SCORE[field]! : -1;
    });
    const inTier = ceilings.map(() => false);
    let budget = TUNING.tierOnePostings;
    let remaining = -1;
    for (let level = BEST_WORD; level >= 0 && remaining < 0; level--) {
      let postings = 0;
      ceilings.forEach((c, r) => {
        if (c === level) postings += postingStart[terms.hi[r]!]! - postingStart[terms.lo[r]!]!;
      });
      if (postings === 0) continue;
      if (postings > budget) remaining = level;
      else {
        budget -= postings;
        ceilings.forEach((c, r) => {
          if (c === level) inTier[r] = true;
        });
      }
    }
    tierOne.push(inTier);
    if (remaining < 0) covered = true;
    rest += remaining;
    const exactLeft = terms.cls.some((cls, r) => !inTier[r] && cls === EXACT && ceilings[r] === BEST_WORD);
    if (!exactLeft) bonusPossible = false;
  }
  if (covered) return { tierOne, rest: -1 };
  return { tierOne, rest: bonusPossible ? rest + WHOLE_TITLE_BONUS : rest };
}

/**
 * Tier 1: visits each candidate (`seen[d] === mark`) reached through a tier-1 range of any
 * word once, marking it done (so the rank-order scan skips it). Returns how many.
 */
export function scoreTierOne(segment: Segment, words: Word[], tierOne: boolean[][], mark: number, visit: (d: number) => void): number {
  const doneMark = ++segment.stamp;
  const { seen, postingStart, postingDoc } = segment;
  let count = 0;
  words.forEach(({ terms }, w) => {
    for (let r = 0; r < terms.lo.length; r++) {
      if (!tierOne[w]![r]) continue;
      const to = postingStart[terms.hi[r]!]!;
      for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
        const d = postingDoc[p]!;
        if (seen[d] !== mark) continue;
        seen[d] = doneMark;
        count++;
        visit(d);
      }
    }
  });
  return count;
}

/** A document's score for all the words, or -1 when one does not match. */
export function scoreOf(segment: Segment, words: Word[], d: number): number {
  const { forwardStart, forwardTerm, forwardField } = segment;
  let sum = 0;
  let allTitleExact = true;
  for (const word of words) {
    const best = bestFor(word.terms, word.fields, forwardTerm, forwardField, forwardStart[d]!, forwardStart[d + 1]!);
    if (best < 0) return -1;
    sum += best;
    if (best !== BEST_WORD) allTitleExact = false;
  }
  return allTitleExact && segment.titleWords[d] === words.length ? sum + WHOLE_TITLE_BONUS : sum;
}

/**
 * A word's best score among a document's terms, or -1. Runs once per candidate and word, so
 * a term outside the word's span of ranges (they are sorted; most terms of a document are
 * outside it, since every range of a word shares its first letter) is passed over with two
 * comparisons, before the binary search over the ranges.
 */
export function bestFor(terms: WordTerms, fields: number, forwardTerm: Int32Array, forwardField: Uint8Array, from: number, to: number): number {
  const ranges = terms.lo.length;
  if (ranges === 0) return -1;
  const min = terms.lo[0]!;
  const max = terms.hi[ranges - 1]!;
  let best = -1;
  for (let i = from; i < to; i++) {
    const t = forwardTerm[i]!;
    if (t < min || t >= max) continue;
    const field = forwardField[i]! & fields;
    if (field === 0) continue;
    const cls = classOf(terms, t);
    if (cls < 0) continue;
    const s = cls * CLASS_WEIGHT + FIELD_SCORE[field]!;
    if (s > best) best = s;
  }
  return best;
}
