import { allowedEdits } from './normalize.ts';
import { classOf, EXACT, matchWord, type WordTerms } from './matcher.ts';
import { Field, type ParsedQuery } from './query-parser.ts';
import type { Segment } from './segment.ts';

/**
 * Ranking. A word's score is its match class first (exact > prefix > fuzzy), then the
 * field it matched in (title > artist > album > genre); a document's score is the sum over
 * the query's words (all must match), plus a bonus when the words are exactly the whole
 * title. Ties go to popularity, then to the id (see Segment's numbering).
 */
const FIELD_SCORE = new Int8Array(16).map((_, mask) => (mask & Field.title ? 3 : mask & Field.artist ? 2 : mask & Field.album ? 1 : 0));
const CLASS_WEIGHT = 4;
const WHOLE_TITLE_BONUS = 2;
/** The best a single word can score: exact, in the title. */
const BEST_WORD = EXACT * CLASS_WEIGHT + 3;
/** Up to this many candidates are collected and sorted; more are found by scanning in rank order. */
const LIST_AT_MOST = 50_000;
/** Ranges with at most this many postings are read one by one for a tight score ceiling. */
const PRECISE_CEILING_POSTINGS = 20_000;
/** Above this many postings a single word is ranked by a scan in rank order (broadWord). */
const BROAD_WORD = 20_000;
/** Below this many candidates every one is scored, so the total is exact. */
const EXACT_TOTAL_UNDER = 2_000;

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
    return words[0]!.terms.postings > BROAD_WORD ? broadWord(segment, words[0]!, passes, heap, k) : oneWord(segment, words[0]!, passes, heap);
  }
  return severalWords(segment, words, passes, heap, k);
}

type Word = { fields: number; terms: WordTerms };
/** Whether a document passes the query's filters; undefined when there are none (the common, fast case). */
type Filter = ((d: number) => boolean) | undefined;

/** One word: score straight from its postings, keeping each document's best; the total is exact. */
function oneWord(segment: Segment, word: Word, passes: Filter, heap: TopK): SegmentResult {
  const stamp = ++segment.stamp;
  const { seen, scratchScore: score, postingStart, postingDoc, postingField, titleWords } = segment;
  const { terms, fields } = word;
  const touched: number[] = [];
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
        touched.push(d);
      } else if (score[d]! >= 0 && s > score[d]!) score[d] = s;
    }
  }
  for (const d of touched) heap.push(d, score[d]!);
  return { total: touched.length, hits: heap.sorted() };
}

/**
 * One broad word ("t", "love"): count the matching documents exactly while marking them,
 * then score them in rank order and stop once no later document can beat the k kept.
 */
function broadWord(segment: Segment, word: Word, passes: Filter, heap: TopK, k: number): SegmentResult {
  const accepted = ++segment.stamp;
  const rejected = ++segment.stamp;
  const { seen, postingStart, postingDoc, postingField } = segment;
  const { terms, fields } = word;
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
  const ceiling = scoreCeiling(segment, [word]);
  let scanned = 0;
  for (let d = 0; d < segment.size && scanned < total; d++) {
    if (seen[d] !== accepted) continue;
    scanned++;
    heap.push(d, scoreOf(segment, [word], d));
    if (heap.size === k && heap.worstScore >= ceiling) break;
  }
  return { total, hits: heap.sorted() };
}

/**
 * Several words: intersect the two cheapest words through their postings (marking
 * documents), then score the survivors in rank order with the forward index, checking
 * the other words there. A broad query ("the t") can have a huge intersection, so once the
 * k best kept cannot be beaten by any later (less popular) document — it would need a
 * score above the best the words allow — the scan stops and the total is extrapolated
 * from the share scored (exact when the scan ran to the end, or had few candidates).
 */
function severalWords(segment: Segment, words: Word[], passes: Filter, heap: TopK, k: number): SegmentResult {
  const order = words.map((_, i) => i).sort((a, b) => words[a]!.terms.postings - words[b]!.terms.postings);
  const first = ++segment.stamp;
  const second = ++segment.stamp;
  const { seen, postingStart, postingDoc } = segment;
  const cheapest = words[order[0]!]!.terms;
  for (let r = 0; r < cheapest.lo.length; r++) {
    const to = postingStart[cheapest.hi[r]!]!;
    for (let p = postingStart[cheapest.lo[r]!]!; p < to; p++) seen[postingDoc[p]!] = first;
  }
  let candidates = 0;
  const list: number[] = [];
  const next = words[order[1]!]!.terms;
  for (let r = 0; r < next.lo.length; r++) {
    const to = postingStart[next.hi[r]!]!;
    for (let p = postingStart[next.lo[r]!]!; p < to; p++) {
      const d = postingDoc[p]!;
      if (seen[d] !== first) continue;
      seen[d] = second;
      if (++candidates <= LIST_AT_MOST) list.push(d);
    }
  }
  const ceiling = scoreCeiling(segment, words);
  const exact = candidates <= EXACT_TOTAL_UNDER;
  let scanned = 0;
  let total = 0;
  const consider = (d: number) => {
    scanned++;
    if (passes && !passes(d)) return false;
    const s = scoreOf(segment, words, d);
    if (s < 0) return false;
    total++;
    heap.push(d, s);
    return !exact && heap.size === k && heap.worstScore >= ceiling;
  };
  if (candidates <= LIST_AT_MOST) {
    const sorted = Int32Array.from(list).sort();
    for (const d of sorted) if (consider(d)) break;
  } else {
    for (let d = 0; d < segment.size && scanned < candidates; d++) if (seen[d] === second && consider(d)) break;
  }
  if (scanned < candidates && scanned > 0) total = Math.round(total + ((candidates - scanned) * total) / scanned);
  return { total, hits: heap.sorted() };
}

