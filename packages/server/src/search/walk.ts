import type { Filter, SegmentResult, Word } from './evaluate.ts';
import { fieldsIn, scoreOf } from './forward-score.ts';
import { EXACT } from './matcher.ts';
import { Field } from './query-parser.ts';
import { BEST_WORD, CLASS_WEIGHT, FIELD_SCORE, WHOLE_TITLE_BONUS } from './scores.ts';
import type { Segment } from './segment.ts';
import { TopK } from './top-k.ts';
import { TUNING } from './tuning.ts';

/** Documents after the best sampled for the estimated total. */
const SAMPLE_DOCS = 2_048;

/**
 * Broad queries tried the cheap way first: no pass over their postings at all. Tier 1 (the
 * few postings of each word's best ranges) is scored through the forward index, then the
 * other documents are visited in rank order until the `k` kept cannot be beaten (a later
 * document is less popular, so it would need a strictly higher score than the rest of the
 * ranges allow). When matches are dense ("the", "artist:s", "the s") that is a few hundred
 * documents whatever the size of the catalogue; when they are sparse the walk gives up after
 * TUNING.walkDocs documents and answers undefined, and the caller takes the postings paths,
 * whose cost is bounded by the postings.
 *
 * The total is exact when the walk reached the end, else the matches walked plus an estimate
 * for the documents after them from an even sample of SAMPLE_DOCS, like Spotify's totals.
 */
export function walkInRankOrder(segment: Segment, words: Word[], passes: Filter, k: number): SegmentResult | undefined {
  const budget = TUNING.walkDocs;
  if (budget <= 0) return undefined;
  const heap = new TopK(k);
  const inTier = ++segment.stamp;
  const { seen, size } = segment;
  const tier = segment.scratchDocs;
  let tierSize = 0;
  const ceilings = words.map((word) => {
    const { ceiling, marked } = splitWord(segment, word, words.length === 1, inTier, tier, tierSize);
    tierSize += marked;
    return ceiling;
  });
  const covered = ceilings.some((c) => c < 0);
  let rest = ceilings.reduce((a, b) => a + b, 0);
  // Several words score the whole-title bonus only when each is exact in the title.
  if (words.length > 1 && ceilings.every((c) => c === BEST_WORD)) rest += WHOLE_TITLE_BONUS;
  let inTierMatched = 0;
  for (let i = 0; i < tierSize; i++) {
    const d = tier[i]!;
    if (passes && !passes(d)) continue;
    const s = scoreOf(segment, words, d);
    if (s < 0) continue;
    inTierMatched++;
    heap.push(d, s);
  }
  // Tier 1 reached every document that can match: nothing else to visit.
  if (covered) return { total: inTierMatched, hits: heap.sorted() };

  let visited = 0;
  let matched = 0;
  let d = 0;
  let best = false;
  for (; d < size; d++) {
    if (seen[d] === inTier) continue;
    if (++visited > budget) return undefined;
    if (passes && !passes(d)) continue;
    const s = scoreOf(segment, words, d);
    if (s < 0) continue;
    matched++;
    heap.push(d, s);
    if (heap.cannotImprove(rest, d)) {
      best = true;
      break;
    }
  }
  if (!best || d === size - 1) return { total: inTierMatched + matched, hits: heap.sorted() };
  // The best are found. The documents after them are sampled across the whole rank order
  // (matches are rarely spread evenly: popular items have other words than the long tail).
  const from = d + 1;
  const step = Math.max(1, (size - from) / SAMPLE_DOCS);
  let sampled = 0;
  let hits = 0;
  for (let at = from; at < size; at += step) {
    const e = Math.floor(at);
    sampled++;
    if (seen[e] === inTier || (passes && !passes(e)) || scoreOf(segment, words, e) < 0) continue;
    hits++;
  }
  return { total: inTierMatched + matched + Math.round(((size - from) * hits) / sampled), hits: heap.sorted() };
}

