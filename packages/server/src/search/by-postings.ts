import type { Filter, SegmentResult, Word } from './evaluate.ts';
import { BEST_WORD, CLASS_WEIGHT, FIELD_SCORE, WHOLE_TITLE_BONUS } from './scores.ts';
import type { Segment } from './segment.ts';
import type { TopK } from './top-k.ts';
import { scoreOf } from './forward-score.ts';

/** Checking a candidate through the forward index costs about this many postings read. */
const FORWARD_RATIO = 25;

/**
 * Several words scored straight from their postings, word by word (cheapest first): a
 * document stays a candidate while every word so far matched it, and its score is the sum
 * of each word's best posting — what scoring it through the forward index gives. The cost
 * is the words' postings, however many candidates there are ("sasonzy be": 39k candidates
 * that the forward index would score one by one), and the total is exact.
 */
export function byPostings(segment: Segment, words: Word[], passes: Filter, heap: TopK): SegmentResult {
  const { seen, postingStart, postingDoc, postingField, titleWords, scratchScore: sum, scratchBest: best, scratchDocs: list } = segment;
  let previous = -1;
  let count = 0;
  for (let w = 0; w < words.length; w++) {
    const { terms, fields } = words[w]!;
    // A word far broader than the candidates left ("ryrbu tom r"): each posting would be a
    // random read of a large array, so the candidates are checked through the forward index.
    if (w > 0 && terms.postings > FORWARD_RATIO * count) {
      let total = 0;
      for (let i = 0; i < count; i++) {
        const s = scoreOf(segment, words, list[i]!);
        if (s < 0) continue;
        total++;
        heap.push(list[i]!, s);
      }
      return { total, hits: heap.sorted() };
    }
    const current = ++segment.stamp;
    let next = 0;
    for (let r = 0; r < terms.lo.length; r++) {
      const weight = terms.cls[r]! * CLASS_WEIGHT;
      const to = postingStart[terms.hi[r]!]!;
      for (let p = postingStart[terms.lo[r]!]!; p < to; p++) {
        const field = postingField[p]! & fields;
        if (field === 0) continue;
        const d = postingDoc[p]!;
        const s = weight + FIELD_SCORE[field]!;
        const mark = seen[d]!;
        if (mark === current) {
          if (s > best[d]!) best[d] = s;
        } else if (w === 0 ? !passes || passes(d) : mark === previous) {
          seen[d] = current;
          best[d] = s;
          list[next++] = d;
        }
      }
    }
    // The candidates of earlier words are known only by their mark, so the list is rewritten in place.
    for (let i = 0; i < next; i++) {
      const d = list[i]!;
      sum[d] = w === 0 ? best[d]! : sum[d]! + best[d]!;
    }
    count = next;
    previous = current;
    if (count === 0) break;
  }
  const perfect = words.length * BEST_WORD;
  for (let i = 0; i < count; i++) {
    const d = list[i]!;
    const s = sum[d]!;
    heap.push(d, s === perfect && titleWords[d] === words.length ? s + WHOLE_TITLE_BONUS : s);
  }
  return { total: count, hits: heap.sorted() };
}
