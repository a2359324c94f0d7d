import './offline.css';
import { makeAvailable, removeAvailable } from '../../offline/available.ts';
import { useOnline } from '../../offline/connection.ts';
import { itemBytes, itemUri, useOfflineState, type OfflineItem } from '../../offline/store.ts';
import { size } from '../../ui/format.ts';
import { ToggleButton } from '../../ui/ToggleButton.tsx';
import { usePlanRight } from '../../ui/use-plan-right.ts';
import { useT } from '../../i18n/use-t.ts';

/** Browser storage for offline music exists only on HTTPS (and localhost). */
export const offlineSupported = () => typeof caches !== 'undefined' && typeof indexedDB !== 'undefined';

/**
 * "Available offline" on a playlist or album page (plans with the offline right): on, its
 * tracks, covers and details are stored on this device, with progress, then the space they
 * take; off, they are removed (tracks another offline item holds stay).
 */
export function OfflineToggle({ kind, id, name }: { kind: OfflineItem['kind']; id: string; name: string }) {
  const t = useT();
  const { items, tracks } = useOfflineState();
  const { allowed } = usePlanRight('offline');
  const online = useOnline();
  if (!allowed || !offlineSupported()) return null;
  const item = items.get(itemUri(kind, id));
  // Storing needs the server; removing does not.
  if (!item && !online) return null;
  const stored = item ? item.trackIds.filter((track) => tracks.has(track)).length : 0;
  return (
    <>
      <ToggleButton
        on={!!item}
        label={t('nav.offline')}
        onText={t('nav.offline')}
        title={item ? t('offline.removeHint') : t('offline.keepHint')}
        onToggle={(on) => void (on ? makeAvailable(kind, id, name) : removeAvailable(itemUri(kind, id)))}
      />
      {item?.state === 'downloading' && (
        <span className="offline-progress">
          <progress value={stored} max={Math.max(1, item.trackIds.length)} aria-label={t('offline.storing', { name })} />
          {item.trackIds.length ? t('offline.progress', { stored, total: item.trackIds.length }) : t('offline.preparing')}
        </span>
      )}
      {item?.state === 'ready' && <span className="muted">{t('offline.onDevice', { size: size(t.intl, itemBytes(item, tracks)) })}</span>}
      {item?.state === 'failed' && (
        <span className="error" role="alert">
          {t('offline.failed', { stored, total: item.trackIds.length, why: item.error ?? '' })}{' '}
          <button onClick={() => void makeAvailable(kind, id, name)}>{t('common.tryAgain')}</button>
        </span>
      )}
    </>
  );
}
