import './offline.css';
import { useOnline } from '../../offline/connection.ts';
import { useOfflineState } from '../../offline/store.ts';
import { useT } from '../../i18n/use-t.ts';

/** Says so when Runnel cannot be reached: what still works, and what is waiting to be sent. */
export function OfflineBanner() {
  const t = useT();
  const online = useOnline();
  const { items, pending } = useOfflineState();
  if (online) return null;
  return (
    <p className="offline-banner" role="status">
      {t('offline.banner', { stored: items.size ? 'yes' : 'no' })}
      {pending > 0 && ` ${t('offline.pending', { count: pending })}`}
    </p>
  );
}
