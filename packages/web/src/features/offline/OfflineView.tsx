import { useQuery } from '@tanstack/react-query';
import { AppLink } from '../../ui/AppLink.tsx';
import { removeAvailable } from '../../offline/available.ts';
import { useOnline } from '../../offline/connection.ts';
import { itemBytes, useOfflineState } from '../../offline/store.ts';
import { CONFIRM_EVERY_MS } from '../../offline/sync.ts';
import { size } from '../../ui/format.ts';
import { usePlanRight } from '../../ui/use-plan-right.ts';
import { offlineSupported } from './OfflineToggle.tsx';

const DAY_MS = 86_400_000;

/** Available offline: what this device keeps, the space each takes, and removing it. */
export function OfflineView() {
  const { items, tracks, pending } = useOfflineState();
  const online = useOnline();
  const { allowed, premium } = usePlanRight('offline');
  const storage = useQuery({
    queryKey: ['offline-storage', tracks.size],
    queryFn: async () => ({ ...(await navigator.storage.estimate()), persisted: await navigator.storage.persisted() }),
    enabled: offlineSupported() && !!navigator.storage?.estimate,
  });
  const list = [...items.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section aria-labelledby="offline-title">
      <h1 id="offline-title">Available offline</h1>
      {!offlineSupported() && (
        <p className="muted">Offline listening needs Runnel on HTTPS (or on this computer): this browser keeps no music for a plain HTTP address.</p>
      )}
      {allowed === false && <p className="muted">Offline listening is part of {premium}.</p>}
      {storage.data && (
        <p className="muted">
          {size(storage.data.usage ?? 0)} used on this device, of {size(storage.data.quota ?? 0)} the browser allows
          {storage.data.persisted ? '; kept until you remove it.' : '; the browser may clear it when space runs low.'}
        </p>
      )}
      {pending > 0 && (
        <p role="status">
          {pending} {pending === 1 ? 'change' : 'changes'} made offline will be sent when Runnel is back.
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">Nothing yet. Playlists and albums have an “Available offline” button: their music then plays here without the server.</p>
      ) : (
        <ul className="downloads" aria-label="Stored on this device">
          {list.map((item) => {
            const stored = item.trackIds.filter((t) => tracks.has(t)).length;
            const left = Math.max(0, Math.ceil((item.confirmedAt + CONFIRM_EVERY_MS - Date.now()) / DAY_MS));
            return (
              <li key={item.uri}>
                <div className="downloads-text">
                  <span className="kicker">{item.kind === 'album' ? 'Album' : 'Playlist'}</span>
                  <AppLink className="downloads-name" to={`/${item.kind}/${item.id}`}>
                    {item.name}
                  </AppLink>
                  <span className="muted">
                    {stored} of {item.trackIds.length} tracks · {size(itemBytes(item, tracks))}
                    {item.state === 'downloading' && ' · storing…'}
                    {item.state === 'failed' && ` · ${item.error ?? 'failed'}`}
                    {!online && ` · kept ${left} more ${left === 1 ? 'day' : 'days'} without a connection`}
                  </span>
                </div>
                <button onClick={() => void removeAvailable(item.uri)} aria-label={`Remove ${item.name} from this device`}>
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