/** A document's score for all the words, or -1 when one does not match. */
function scoreOf(segment: Segment, words: Word[], d: number): number {
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
 * The best score any document could reach, per word from the classes and fields its terms
 * occur in. Small ranges are read posting by posting, which also tells whether the
 * whole-title bonus is reachable at all; big ranges use each term's field summary.
 */
function scoreCeiling(segment: Segment, words: Word[]): number {
  const { postingStart, postingDoc, postingField, termFields, titleWords } = segment;
  let ceiling = 0;
  let bonusPossible = true;
  for (const { terms, fields } of words) {
    let best = 0;
    let bonusWord = false;
    for (let r = 0; r < terms.lo.length; r++) {
      const lo = terms.lo[r]!;
      const hi = terms.hi[r]!;
      const cls = terms.cls[r]!;
      if (hi - lo <= 64 && postingStart[hi]! - postingStart[lo]! <= PRECISE_CEILING_POSTINGS) {
        for (let p = postingStart[lo]!; p < postingStart[hi]!; p++) {
          const field = postingField[p]! & fields;
          if (!field) continue;
          best = Math.max(best, cls * CLASS_WEIGHT + FIELD_SCORE[field]!);
          if (cls === EXACT && field & Field.title && titleWords[postingDoc[p]!] === words.length) bonusWord = true;
        }
      } else {
        let present = 0;
        for (let t = lo; t < hi && present !== 15; t++) present |= termFields[t]!;
        const field = present & fields;
        if (field) best = Math.max(best, cls * CLASS_WEIGHT + FIELD_SCORE[field]!);
        if (cls === EXACT && field & Field.title) bonusWord = true;
      }
    }
    ceiling += best;
    if (!bonusWord) bonusPossible = false;
  }
  return bonusPossible ? ceiling + WHOLE_TITLE_BONUS : ceiling;
}

function bestFor(terms: WordTerms, fields: number, forwardTerm: Int32Array, forwardField: Uint8Array, from: number, to: number): number {
  let best = -1;
  for (let i = from; i < to; i++) {
    const field = forwardField[i]! & fields;
    if (field === 0) continue;
    const cls = classOf(terms, forwardTerm[i]!);
    if (cls < 0) continue;
    const s = cls * CLASS_WEIGHT + FIELD_SCORE[field]!;
    if (s > best) best = s;
  }
  return best;
}

/** The k best (higher score, then lower document number), kept in a binary heap whose root is the worst. */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];
  private readonly k: number;
  constructor(k: number) {
    this.k = k;
  }

  /** True when (s1, d1) ranks below (s2, d2). */
  private worse(s1: number, d1: number, s2: number, d2: number) {
    return s1 < s2 || (s1 === s2 && d1 > d2);
  }

  push(doc: number, score: number) {
    const { docs, scores } = this;
    if (this.k <= 0) return;
    if (docs.length === this.k) {
      if (!this.worse(scores[0]!, docs[0]!, score, doc)) return;
      docs[0] = doc;
      scores[0] = score;
      this.down(0);
      return;
    }
    docs.push(doc);
    scores.push(score);
    let i = docs.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(scores[i]!, docs[i]!, scores[parent]!, docs[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number) {
    const { docs, scores } = this;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < docs.length && this.worse(scores[l]!, docs[l]!, scores[worst]!, docs[worst]!)) worst = l;
      if (r < docs.length && this.worse(scores[r]!, docs[r]!, scores[worst]!, docs[worst]!)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }

  private swap(a: number, b: number) {
    const { docs, scores } = this;
    [docs[a], docs[b]] = [docs[b]!, docs[a]!];
    [scores[a], scores[b]] = [scores[b]!, scores[a]!];
  }

  get size() {
    return this.docs.length;
  }

  /** The score of the worst kept hit (the heap's root). */
  get worstScore() {
    return this.scores[0] ?? -1;
  }

  sorted(): SegmentHit[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
