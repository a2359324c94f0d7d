import { useMemo } from 'react';
import type { TrackListItem } from '../tracks/row.ts';
import { useOnline } from './connection.ts';
import { useOfflineState } from './store.ts';

export const NOT_STORED = 'track.notStored';

/** Offline, the rows whose audio is not stored here are shown unavailable (and skipped); online, the rows as they are. */
export function useAvailable(items: TrackListItem[]): TrackListItem[] {
  const online = useOnline();
  const { tracks } = useOfflineState();
  return useMemo(
    () => (online ? items : items.map((item) => (item.unavailable || tracks.has(item.queue.id) ? item : { ...item, unavailable: NOT_STORED }))),
    [items, online, tracks],
  );
}