/** The highest a posting can score: exact, in the title, and the whole title (one word). */
const TOP_LEVEL = BEST_WORD + WHOLE_TITLE_BONUS;

/**
 * Splits one word's postings into tier 1 — those scoring above a level L, at most
 * TUNING.tierOnePostings of them, whose documents are marked and listed in `tier` from
 * `at` — and the rest, none of which scores above L (the word's ceiling, kept on the word;
 * -1 when tier 1 holds every posting). Each posting's score is known from its class and
 * fields, so the split is by posting, not by range: a term common in artist names but rare
 * in titles ("sasonzy") puts its few title postings in tier 1 and leaves the rest at the
 * artist level, where the walk stops early. A word with more postings than TUNING.scanPostings is
 * split by whole ranges instead (their best possible score, from the term's fields).
 */
function splitWord(segment: Segment, word: Word, single: boolean, mark: number, tier: Int32Array, at: number): { ceiling: number; marked: number } {
  const { postingStart, postingDoc, postingField, termFields, titleWords, seen } = segment;
  const { terms, fields } = word;
  const levelOf = (cls: number, field: number, d: number) =>
    cls * CLASS_WEIGHT + FIELD_SCORE[field]! + (single && cls === EXACT && field & Field.title && titleWords[d] === 1 ? WHOLE_TITLE_BONUS : 0);
  const ranges = terms.lo.map((lo, r) => {
    const field = fieldsIn(termFields, lo, terms.hi[r]!) & fields;
    const cls = terms.cls[r]!;
    // The best a posting of the range may score: its class in its best field, and the whole-title bonus if it could apply.
    const ceiling = field ? cls * CLASS_WEIGHT + FIELD_SCORE[field]! + (single && cls === EXACT && field & Field.title ? WHOLE_TITLE_BONUS : 0) : -1;
    return { r, ceiling, postings: postingStart[terms.hi[r]!]! - postingStart[lo]! };
  });
  ranges.sort((a, b) => b.ceiling - a.ceiling);
  const budget = TUNING.tierOnePostings;
  let level = -1;
  if (terms.postings <= TUNING.scanPostings) {
    const count = new Int32Array(TOP_LEVEL + 1);
    // Once more than the budget score at least what is left can score (`ceiling`), L is at
    // least that: the rest need not be read.
    const settled = (ceiling: number) => {
      let atOrAbove = 0;
      for (let l = ceiling; l <= TOP_LEVEL; l++) atOrAbove += count[l]!;
      return atOrAbove > budget;
    };
    scan: for (const { r, ceiling } of ranges) {
      if (ceiling < 0 || settled(ceiling)) break;
      const to = postingStart[terms.hi[r]!]!;
      for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
        const field = postingField[p]! & fields;
        if (field) count[levelOf(terms.cls[r]!, field, postingDoc[p]!)]!++;
        if ((p & 4095) === 4095 && settled(ceiling)) break scan;
      }
    }
    let sum = 0;
    for (let l = TOP_LEVEL; l >= 0 && level < 0; l--) {
      sum += count[l]!;
      if (sum > budget) level = l;
    }
  } else {
    let sum = 0;
    for (const { ceiling, postings } of ranges) {
      if (ceiling < 0) break;
      sum += postings;
      if (sum > budget) {
        level = ceiling;
        break;
      }
    }
  }
  let marked = 0;
  for (const { r, ceiling } of ranges) {
    if (ceiling <= level) break;
    const to = postingStart[terms.hi[r]!]!;
    for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
      const field = postingField[p]! & fields;
      if (field === 0 || levelOf(terms.cls[r]!, field, postingDoc[p]!) <= level) continue;
      const d = postingDoc[p]!;
      if (seen[d] === mark) continue;
      seen[d] = mark;
      tier[at + marked++] = d;
    }
  }
  return { ceiling: level, marked };
}
