import type { SegmentParts } from './segment.ts';

/** A trie over sorted terms, fed one term at a time, as flat arrays; node 0 is the root. */
export class TrieBuilder {
  private capacity: number;
  private char: Uint16Array<ArrayBuffer>;
  private child: Int32Array<ArrayBuffer>;
  private sibling: Int32Array<ArrayBuffer>;
  private lo: Int32Array<ArrayBuffer>;
  private hi: Int32Array<ArrayBuffer>;
  /** A node's most recent child, while building. */
  private readonly last: number[] = [-1];
  private count = 1;
  /** path[depth] = node for the current term's prefix of that length. */
  private readonly path: number[] = [0];
  private previous = '';
  private t = 0;
  private readonly termCount: number;

  constructor(termCount: number) {
    this.termCount = termCount;
    this.capacity = Math.max(16, termCount * 2);
    this.char = new Uint16Array(this.capacity);
    this.child = new Int32Array(this.capacity).fill(-1);
    this.sibling = new Int32Array(this.capacity).fill(-1);
    this.lo = new Int32Array(this.capacity);
    this.hi = new Int32Array(this.capacity);
    this.hi[0] = termCount;
  }

  add(term: string) {
    const { path, previous, last } = this;
    const t = this.t++;
    let common = 0;
    while (common < term.length && common < previous.length && term.charCodeAt(common) === previous.charCodeAt(common)) common++;
    for (let depth = path.length - 1; depth > common; depth--) this.hi[path[depth]!] = t;
    path.length = common + 1;
    for (let depth = common; depth < term.length; depth++) {
      if (this.count === this.capacity) this.grow();
      const node = this.count++;
      const parent = path[depth]!;
      this.char[node] = term.charCodeAt(depth);
      this.lo[node] = t;
      const before = last[parent]!;
      if (before < 0) this.child[parent] = node;
      else this.sibling[before] = node;
      last[parent] = node;
      last[node] = -1;
      path.push(node);
    }
    this.previous = term;
  }

  finish(): Pick<SegmentParts, 'nodeChar' | 'nodeChild' | 'nodeSibling' | 'nodeLo' | 'nodeHi'> {
    for (let depth = this.path.length - 1; depth > 0; depth--) this.hi[this.path[depth]!] = this.termCount;
    const count = this.count;
    return {
      nodeChar: this.char.slice(0, count),
      nodeChild: this.child.slice(0, count),
      nodeSibling: this.sibling.slice(0, count),
      nodeLo: this.lo.slice(0, count),
      nodeHi: this.hi.slice(0, count),
    };
  }

  private grow() {
    this.capacity *= 2;
    const char = new Uint16Array(this.capacity);
    char.set(this.char);
    this.char = char;
    const bigger = (array: Int32Array<ArrayBuffer>, fillWith: number) => {
      const to = new Int32Array(this.capacity).fill(fillWith);
      to.set(array);
      return to;
    };
    this.child = bigger(this.child, -1);
    this.sibling = bigger(this.sibling, -1);
    this.lo = bigger(this.lo, 0);
    this.hi = bigger(this.hi, 0);
  }
}
