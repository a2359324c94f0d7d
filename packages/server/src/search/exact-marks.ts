import type { SearchDocument } from './documents.ts';
import { fold } from './normalize.ts';

/**
 * Search is language-neutral (`o` finds `ö`), but a Swedish listener who types `ö` means
 * that letter: å, ä and ö are letters of their own in Swedish, not accented a and o. For
 * them, hits that hold the words as typed (marks and all) come first; the rest keep their
 * order behind them.
 */

/** Exact-match preference looks at this many hits of a kind: the first pages people read. */
export const MARKS_WINDOW = 50;

const WORD_RE = /[\p{L}\p{N}]+/gu;
const words = (text: string) => text.normalize('NFC').toLowerCase().match(WORD_RE) ?? [];

/** The typed words whose letters carry marks folding drops (`ö`, `å`, `é`), as typed; empty when none. */
export function markedWords(q: string): string[] {
  return words(q).filter((w) => fold(w) !== w);
}

/** Whether each marked word begins a word of the document's title, artists or album, marks and all. */
export function holdsMarked(doc: SearchDocument | undefined, marked: readonly string[]): boolean {
  if (!doc) return false;
  const present = words([doc.title, ...doc.artists, doc.album ?? ''].join(' '));
  return marked.every((m) => present.some((w) => w.startsWith(m)));
}

/** The hits with those holding the marked words first, each group in its own order. */
export function preferMarked<T>(hits: readonly T[], holds: (hit: T) => boolean): T[] {
  const exact = hits.filter(holds);
  return exact.length === 0 || exact.length === hits.length ? [...hits] : [...exact, ...hits.filter((h) => !holds(h))];
}

/**
 * A kind's page cut from a window of its ranked hits, with the hits that hold the marked words
 * first among the window's first MARKS_WINDOW (so pages inside them agree with each other;
 * later hits keep the engine's order). No marked words: the window's order. `exact` collects
 * the hits that hold the marked words.
 */
export async function marksFirst<H extends { kind: string; id: string }>(
  window: { total: number; hits: H[] },
  marked: readonly string[],
  page: { offset: number; limit: number },
  documents: (hits: H[]) => Promise<Map<string, SearchDocument>>,
  exact: Set<H>,
): Promise<{ total: number; hits: H[]; first: H | undefined }> {
  const head = marked.length ? window.hits.slice(0, MARKS_WINDOW) : [];
  const docs = head.length ? await documents(head) : new Map<string, SearchDocument>();
  for (const hit of head) if (holdsMarked(docs.get(`${hit.kind}:${hit.id}`), marked)) exact.add(hit);
  const ordered = [...preferMarked(head, (h) => exact.has(h)), ...window.hits.slice(head.length)];
  return { total: window.total, hits: ordered.slice(page.offset, page.offset + page.limit), first: ordered[0] };
}
