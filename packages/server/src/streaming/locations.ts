import type { EventBus } from '../events/bus.ts';
import type { TrackFile, TrackFiles } from './files.ts';
import { sharedWhileRunning } from './in-flight.ts';
import { currentScope } from '../viewer-scope.ts';

/** Tracks whose file location is kept (a few hundred bytes each); the oldest go first. */
const CAPACITY = 10_000;

/**
 * Where tracks' files are, kept in memory: every range request of a player asks, and a
 * database round trip (query building included) was a tenth of a short range's cost.
 * Any catalogue change (`catalog.changed`, published by scans and edits on every node)
 * empties it, as search's catalogue cache does; a lookup that raced a change is used
 * once, not kept. The file itself is still stat()ed on every request (send.ts), so a file
 * rewritten in place is seen at once; only where the catalogue says a track lives is kept.
 * Unknown tracks are not kept (a scan may add them).
 */
export function cachedTrackFiles(files: TrackFiles, events: EventBus, capacity = CAPACITY): TrackFiles & { close(): void } {
  const known = new Map<string, TrackFile>();
  let generation = 0;
  const close = events.subscribe((event) => {
    if (event.type !== 'catalog.changed') return;
    generation++;
    known.clear();
  });
  // Requests for one track that arrive together share one lookup.
  const shared = sharedWhileRunning((trackId) => files.locate(trackId));
  return {
    async locate(trackId) {
      // A viewer restricted to some libraries asks the catalogue itself: what they may not see is not found (viewer-scope.ts).
      if (currentScope()) return files.locate(trackId);
      const hit = known.get(trackId);
      if (hit) return hit;
      const before = generation;
      const file = await shared(trackId);
      if (file && generation === before) {
        if (known.size >= capacity) known.delete(known.keys().next().value!);
        known.set(trackId, file);
      }
      return file;
    },
    close,
  };
}
