import { stringAt, unpackStrings, type PackedStrings } from './packed-strings.ts';
import { runNow } from './run-steps.ts';

/**
 * The arrays of a segment, as a SegmentBuilder lays them out (documents and terms in their
 * final numbering); ids as strings (small segments) or packed (large ones: packed-strings.ts).
 */
export type SegmentParts = Pick<
  Segment,
  | 'popularity'
  | 'year'
  | 'titleWords'
  | 'audience'
  | 'audiences'
  | 'terms'
  | 'postingStart'
  | 'postingDoc'
  | 'postingField'
  | 'termFields'
  | 'forwardStart'
  | 'forwardTerm'
  | 'forwardField'
  | 'nodeChar'
  | 'nodeChild'
  | 'nodeSibling'
  | 'nodeLo'
  | 'nodeHi'
  | 'nodeDocs'
  | 'nodeDepth'
> & { ids: readonly string[] | PackedStrings; byId: Int32Array };

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
  /** The documents' ids: as strings, or packed (then read one at a time: `id(doc)`). */
  private readonly idList: readonly string[] | undefined;
  readonly packedIds: PackedStrings | undefined;
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
  /** Scratch: a document's best score for the word being scored (by-postings.ts). */
  readonly scratchBest: Int16Array;
  /** Scratch list of document numbers for one query (reused: no garbage per keystroke). */
  readonly scratchDocs: Int32Array;
  stamp = 0;

  /** A segment over parts laid out by a SegmentBuilder (see segment-build.ts: `segmentOf`, `buildSegment`). */
  constructor(parts: SegmentParts) {
    if ('bytes' in parts.ids) {
      this.packedIds = parts.ids;
      this.size = parts.ids.start.length - 1;
    } else {
      this.idList = parts.ids;
      this.size = parts.ids.length;
    }
    this.popularity = parts.popularity;
    this.year = parts.year;
    this.titleWords = parts.titleWords;
    this.audience = parts.audience;
    this.audiences = parts.audiences;
    this.terms = parts.terms;
    this.postingStart = parts.postingStart;
    this.postingDoc = parts.postingDoc;
    this.postingField = parts.postingField;
    this.termFields = parts.termFields;
    this.forwardStart = parts.forwardStart;
    this.forwardTerm = parts.forwardTerm;
    this.forwardField = parts.forwardField;
    this.nodeChar = parts.nodeChar;
    this.nodeChild = parts.nodeChild;
    this.nodeSibling = parts.nodeSibling;
    this.nodeLo = parts.nodeLo;
    this.nodeHi = parts.nodeHi;
    this.nodeDocs = parts.nodeDocs;
    this.nodeDepth = parts.nodeDepth;
    this.byId = parts.byId;
    this.seen = new Int32Array(this.size);
    this.scratchScore = new Int16Array(this.size);
    this.scratchBest = new Int16Array(this.size);
    this.scratchDocs = new Int32Array(this.size);
  }

  /** The typed arrays this segment was made of (to save it: segment-file.ts). */
  parts(): Omit<SegmentParts, 'ids' | 'terms' | 'audiences'> {
    const { popularity, year, titleWords, audience, postingStart, postingDoc, postingField, termFields, forwardStart, forwardTerm, forwardField } = this;
    const { nodeChar, nodeChild, nodeSibling, nodeLo, nodeHi, nodeDocs, nodeDepth, byId } = this;
    return {
      popularity,
      year,
      titleWords,
      audience,
      postingStart,
      postingDoc,
      postingField,
      termFields,
      forwardStart,
      forwardTerm,
      forwardField,
      nodeChar,
      nodeChild,
      nodeSibling,
      nodeLo,
      nodeHi,
      nodeDocs,
      nodeDepth,
      byId,
    };
  }

  /** The id of a document. */
  id(doc: number): string {
    return this.idList ? this.idList[doc]! : stringAt(this.packedIds!, doc);
  }

  /** Every document's id, in document order (made for the caller when they are packed). */
  get ids(): readonly string[] {
    return this.idList ?? runNow(unpackStrings(this.packedIds!));
  }

  /** The document number of an id, or -1. */
  find(id: string): number {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.id(this.byId[mid]!);
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
      this.popularity,
      this.year,
      this.titleWords,
      this.termFields,
      this.audience,
      this.postingStart,
      this.postingDoc,
      this.postingField,
      this.forwardStart,
      this.forwardTerm,
      this.forwardField,
      this.nodeChar,
      this.nodeChild,
      this.nodeSibling,
      this.nodeLo,
      this.nodeHi,
      this.nodeDocs,
      this.nodeDepth,
      this.byId,
      this.seen,
      this.scratchScore,
      this.scratchBest,
      this.scratchDocs,
    ];
    let total = arrays.reduce((sum, a) => sum + a.byteLength, 0);
    // V8 keeps short one-byte strings at about 16 bytes of header plus their characters, and 8 bytes per array slot.
    if (this.packedIds) total += this.packedIds.bytes.byteLength + this.packedIds.start.byteLength;
    else for (const id of this.idList!) total += 24 + id.length;
    for (const term of this.terms) total += 24 + term.length * 2;
    return total;
  }
}
