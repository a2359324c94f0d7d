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
  const passes = (d: number) =>
    (dead === undefined || dead[d] === 0) &&
    (query.year === undefined || (segment.year[d]! >= yearFrom && segment.year[d]! <= yearTo)) &&
    (segment.audience[d]! < 0 || segment.visible(d, userId));

  if (query.words.length === 0) {
    // Only filters: every passing document, already in rank order.
    let total = 0;
    for (let d = 0; d < segment.size; d++) {
      if (!passes(d)) continue;
      if (total < k) heap.push(d, 0);
      total++;
    }
    return { total, hits: heap.sorted() };
  }

  const words = query.words.map((w) => ({ fields: w.fields, terms: matchWord(segment, w.text, allowedEdits(w.text)) }));
  if (words.some((w) => w.terms.lo.length === 0)) return { total: 0, hits: [] };
  let driver = 0;
  for (let i = 1; i < words.length; i++) if (words[i]!.terms.postings < words[driver]!.terms.postings) driver = i;

  const stamp = ++segment.stamp;
  const { seen, scratchScore: score, postingStart, postingDoc, postingField, titleWords } = segment;
  let total = 0;

  if (words.length === 1) {
    // One word: score straight from the postings, keeping each document's best.
    const { terms, fields } = words[0]!;
    const touched: number[] = [];
    for (let r = 0; r < terms.lo.length; r++) {
      const cls = terms.cls[r]!;
      const from = postingStart[terms.lo[r]!]!;
      const to = postingStart[terms.hi[r]!]!;
      for (let p = from; p < to; p++) {
        const field = postingField[p]! & fields;
        if (field === 0) continue;
        const d = postingDoc[p]!;
        const s = cls * CLASS_WEIGHT + FIELD_SCORE[field]! + (cls === EXACT && field & Field.title && titleWords[d] === 1 ? WHOLE_TITLE_BONUS : 0);
        if (seen[d] !== stamp) {
          seen[d] = stamp;
          if (!passes(d)) {
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

  // Several words: walk the cheapest word's postings, check the others in the forward index.
  const { forwardStart, forwardTerm, forwardField } = segment;
  const driverTerms = words[driver]!.terms;
  for (let r = 0; r < driverTerms.lo.length; r++) {
    const from = postingStart[driverTerms.lo[r]!]!;
    const to = postingStart[driverTerms.hi[r]!]!;
    for (let p = from; p < to; p++) {
      const d = postingDoc[p]!;
      if (seen[d] === stamp) continue;
      seen[d] = stamp;
      if (!passes(d)) continue;
      let sum = 0;
      let allTitleExact = true;
      for (let w = 0; w < words.length && sum >= 0; w++) {
        const best = bestFor(words[w]!.terms, words[w]!.fields, forwardTerm, forwardField, forwardStart[d]!, forwardStart[d + 1]!);
        if (best < 0) sum = -1;
        else {
          sum += best;
          if (best !== BEST_WORD) allTitleExact = false;
        }
      }
      if (sum < 0) continue;
      if (allTitleExact && titleWords[d] === words.length) sum += WHOLE_TITLE_BONUS;
      total++;
      heap.push(d, sum);
    }
  }
  return { total, hits: heap.sorted() };
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

  sorted(): SegmentHit[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
