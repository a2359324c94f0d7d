import { allowedEdits } from './normalize.ts';
import { EXACT, matchWord, type WordTerms } from './matcher.ts';
import { Field, TEXT_FIELDS, type ParsedQuery } from './query-parser.ts';
import type { Segment } from './segment.ts';
import { byPostings } from './by-postings.ts';
import { CLASS_WEIGHT, FIELD_SCORE, WHOLE_TITLE_BONUS } from './scores.ts';
import { TopK } from './top-k.ts';
import { TUNING } from './tuning.ts';
import { scoreOf, scoreTierOne, tiers } from './forward-score.ts';
import { walkInRankOrder } from './walk.ts';

export { TUNING } from './tuning.ts';

/** One match inside a segment. */
export interface SegmentHit {
  doc: number;
  score: number;
}

/** A segment's answer: how many documents match, and the best `k` of them, best first. */
export interface SegmentResult {
  total: number;
  hits: SegmentHit[];
}

export interface EvaluateOptions {
  /** How many of the best to return (offset + limit). */
  k: number;
  /** Who is searching (for documents with a restricted audience). */
  userId?: string;
  /** Documents replaced or removed since the segment was built. */
  dead?: Uint8Array;
}

/** Runs a parsed query against one segment. */
export function evaluate(segment: Segment, query: ParsedQuery, options: EvaluateOptions): SegmentResult {
  const { k, userId, dead } = options;
  const heap = new TopK(k);
  const yearFrom = query.year?.from ?? 0;
  const yearTo = query.year?.to ?? 0;
  const filtered = dead !== undefined || query.year !== undefined || segment.audiences.length > 0;
  const passes = !filtered
    ? undefined
    : (d: number) =>
        (dead === undefined || dead[d] === 0) &&
        (query.year === undefined || (segment.year[d]! >= yearFrom && segment.year[d]! <= yearTo)) &&
        (segment.audience[d]! < 0 || segment.visible(d, userId));

  if (query.words.length === 0) {
    // Only filters: every passing document, already in rank order.
    let total = 0;
    for (let d = 0; d < segment.size; d++) {
      if (passes && !passes(d)) continue;
      if (total < k) heap.push(d, 0);
      total++;
    }
    return { total, hits: heap.sorted() };
  }

  const words = query.words.map((w) => ({ fields: w.fields, terms: matchWord(segment, w.text, allowedEdits(w.text)) }));
  if (words.some((w) => w.terms.lo.length === 0)) return { total: 0, hits: [] };
  if (words.length === 1) {
    const only = words[0]!;
    if (
      !passes &&
      only.fields === TEXT_FIELDS &&
      only.terms.node > 0 &&
      segment.nodeDepth[only.terms.node]! > 0 &&
      only.terms.lo.length <= 2 &&
      only.terms.postings > TUNING.broadWord
    ) {
      return shortPrefix(segment, only, heap);
    }
    // A broad word is walked in rank order first; when its matches are too sparse for that, it is scored from its postings.
    if (only.terms.postings <= TUNING.broadWord) return oneWord(segment, only, passes, heap);
    const walked = walkInRankOrder(segment, words, passes, k);
    if (walked) return walked;
    if (TUNING.walkDocs > 0 && only.terms.postings <= TUNING.postingsAfterWalk) return oneWord(segment, only, passes, heap);
    return broadWord(segment, only, passes, heap);
  }
  // Several words: from their postings when they are few, else walking in rank order, and
  // when that finds the candidates too sparse to stop early, from postings again up to a
  // larger bound, else by marking the cheapest two words' documents (whose rank-order scan
  // stops early within them).
  const postings = words.reduce((n, w) => n + w.terms.postings, 0);
  const cheapestFirst = () => [...words].sort((a, b) => a.terms.postings - b.terms.postings);
  if (postings <= TUNING.postingsAtMost) return byPostings(segment, cheapestFirst(), passes, heap);
  const walked = walkInRankOrder(segment, words, passes, k);
  if (walked) return walked;
  if (TUNING.walkDocs > 0 && postings <= TUNING.postingsAfterWalk) return byPostings(segment, cheapestFirst(), passes, heap);
  return severalWords(segment, words, passes, heap);
}

/** A query word and the terms it matches in one segment. */
export type Word = { fields: number; terms: WordTerms };
/** Whether a document passes the query's filters; undefined when there are none (the common, fast case). */
export type Filter = ((d: number) => boolean) | undefined;

