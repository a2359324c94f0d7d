import type { SearchDocument, SearchKind } from './documents.ts';
import { indexTokens } from './normalize.ts';
import { Field, TEXT_FIELDS } from './query-parser.ts';
import { Segment, type SegmentParts } from './segment.ts';
import { packStrings } from './packed-strings.ts';
import { nextTurn, runNow, runSliced, type SlicedOptions } from './run-steps.ts';
import { sortedIndices } from './sliced-sort.ts';
import { TrieBuilder } from './trie-build.ts';

export { runNow, runSliced, type SlicedOptions };

/**
 * Building a segment in steps. Documents are tokenised as they arrive (so the documents
 * themselves need not be kept), then `finish()` numbers them, sorts the terms and lays out
 * the arrays. Every step is a generator that yields after a bounded amount of work: run it
 * at once for a small segment (`Segment.of`), or with pauses so that building the index of
 * a million tracks never holds the event loop for long (`buildSegment`).
 */

/** Work between two points where a sliced build may pause (documents, terms or postings). */
const CHUNK = 4096;

/** Which field bits a document's texts are indexed under, per kind (an artist's name is its artist field too). */
function fieldsOf(kind: SearchKind) {
  return {
    title: kind === 'artist' ? Field.title | Field.artist : kind === 'album' ? Field.title | Field.album : Field.title,
    artists: Field.artist,
    album: Field.album,
    genre: Field.genre,
  };
}

