import type { SearchDocument, SearchKind } from './documents.ts';
import { indexTokens } from './normalize.ts';
import { Field, TEXT_FIELDS } from './query-parser.ts';

/** Which field bits a document's texts are indexed under, per kind (an artist's name is its artist field too). */
function fieldsOf(kind: SearchKind) {
  return {
    title: kind === 'artist' ? Field.title | Field.artist : kind === 'album' ? Field.title | Field.album : Field.title,
    artists: Field.artist,
    album: Field.album,
    genre: Field.genre,
  };
}

/**
 * An immutable, in-memory inverted index over documents of one kind, in flat typed arrays
 * (a few bytes per posting, no per-document objects):
 *
 * - documents are numbered by (popularity desc, id asc), so within a segment a smaller
 *   number always wins a tie — no string compares while ranking;
 * - `terms` is sorted, so every prefix is a contiguous range of term numbers;
 * - postings (term → documents, with field bits) and the forward index (document → terms,
 *   with field bits) are CSR arrays;
 * - a trie over the terms (also flat arrays) drives typo-tolerant matching; each node
 *   knows the range of terms below it.
 */
export class Segment {
  readonly size: number;
  readonly ids: string[];
  readonly popularity: Float64Array;
  readonly year: Int16Array;
  /** Number of words in the title, for the "whole title matched" bonus. */
  readonly titleWords: Uint8Array;
  /** -1: public; else an index into `audiences`. */
  readonly audience: Int32Array;
  readonly audiences: string[][];
  readonly terms: string[];
  readonly postingStart: Int32Array;
  readonly postingDoc: Int32Array;
  readonly postingField: Uint8Array;
  /** Every field bit a term occurs with, over all its postings (bounds the best possible score). */
  readonly termFields: Uint8Array;
  readonly forwardStart: Int32Array;
  readonly forwardTerm: Int32Array;
  readonly forwardField: Uint8Array;
  /** Trie nodes: the code unit on the edge into the node, first child, next sibling, term range [lo, hi). */
  readonly nodeChar: Uint16Array;
  readonly nodeChild: Int32Array;
  readonly nodeSibling: Int32Array;
  readonly nodeLo: Int32Array;
  readonly nodeHi: Int32Array;
  /**
   * For trie nodes of depth 1 and 2 (one- and two-letter prefixes): how many documents
   * have a token under them in a free-text field, so typing the first letters needs no
   * counting pass. 0 for deeper nodes.
   */
  readonly nodeDocs: Int32Array;
  /** Depth of each trie node (0 for the root). */
  readonly nodeDepth: Uint8Array;
  /** Document numbers sorted by id, to find a document by id. */
  private readonly byId: Int32Array;
  /** Scratch space for queries: a stamp per document (seen in this query) and its best score. */
  readonly seen: Int32Array;
  readonly scratchScore: Int16Array;
  /** Scratch list of document numbers for one query (reused: no garbage per keystroke). */
  readonly scratchDocs: Int32Array;
  stamp = 0;