/** One word: score straight from its postings, keeping each document's best; the total is exact. */
function oneWord(segment: Segment, word: Word, passes: Filter, heap: TopK): SegmentResult {
  const stamp = ++segment.stamp;
  const { seen, scratchScore: score, postingStart, postingDoc, postingField, titleWords } = segment;
  const { terms, fields } = word;
  const touched = segment.scratchDocs;
  let count = 0;
  for (let r = 0; r < terms.lo.length; r++) {
    const cls = terms.cls[r]!;
    const to = postingStart[terms.hi[r]!]!;
    for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
      const field = postingField[p]! & fields;
      if (field === 0) continue;
      const d = postingDoc[p]!;
      const s = cls * CLASS_WEIGHT + FIELD_SCORE[field]! + (cls === EXACT && field & Field.title && titleWords[d] === 1 ? WHOLE_TITLE_BONUS : 0);
      if (seen[d] !== stamp) {
        seen[d] = stamp;
        if (passes && !passes(d)) {
          score[d] = -1;
          continue;
        }
        score[d] = s;
        touched[count++] = d;
      } else if (score[d]! >= 0 && s > score[d]!) score[d] = s;
    }
  }
  for (let i = 0; i < count; i++) heap.push(touched[i]!, score[touched[i]!]!);
  return { total: count, hits: heap.sorted() };
}

/**
 * Broad queries ("t", "lone" — whose typo range holds "love" —, "the s") have too many
 * candidates to score them all on every keystroke. They are ranked in two tiers:
 *
 * 1. documents reached through a word's best ranges (by the score they allow: typically
 *    its exact and prefix matches), as long as those hold few postings, are all scored;
 * 2. the rest can only score what the remaining ranges allow (the rest ceiling), so they
 *    are scored in rank order, and the scan stops once the k kept cannot be beaten: a
 *    later document is less popular, so it would need a strictly higher score.
 *
 * The memory-index tests check this returns exactly what scoring everything returns.
 */
function broadWord(segment: Segment, word: Word, passes: Filter, heap: TopK): SegmentResult {
  const accepted = ++segment.stamp;
  const rejected = ++segment.stamp;
  const { seen, postingStart, postingDoc, postingField } = segment;
  const { terms, fields } = word;
  // One word: the total is exact — count every matching document while marking it.
  let total = 0;
  for (let r = 0; r < terms.lo.length; r++) {
    const to = postingStart[terms.hi[r]!]!;
    for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
      const d = postingDoc[p]!;
      if (seen[d] === accepted || (postingField[p]! & fields) === 0) continue;
      if (seen[d] !== rejected && (!passes || passes(d))) {
        seen[d] = accepted;
        total++;
      } else seen[d] = rejected;
    }
  }
  const words = [word];
  const { tierOne, rest } = tiers(segment, words);
  // Tier 1 scored straight from its postings (cheaper than the forward index), best per document.
  const inTier = ++segment.stamp;
  const { scratchScore: score, scratchDocs: list, titleWords } = segment;
  let done = 0;
  for (let r = 0; r < terms.lo.length; r++) {
    if (!tierOne[0]![r]) continue;
    const cls = terms.cls[r]!;
    const to = postingStart[terms.hi[r]!]!;
    for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
      const d = postingDoc[p]!;
      const field = postingField[p]! & fields;
      if (field === 0 || (seen[d] !== accepted && seen[d] !== inTier)) continue;
      const s = cls * CLASS_WEIGHT + FIELD_SCORE[field]! + (cls === EXACT && field & Field.title && titleWords[d] === 1 ? WHOLE_TITLE_BONUS : 0);
      if (seen[d] === accepted) {
        seen[d] = inTier;
        score[d] = s;
        list[done++] = d;
      } else if (s > score[d]!) score[d] = s;
    }
  }
  for (let i = 0; i < done; i++) heap.push(list[i]!, score[list[i]!]!);
  if (rest >= 0) {
    let left = total - done;
    for (let d = 0; d < segment.size && left > 0; d++) {
      if (seen[d] !== accepted) continue;
      left--;
      heap.push(d, scoreOf(segment, words, d));
      if (heap.cannotImprove(rest, d)) break;
    }
  }
  return { total, hits: heap.sorted() };
}

/**
 * The first one or two letters typed (no filters): the total was counted when the segment
 * was built, tier 1 (the exact term) is scored from its postings, and the rest is found by
 * walking documents in rank order and checking their terms — no pass over the hundreds of
 * thousands of postings a single letter has.
 */