/** An append-only list of small integers in a typed array that doubles when full. */
class IntList<A extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>> {
  length = 0;
  data: A;
  constructor(data: A) {
    this.data = data;
  }
  push(value: number) {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => A)(Math.max(16, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/** Calls `fn` over [0, n) in chunks, yielding between them. */
function* inChunks(n: number, fn: (from: number, to: number) => void): Generator<void> {
  for (let at = 0; at < n; at += CHUNK) {
    fn(at, Math.min(n, at + CHUNK));
    yield;
  }
}

export class SegmentBuilder {
  private readonly fields: ReturnType<typeof fieldsOf>;
  private readonly ids: string[] = [];
  private readonly popularity: number[] = [];
  private readonly year: number[] = [];
  private readonly titleWords: number[] = [];
  /** Per document: its audience when not public. */
  private readonly audience = new Map<number, string[]>();
  /** Terms in first-seen order, and their provisional numbers. */
  private readonly termList: string[] = [];
  private readonly termNumber = new Map<string, number>();
  private readonly forwardStart = new IntList(new Int32Array(1024));
  private readonly forwardTerm = new IntList(new Int32Array(1024));
  private readonly forwardField = new IntList(new Uint8Array(1024));
  private readonly perDoc = new Map<string, number>();

  constructor(kind: SearchKind) {
    this.fields = fieldsOf(kind);
    this.forwardStart.push(0);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Tokenises one document (provisional number: the order of arrival). */
  add(doc: SearchDocument) {
    const { perDoc, fields } = this;
    perDoc.clear();
    const add = (text: string | undefined, field: number) => {
      if (!text) return 0;
      const { tokens, words } = indexTokens(text);
      for (const token of tokens) perDoc.set(token, (perDoc.get(token) ?? 0) | field);
      return words;
    };
    const titleWords = Math.min(255, add(doc.title, fields.title));
    for (const name of doc.names ?? []) add(name, fields.title);
    for (const artist of doc.artists) add(artist, fields.artists);
    add(doc.album, fields.album);
    for (const genre of doc.genres ?? []) add(genre, fields.genre);
    for (const [token, field] of perDoc) {
      let t = this.termNumber.get(token);
      if (t === undefined) {
        t = this.termList.length;
        this.termNumber.set(token, t);
        this.termList.push(token);
      }
      this.forwardTerm.push(t);
      this.forwardField.push(field);
    }
    this.forwardStart.push(this.forwardTerm.length);
    if (doc.visibility && !doc.visibility.public) this.audience.set(this.ids.length, [...(doc.visibility.users ?? [])]);
    this.ids.push(doc.id);
    this.popularity.push(doc.popularity ?? 0);
    this.year.push(doc.year ?? 0);
    this.titleWords.push(titleWords);
  }

  /**
   * Numbers the documents by (popularity desc, id asc) and the terms in sorted order, and
   * lays out postings, forward index and trie. Yields between bounded pieces of work.
   */
  *finish(): Generator<void, SegmentParts & { ids: string[] }> {
    const n = this.ids.length;
    const { ids: provisionalIds, popularity: provisionalPopularity, termList } = this;
    this.termNumber.clear();
    const order = yield* sortedIndices(
      n,
      (a, b) =>
        provisionalPopularity[b]! - provisionalPopularity[a]! ||
        (provisionalIds[a]! < provisionalIds[b]! ? -1 : provisionalIds[a]! > provisionalIds[b]! ? 1 : 0),
    );
    const termOrder = yield* sortedIndices(termList.length, (a, b) => (termList[a]! < termList[b]! ? -1 : 1));
    const termCount = termList.length;
    const final = new Int32Array(termCount);
    const terms: string[] = new Array<string>(termCount);
    yield* inChunks(termCount, (from, to) => {
      for (let i = from; i < to; i++) {
        final[termOrder[i]!] = i;
        terms[i] = termList[termOrder[i]!]!;
      }
    });

    // Documents in their final order, with their forward entries renumbered.
    const ids: string[] = new Array<string>(n);
    const popularity = new Float64Array(n);
    const year = new Int16Array(n);
    const titleWords = new Uint8Array(n);
    const audience = new Int32Array(n).fill(-1);
    const audiences: string[][] = [];
    const entries = this.forwardTerm.length;
    const forwardStart = new Int32Array(n + 1);
    const forwardTerm = new Int32Array(entries);
    const forwardField = new Uint8Array(entries);
    const fromStart = this.forwardStart.data;
    const fromTerm = this.forwardTerm.data;
    const fromField = this.forwardField.data;
    let at = 0;
    yield* inChunks(n, (from, to) => {
      for (let d = from; d < to; d++) {
        const p = order[d]!;
        ids[d] = provisionalIds[p]!;
        popularity[d] = provisionalPopularity[p]!;
        year[d] = this.year[p]!;
        titleWords[d] = this.titleWords[p]!;
        const users = this.audience.get(p);
        if (users) {
          audience[d] = audiences.length;
          audiences.push(users);
        }
        for (let i = fromStart[p]!; i < fromStart[p + 1]!; i++) {
          forwardTerm[at] = final[fromTerm[i]!]!;
          forwardField[at++] = fromField[i]!;
        }
        forwardStart[d + 1] = at;
      }
    });

    // Postings, filled in document order (so each list is in rank order).
    const postingStart = new Int32Array(termCount + 1);
    const termFields = new Uint8Array(termCount);
    yield* inChunks(entries, (from, to) => {
      for (let i = from; i < to; i++) {
        postingStart[forwardTerm[i]! + 1]! += 1;
        termFields[forwardTerm[i]!]! |= forwardField[i]!;
      }
    });
    for (let t = 0; t < termCount; t++) postingStart[t + 1]! += postingStart[t]!;
    const fill = postingStart.slice(0, termCount);
    const postingDoc = new Int32Array(entries);
    const postingField = new Uint8Array(entries);
    yield* inChunks(n, (from, to) => {
      for (let d = from; d < to; d++) {
        for (let i = forwardStart[d]!; i < forwardStart[d + 1]!; i++) {
          const slot = fill[forwardTerm[i]!]!++;
          postingDoc[slot] = d;
          postingField[slot] = forwardField[i]!;
        }
      }
    });

    const trie = new TrieBuilder(termCount);
    yield* inChunks(termCount, (from, to) => {
      for (let t = from; t < to; t++) trie.add(terms[t]!);
    });
    const nodes = trie.finish();
    const short = yield* countShortPrefixes(nodes, n, termCount, forwardStart, forwardTerm, forwardField);
    const byId = yield* sortedIndices(n, (a, b) => (ids[a]! < ids[b]! ? -1 : 1));
    return {
      ids,
      popularity,
      year,
      titleWords,
      audience,
      audiences,
      terms,
      postingStart,
      postingDoc,
      postingField,
      termFields,
      forwardStart,
      forwardTerm,
      forwardField,
      ...nodes,
      ...short,
      byId,
    };
  }
}

/**
 * For trie nodes of depth 1 and 2: how many documents have a token under them in a
 * free-text field (so typing the first letters needs no counting pass), and every node's depth.
 */
function* countShortPrefixes(
  nodes: Pick<SegmentParts, 'nodeChild' | 'nodeSibling' | 'nodeLo' | 'nodeHi'>,
  n: number,
  termCount: number,
  forwardStart: Int32Array,
  forwardTerm: Int32Array,
  forwardField: Uint8Array,
): Generator<void, Pick<SegmentParts, 'nodeDepth' | 'nodeDocs'>> {
  const { nodeChild, nodeSibling, nodeLo, nodeHi } = nodes;
  const nodeDepth = new Uint8Array(nodeChild.length);
  const nodeDocs = new Int32Array(nodeChild.length);
  const under1 = new Int32Array(termCount).fill(-1);
  const under2 = new Int32Array(termCount).fill(-1);
  for (let a = nodeChild[0]!; a >= 0; a = nodeSibling[a]!) {
    nodeDepth[a] = 1;
    under1.fill(a, nodeLo[a]!, nodeHi[a]!);
    for (let b = nodeChild[a]!; b >= 0; b = nodeSibling[b]!) {
      nodeDepth[b] = 2;
      under2.fill(b, nodeLo[b]!, nodeHi[b]!);
    }
  }
  const seenNode = new Int32Array(nodeDocs.length).fill(-1);
  yield* inChunks(n, (from, to) => {
    for (let d = from; d < to; d++) {
      for (let i = forwardStart[d]!; i < forwardStart[d + 1]!; i++) {
        if ((forwardField[i]! & TEXT_FIELDS) === 0) continue;
        const t = forwardTerm[i]!;
        const one = under1[t]!;
        if (one >= 0 && seenNode[one] !== d) {
          seenNode[one] = d;
          nodeDocs[one]!++;
        }
        const two = under2[t]!;
        if (two >= 0 && seenNode[two] !== d) {
          seenNode[two] = d;
          nodeDocs[two]!++;
        }
      }
    }
  });
  return { nodeDepth, nodeDocs };
}

/**
 * Builds a segment from batches of documents (as read from the table) without holding the
 * event loop for more than about `sliceMs` at a time: documents are tokenised as they
 * arrive and dropped, then the layout runs in slices.
 */
export async function buildSegment(
  kind: SearchKind,
  batches: AsyncIterable<readonly SearchDocument[]> | Iterable<readonly SearchDocument[]>,
  options: SlicedOptions = {},
): Promise<Segment> {
  const sliceMs = options.sliceMs ?? 10;
  const builder = new SegmentBuilder(kind);
  let started = performance.now();
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      builder.add(batch[i]!);
      if ((i & 127) === 127 && performance.now() - started >= sliceMs) {
        await nextTurn();
        options.signal?.throwIfAborted();
        started = performance.now();
      }
    }
  }
  const parts = await runSliced(builder.finish(), options);
  // A large segment keeps its ids packed: one byte array instead of a string per document.
  return new Segment({ ...parts, ids: await runSliced(packStrings(parts.ids as string[]), options) });
}

/** Builds a segment at once (small segments of recent changes, tests). */
export function segmentOf(kind: SearchKind, docs: readonly SearchDocument[]): Segment {
  const builder = new SegmentBuilder(kind);
  for (const doc of docs) builder.add(doc);
  return new Segment(runNow(builder.finish()));
}
