import './offline.css';
import { useOnline } from '../../offline/connection.ts';
import { useOfflineState } from '../../offline/store.ts';

/** Says so when Runnel cannot be reached: what still works, and what is waiting to be sent. */
export function OfflineBanner() {
  const online = useOnline();
  const { items, pending } = useOfflineState();
  if (online) return null;
  return (
    <p className="offline-banner" role="status">
      You are offline.{' '}
      {items.size
        ? 'Music available offline still plays.'
        : 'Nothing is stored on this device: mark playlists or albums “Available offline” to listen without the server.'}
      {pending > 0 && ` ${pending} ${pending === 1 ? 'change' : 'changes'} will be sent when Runnel is back.`}
    </p>
  );
}
