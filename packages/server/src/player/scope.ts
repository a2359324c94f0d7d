import { currentScope } from '../viewer-scope.ts';
import type { TrackLookup } from '../track-lookup.ts';

const trackIdOf = (uri: string) => (uri.startsWith('runnel:track:') ? uri.slice('runnel:track:'.length) : null);

/**
 * For a viewer restricted to some libraries (libraries/README.md): the queue's entries of
 * catalogue tracks they may not see are left out, not shown as gone, so no id of another
 * library's music reaches them. Everyone else sees the queue as stored.
 */
export function visibleEntries<T extends { uri: string }>(items: T[], found: Map<string, unknown>): T[] {
  if (!currentScope()) return items;
  return items.filter((item) => {
    const id = trackIdOf(item.uri);
    return id === null || found.has(id);
  });
}

/** The track playing, or null when it is a catalogue track the restricted viewer may not see. */
export async function visibleCurrent(uri: string | null, catalog: TrackLookup): Promise<string | null> {
  const id = uri && currentScope() ? trackIdOf(uri) : null;
  if (!id) return uri;
  return (await catalog.tracks([id])).has(id) ? uri : null;
}
