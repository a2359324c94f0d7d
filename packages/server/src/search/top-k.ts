import type { SegmentHit } from './evaluate.ts';

/** The k best (higher score, then lower document number), kept in a binary heap whose root is the worst. */
export class TopK {
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

  /**
   * True when no document after `d` in rank order, scoring at most `ceiling`, can enter:
   * the heap is full and its worst beats that ceiling, or ties it while ranking before `d`.
   */
  cannotImprove(ceiling: number, d: number): boolean {
    if (this.docs.length < this.k) return false;
    const worst = this.scores[0]!;
    return worst > ceiling || (worst === ceiling && this.docs[0]! < d);
  }

  sorted(): SegmentHit[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