function shortPrefix(segment: Segment, word: Word, heap: TopK): SegmentResult {
  const { terms, fields } = word;
  const total = segment.nodeDocs[terms.node]!;
  const words = [word];
  const { tierOne, rest } = tiers(segment, words);
  const inTier = ++segment.stamp;
  const { seen, postingStart, postingDoc, forwardStart, forwardTerm, forwardField } = segment;
  let done = 0;
  for (let r = 0; r < terms.lo.length; r++) {
    if (!tierOne[0]![r]) continue;
    for (let p = postingStart[terms.lo[r]!]!; p < postingStart[terms.hi[r]!]!; p++) {
      const d = postingDoc[p]!;
      if (seen[d] === inTier) continue;
      const s = scoreOf(segment, words, d);
      if (s < 0) continue;
      seen[d] = inTier;
      done++;
      heap.push(d, s);
    }
  }
  const lo = segment.nodeLo[terms.node]!;
  const hi = segment.nodeHi[terms.node]!;
  let left = total - done;
  for (let d = 0; d < segment.size && left > 0 && rest >= 0; d++) {
    if (seen[d] === inTier) continue;
    let match = false;
    for (let i = forwardStart[d]!; i < forwardStart[d + 1]! && !match; i++) {
      const t = forwardTerm[i]!;
      match = t >= lo && t < hi && (forwardField[i]! & fields) !== 0;
    }
    if (!match) continue;
    left--;
    heap.push(d, scoreOf(segment, words, d));
    if (heap.cannotImprove(rest, d)) break;
  }
  return { total, hits: heap.sorted() };
}

/**
 * Several words, many postings: intersect the two cheapest words through their postings (marking
 * documents), then score the survivors with the forward index, where the other words are
 * checked — all of them when few, else in the two tiers described above. The total is
 * exact when every candidate was scored, else extrapolated from the share scored (like
 * Spotify's totals, an estimate).
 */
function severalWords(segment: Segment, words: Word[], passes: Filter, heap: TopK): SegmentResult {
  const order = words.map((_, i) => i).sort((a, b) => words[a]!.terms.postings - words[b]!.terms.postings);
  const first = ++segment.stamp;
  const candidate = ++segment.stamp;
  const { seen, postingStart, postingDoc } = segment;
  const cheapest = words[order[0]!]!.terms;
  let next = words[order[1]!]!.terms;
  // When the second word is far broader ("sasonzy b"), marking its postings costs more than
  // checking it in the forward index: the cheapest word's documents are the candidates.
  const alone = next.postings > 4 * cheapest.postings;
  if (!alone) {
    for (let r = 0; r < cheapest.lo.length; r++) {
      const to = postingStart[cheapest.hi[r]!]!;
      for (let p = postingStart[cheapest.lo[r]!]!; p < to; p++) seen[postingDoc[p]!] = first;
    }
  } else next = cheapest;
  let candidates = 0;
  const list = segment.scratchDocs;
  for (let r = 0; r < next.lo.length; r++) {
    const to = postingStart[next.hi[r]!]!;
    for (let p = postingStart[next.lo[r]!]!; p < to; p++) {
      const d = postingDoc[p]!;
      if (alone ? seen[d] === candidate : seen[d] !== first) continue;
      seen[d] = candidate;
      if (candidates < TUNING.listAtMost) list[candidates] = d;
      candidates++;
    }
  }
  let scanned = 0;
  let total = 0;
  const consider = (d: number) => {
    scanned++;
    if (passes && !passes(d)) return;
    const s = scoreOf(segment, words, d);
    if (s < 0) return;
    total++;
    heap.push(d, s);
  };
  if (candidates <= TUNING.exactTotalUnder) {
    for (let i = 0; i < candidates; i++) consider(list[i]!);
    return { total, hits: heap.sorted() };
  }
  const { tierOne, rest } = tiers(segment, words);
  scoreTierOne(segment, words, tierOne, candidate, consider);
  if (rest >= 0) {
    if (candidates <= TUNING.listAtMost) {
      const sorted = list.subarray(0, candidates).sort();
      for (let i = 0; i < candidates; i++) {
        const d = sorted[i]!;
        if (seen[d] !== candidate) continue;
        consider(d);
        if (heap.cannotImprove(rest, d)) break;
      }
    } else {
      for (let d = 0; d < segment.size && scanned < candidates; d++) {
        if (seen[d] !== candidate) continue;
        consider(d);
        if (heap.cannotImprove(rest, d)) break;
      }
    }
  }
  if (scanned < candidates && scanned > 0) total = Math.round(total + ((candidates - scanned) * total) / scanned);
  return { total, hits: heap.sorted() };
}
