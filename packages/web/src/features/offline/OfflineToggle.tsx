import './offline.css';
import { makeAvailable, removeAvailable } from '../../offline/available.ts';
import { useOnline } from '../../offline/connection.ts';
import { itemBytes, itemUri, useOfflineState, type OfflineItem } from '../../offline/store.ts';
import { size } from '../../ui/format.ts';
import { ToggleButton } from '../../ui/ToggleButton.tsx';
import { usePlanRight } from '../../ui/use-plan-right.ts';

/** Browser storage for offline music exists only on HTTPS (and localhost). */
export const offlineSupported = () => typeof caches !== 'undefined' && typeof indexedDB !== 'undefined';

/**
 * "Available offline" on a playlist or album page (plans with the offline right): on, its
 * tracks, covers and details are stored on this device, with progress, then the space they
 * take; off, they are removed (tracks another offline item holds stay).
 */
export function OfflineToggle({ kind, id, name }: { kind: OfflineItem['kind']; id: string; name: string }) {
  const { items, tracks } = useOfflineState();
  const { allowed } = usePlanRight('offline');
  const online = useOnline();
  if (!allowed || !offlineSupported()) return null;
  const item = items.get(itemUri(kind, id));
  // Storing needs the server; removing does not.
  if (!item && !online) return null;
  const stored = item ? item.trackIds.filter((t) => tracks.has(t)).length : 0;
  return (
    <>
      <ToggleButton
        on={!!item}
        label="Available offline"
        onText="Available offline"
        title={item ? 'Click to remove it from this device' : 'Keep it on this device, to play without the server'}
        onToggle={(on) => void (on ? makeAvailable(kind, id, name) : removeAvailable(itemUri(kind, id)))}
      />
      {item?.state === 'downloading' && (
        <span className="offline-progress">
          <progress value={stored} max={Math.max(1, item.trackIds.length)} aria-label={`Storing ${name} on this device`} />
          {item.trackIds.length ? `${stored} of ${item.trackIds.length}` : 'Preparing…'}
        </span>
      )}
      {item?.state === 'ready' && <span className="muted">{size(itemBytes(item, tracks))} on this device</span>}
      {item?.state === 'failed' && (
        <span className="error" role="alert">
          {stored} of {item.trackIds.length} stored: {item.error} <button onClick={() => void makeAvailable(kind, id, name)}>Try again</button>
        </span>
      )}
    </>
  );
}
