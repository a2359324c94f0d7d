import { currentScope } from '../viewer-scope.ts';
import type { SearchKind } from './documents.ts';
import type { KindResult } from './memory-index.ts';
import type { ParsedQuery } from './query-parser.ts';

/** Which of these ids of a catalogue kind the request's viewer may see (the catalogue decides). */
export type VisibleIds = (kind: 'track' | 'album' | 'artist', ids: string[]) => Promise<Set<string>>;

/** How many ranked hits are read, at least and at most, to fill a restricted viewer's page. */
const MIN_WINDOW = 200;
const MAX_WINDOW = 2_000;

/**
 * The ranked hits a viewer restricted to some libraries may see (libraries/README.md): the
 * index holds everyone's music, so a window of ranked hits is read (three pages' worth and at
 * least 200) and only the visible ones kept, in rank order; the page is cut from them, which
 * fills it unless most of the best hits are out of reach. The total is exact when the window
 * held every hit, else the visible share of the window scaled to the whole. Null when the
 * viewer sees everything or the kind is not music (playlists and people have their own
 * audience rules).
 */
export async function visibleWindow(
  kindIndex: { search(query: ParsedQuery, offset: number, limit: number, userId: string | undefined): KindResult },
  kind: SearchKind,
  query: ParsedQuery,
  params: { offset: number; limit: number; userId?: string },
  visible: VisibleIds | undefined,
): Promise<KindResult | null> {
  if (!visible || !currentScope() || (kind !== 'track' && kind !== 'album' && kind !== 'artist')) return null;
  const window = Math.min(MAX_WINDOW, Math.max(MIN_WINDOW, (params.offset + params.limit) * 3));
  const ranked = kindIndex.search(query, 0, window, params.userId);
  const seen = await visible(
    kind,
    ranked.hits.map((h) => h.id),
  );
  const kept = ranked.hits.filter((h) => seen.has(h.id));
  const total = ranked.total <= ranked.hits.length ? kept.length : Math.round((ranked.total * kept.length) / Math.max(1, ranked.hits.length));
  return { total, hits: kept };
}
