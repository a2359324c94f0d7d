import { useQuery } from '@tanstack/react-query';
import { AppLink } from '../../ui/AppLink.tsx';
import { removeAvailable } from '../../offline/available.ts';
import { useOnline } from '../../offline/connection.ts';
import { itemBytes, useOfflineState } from '../../offline/store.ts';
import { CONFIRM_EVERY_MS } from '../../offline/sync.ts';
import { size } from '../../ui/format.ts';
import { usePlanRight } from '../../ui/use-plan-right.ts';
import { offlineSupported } from './OfflineToggle.tsx';
import { compareNames } from '../../i18n/collate.ts';
import { useT } from '../../i18n/use-t.ts';

const DAY_MS = 86_400_000;

/** Available offline: what this device keeps, the space each takes, and removing it. */
export function OfflineView() {
  const t = useT();
  const { items, tracks, pending } = useOfflineState();
  const online = useOnline();
  const { allowed, premium } = usePlanRight('offline');
  const storage = useQuery({
    queryKey: ['offline-storage', tracks.size],
    queryFn: async () => ({ ...(await navigator.storage.estimate()), persisted: await navigator.storage.persisted() }),
    enabled: offlineSupported() && !!navigator.storage?.estimate,
  });
  const byName = compareNames(t.intl.locale);
  const list = [...items.values()].sort((a, b) => byName(a.name, b.name));
  return (
    <section aria-labelledby="offline-title">
      <h1 id="offline-title">{t('nav.offline')}</h1>
      {!offlineSupported() && <p className="muted">{t('offline.needsHttps')}</p>}
      {allowed === false && <p className="muted">{t('offline.premium', { premium: premium ?? '' })}</p>}
      {storage.data && (
        <p className="muted">
          {t('offline.usage', {
            used: size(t.intl, storage.data.usage ?? 0),
            quota: size(t.intl, storage.data.quota ?? 0),
            persisted: storage.data.persisted ? 'yes' : 'no',
          })}
        </p>
      )}
      {pending > 0 && <p role="status">{t('offline.pendingMade', { count: pending })}</p>}
      {list.length === 0 ? (
        <p className="muted">{t('offline.empty')}</p>
      ) : (
        <ul className="downloads" aria-label={t('offline.storedHere')}>
          {list.map((item) => {
            const stored = item.trackIds.filter((track) => tracks.has(track)).length;
            const left = Math.max(0, Math.ceil((item.confirmedAt + CONFIRM_EVERY_MS - Date.now()) / DAY_MS));
            return (
              <li key={item.uri}>
                <div className="downloads-text">
                  <span className="kicker">{t('inbox.kind', { kind: item.kind })}</span>
                  <AppLink className="downloads-name" to={`/${item.kind}/${item.id}`}>
                    {item.name}
                  </AppLink>
                  <span className="muted">
                    {t('offline.itemTracks', { stored, total: item.trackIds.length })} · {size(t.intl, itemBytes(item, tracks))}
                    {item.state === 'downloading' && ` · ${t('offline.storingShort')}`}
                    {item.state === 'failed' && ` · ${item.error ?? t('offline.failedShort')}`}
                    {!online && ` · ${t('offline.keptDays', { count: left })}`}
                  </span>
                </div>
                <button onClick={() => void removeAvailable(item.uri)} aria-label={t('offline.removeLabel', { name: item.name })}>
                  {t('common.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
