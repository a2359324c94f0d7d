import type { Segment } from './segment.ts';

/** How well a term matches a query word; higher is better. */
export const EXACT = 2;
export const PREFIX = 1;
export const FUZZY = 0;

/**
 * The terms of one segment that match one query word: disjoint, sorted ranges of term
 * numbers, each with a match class, plus how many postings they hold (to pick the
 * cheapest word to drive the search).
 */
export interface WordTerms {
  /** The trie node of the word itself (its prefix range), or -1. */
  node: number;
  lo: number[];
  hi: number[];
  cls: number[];
  postings: number;
}

/** Finds the terms matching `word`: exactly, as a prefix, or within `edits` typos (first letter kept). */
export function matchWord(segment: Segment, word: string, edits: number): WordTerms {
  const fuzzy = edits > 0 ? fuzzyRanges(segment, word, edits) : [];
  let node = 0;
  for (let i = 0; i < word.length && node >= 0; i++) node = childOf(segment, node, word.charCodeAt(i));
  const ranges: Array<[number, number, number]> = [];
  if (node >= 0) {
    const lo = segment.nodeLo[node]!;
    const hi = segment.nodeHi[node]!;
    const exact = segment.terms[lo] === word ? 1 : 0;
    if (exact) ranges.push([lo, lo + 1, EXACT]);
    if (lo + exact < hi) ranges.push([lo + exact, hi, PREFIX]);
    for (const [flo, fhi] of fuzzy) {
      // A fuzzy range can hold the prefix range ("kat*" holds "kate*"); keep the better class there.
      if (flo <= lo && hi <= fhi) {
        if (flo < lo) ranges.push([flo, lo, FUZZY]);
        if (hi < fhi) ranges.push([hi, fhi, FUZZY]);
      } else ranges.push([flo, fhi, FUZZY]);
    }
  } else {
    for (const [flo, fhi] of fuzzy) ranges.push([flo, fhi, FUZZY]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const result: WordTerms = { node, lo: [], hi: [], cls: [], postings: 0 };
  for (const [lo, hi, cls] of ranges) {
    result.lo.push(lo);
    result.hi.push(hi);
    result.cls.push(cls);
    result.postings += segment.postingStart[hi]! - segment.postingStart[lo]!;
  }
  return result;
}

/** The match class of term `t` for a word, or -1. */
export function classOf(terms: WordTerms, t: number): number {
  const { lo, hi, cls } = terms;
  let a = 0;
  let b = lo.length - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    if (t < lo[mid]!) b = mid - 1;
    else if (t >= hi[mid]!) a = mid + 1;
    else return cls[mid]!;
  }
  return -1;
}

function childOf(segment: Segment, node: number, char: number): number {
  for (let c = segment.nodeChild[node]!; c >= 0; c = segment.nodeSibling[c]!) {
    if (segment.nodeChar[c] === char) return c;
  }
  return -1;
}

/**
 * Term ranges whose some prefix is within `edits` edits of `word` (optimal string alignment
 * distance: insert, delete, substitute, swap two neighbours), by walking the trie with one
 * row of the edit-distance table per depth and pruning branches that can no longer match.
 * The first letter must be right: it keeps the candidates few and is rarely the typo.
 * A node whose path equals `word` is left out (that is the prefix range).
 */
function fuzzyRanges(segment: Segment, word: string, edits: number): Array<[number, number]> {
  const m = word.length;
  const start = childOf(segment, 0, word.charCodeAt(0));
  if (start < 0) return [];
  const maxDepth = m + edits;
  const width = m + 1;
  const rows = new Int32Array((maxDepth + 1) * width);
  const pathChar = new Int32Array(maxDepth + 1);
  for (let j = 0; j <= m; j++) rows[j] = j;
  const out: Array<[number, number]> = [];
  const stackNode: number[] = [start];
  const stackDepth: number[] = [1];
  while (stackNode.length) {
    const node = stackNode.pop()!;
    const depth = stackDepth.pop()!;
    const char = segment.nodeChar[node]!;
    pathChar[depth] = char;
    const row = depth * width;
    const up = row - width;
    rows[row] = depth;
    let best = depth;
    for (let j = 1; j <= m; j++) {
      const wj = word.charCodeAt(j - 1);
      let v = Math.min(rows[up + j]! + 1, rows[row + j - 1]! + 1, rows[up + j - 1]! + (wj === char ? 0 : 1));
      if (depth > 1 && j > 1 && wj === pathChar[depth - 1] && word.charCodeAt(j - 2) === char) {
        v = Math.min(v, rows[up - width + j - 2]! + 1);
      }
      rows[row + j] = v;
      if (v < best) best = v;
    }
    const distance = rows[row + m]!;
    if (distance <= edits) {
      if (distance > 0) out.push([segment.nodeLo[node]!, segment.nodeHi[node]!]);
      continue;
    }
    if (best > edits || depth >= maxDepth) continue;
    for (let c = segment.nodeChild[node]!; c >= 0; c = segment.nodeSibling[c]!) {
      stackNode.push(c);
      stackDepth.push(depth + 1);
    }
  }
  return out;
}