  constructor(kind: SearchKind, input: readonly SearchDocument[]) {
    const docs = [...input].sort((a, b) => (b.popularity ?? 0) - (a.popularity ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const n = docs.length;
    this.size = n;
    this.ids = docs.map((d) => d.id);
    this.popularity = Float64Array.from(docs, (d) => d.popularity ?? 0);
    this.year = Int16Array.from(docs, (d) => d.year ?? 0);
    this.titleWords = new Uint8Array(n);
    this.audience = new Int32Array(n).fill(-1);
    this.audiences = [];
    this.seen = new Int32Array(n);
    this.scratchScore = new Int16Array(n);
    this.scratchDocs = new Int32Array(n);

    // Pass 1: tokens of every document, with provisional term numbers in first-seen order.
    const provisional = new Map<string, number>();
    const forwardStart = new Int32Array(n + 1);
    const forwardTerm: number[] = [];
    const forwardField: number[] = [];
    const fields = fieldsOf(kind);
    const perDoc = new Map<string, number>();
    for (let d = 0; d < n; d++) {
      const doc = docs[d]!;
      perDoc.clear();
      const add = (text: string | undefined, field: number) => {
        if (!text) return 0;
        const { tokens, words } = indexTokens(text);
        for (const token of tokens) perDoc.set(token, (perDoc.get(token) ?? 0) | field);
        return words;
      };
      this.titleWords[d] = Math.min(255, add(doc.title, fields.title));
      for (const name of doc.names ?? []) add(name, fields.title);
      for (const artist of doc.artists) add(artist, fields.artists);
      add(doc.album, fields.album);
      for (const genre of doc.genres ?? []) add(genre, fields.genre);
      for (const [token, field] of perDoc) {
        let t = provisional.get(token);
        if (t === undefined) provisional.set(token, (t = provisional.size));
        forwardTerm.push(t);
        forwardField.push(field);
      }
      forwardStart[d + 1] = forwardTerm.length;
      if (doc.visibility && !doc.visibility.public) {
        this.audience[d] = this.audiences.length;
        this.audiences.push([...(doc.visibility.users ?? [])]);
      }
    }

    // Pass 2: sort the terms so prefixes become ranges, and renumber.
    const unsorted = [...provisional.keys()];
    const order = unsorted.map((_, i) => i).sort((a, b) => (unsorted[a]! < unsorted[b]! ? -1 : 1));
    const final = new Int32Array(order.length);
    order.forEach((p, i) => (final[p] = i));
    this.terms = order.map((p) => unsorted[p]!);
    this.forwardStart = forwardStart;
    this.forwardTerm = Int32Array.from(forwardTerm, (t) => final[t]!);
    this.forwardField = Uint8Array.from(forwardField);

    // Pass 3: postings, filled in document order (so each list is in rank order).
    const termCount = this.terms.length;
    const postingStart = new Int32Array(termCount + 1);
    for (const t of this.forwardTerm) postingStart[t + 1]! += 1;
    for (let t = 0; t < termCount; t++) postingStart[t + 1]! += postingStart[t]!;
    const fill = postingStart.slice(0, termCount);
    this.postingDoc = new Int32Array(this.forwardTerm.length);
    this.postingField = new Uint8Array(this.forwardTerm.length);
    for (let d = 0; d < n; d++) {
      for (let i = forwardStart[d]!; i < forwardStart[d + 1]!; i++) {
        const t = this.forwardTerm[i]!;
        const at = fill[t]!++;
        this.postingDoc[at] = d;
        this.postingField[at] = this.forwardField[i]!;
      }
    }
    this.postingStart = postingStart;
    this.termFields = new Uint8Array(termCount);
    for (let i = 0; i < this.forwardTerm.length; i++) this.termFields[this.forwardTerm[i]!]! |= this.forwardField[i]!;

    const trie = buildTrie(this.terms);
    this.nodeChar = trie.char;
    this.nodeChild = trie.child;
    this.nodeSibling = trie.sibling;
    this.nodeLo = trie.lo;
    this.nodeHi = trie.hi;

    this.nodeDepth = new Uint8Array(this.nodeChar.length);
    this.nodeDocs = new Int32Array(this.nodeChar.length);
    this.countShortPrefixes();

    this.byId = Int32Array.from(this.ids.map((_, i) => i).sort((a, b) => (this.ids[a]! < this.ids[b]! ? -1 : 1)));
  }

  private countShortPrefixes() {
    const { nodeChild, nodeSibling, nodeLo, nodeHi, nodeDepth, nodeDocs } = this;
    const under = [new Int32Array(this.terms.length).fill(-1), new Int32Array(this.terms.length).fill(-1)];
    for (let a = nodeChild[0]!; a >= 0; a = nodeSibling[a]!) {
      nodeDepth[a] = 1;
      under[0]!.fill(a, nodeLo[a]!, nodeHi[a]!);
      for (let b = nodeChild[a]!; b >= 0; b = nodeSibling[b]!) {
        nodeDepth[b] = 2;
        under[1]!.fill(b, nodeLo[b]!, nodeHi[b]!);
      }
    }
    const seenNode = new Int32Array(nodeDocs.length).fill(-1);
    for (let d = 0; d < this.size; d++) {
      for (let i = this.forwardStart[d]!; i < this.forwardStart[d + 1]!; i++) {
        if ((this.forwardField[i]! & TEXT_FIELDS) === 0) continue;
        for (const level of under) {
          const node = level[this.forwardTerm[i]!]!;
          if (node >= 0 && seenNode[node] !== d) {
            seenNode[node] = d;
            nodeDocs[node]!++;
          }
        }
      }
    }
  }

  /** The document number of an id, or -1. */
  find(id: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.ids[this.byId[mid]!]!;
      if (at === id) return this.byId[mid]!;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** True when a document may be shown to this user. */
  visible(doc: number, userId: string | undefined): boolean {
    const a = this.audience[doc]!;
    return a < 0 || (userId !== undefined && this.audiences[a]!.includes(userId));
  }

  /** Approximate bytes held by the typed arrays and strings of this segment. */
  bytes(): number {
    const arrays = [
      this.popularity, this.year, this.titleWords, this.termFields, this.audience, this.postingStart, this.postingDoc, this.postingField,
      this.forwardStart, this.forwardTerm, this.forwardField, this.nodeChar, this.nodeChild, this.nodeSibling, this.nodeLo,
      this.nodeHi, this.nodeDocs, this.nodeDepth, this.byId, this.seen, this.scratchScore, this.scratchDocs,
    ];
    let total = arrays.reduce((sum, a) => sum + a.byteLength, 0);
    // V8 keeps short one-byte strings at about 16 bytes of header plus their characters, and 8 bytes per array slot.
    for (const id of this.ids) total += 24 + id.length;
    for (const term of this.terms) total += 24 + term.length * 2;
    return total;
  }
}

/** A trie over sorted terms, as flat arrays; node 0 is the root. */
function buildTrie(terms: string[]) {
  let capacity = Math.max(16, terms.length * 2);
  let char = new Uint16Array(capacity);
  let child = new Int32Array(capacity).fill(-1);
  let sibling = new Int32Array(capacity).fill(-1);
  let lo = new Int32Array(capacity);
  let hi = new Int32Array(capacity);
  const last: number[] = [-1]; // a node's most recent child, while building
  let count = 1;
  hi[0] = terms.length;
  const path: number[] = [0]; // path[depth] = node for the current term's prefix of that length
  let previous = '';
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!;
    let common = 0;
    while (common < term.length && common < previous.length && term.charCodeAt(common) === previous.charCodeAt(common)) common++;
    for (let depth = path.length - 1; depth > common; depth--) hi[path[depth]!] = t;
    path.length = common + 1;
    for (let depth = common; depth < term.length; depth++) {
      if (count === capacity) {
        capacity *= 2;
        const bigger = new Uint16Array(capacity);
        bigger.set(char);
        char = bigger;
        child = grow(child, capacity, -1);
        sibling = grow(sibling, capacity, -1);
        lo = grow(lo, capacity, 0);
        hi = grow(hi, capacity, 0);
      }
      const node = count++;
      const parent = path[depth]!;
      char[node] = term.charCodeAt(depth);
      lo[node] = t;
      const before = last[parent]!;
      if (before < 0) child[parent] = node;
      else sibling[before] = node;
      last[parent] = node;
      last[node] = -1;
      path.push(node);
    }
    previous = term;
  }
  for (let depth = path.length - 1; depth > 0; depth--) hi[path[depth]!] = terms.length;
  return { char: char.slice(0, count), child: child.slice(0, count), sibling: sibling.slice(0, count), lo: lo.slice(0, count), hi: hi.slice(0, count) };
}

function grow(array: Int32Array<ArrayBuffer>, capacity: number, fillWith: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(capacity).fill(fillWith);
  bigger.set(array);
  return bigger;
}
