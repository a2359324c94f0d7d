import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { itemTracks } from '../../api/narrow.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { keepAndRefresh } from './api.ts';
import { toQueueTrack } from '../../tracks/to-queue.ts';
import { useT } from '../../i18n/use-t.ts';

/** Starred: the one-click favourites, always there. */
export function StarredView() {
  const t = useT();
  const starred = useQuery({ queryKey: ['starred'], queryFn: () => api('GET /me/starred', { query: { limit: 50 } }) });
  const items = itemTracks((starred.data?.tracks.items ?? []).map((i) => i.track)).map((track) => ({ track, queue: toQueueTrack(track, track.album) }));
  const client = useQueryClient();
  const unstar = (index: number) => void keepAndRefresh(client, 'starred', [items[index]?.track.id], false);
  return (
    <section aria-labelledby="starred-title">
      <h1 id="starred-title">{t('nav.starred')}</h1>
      {starred.isSuccess && items.length === 0 && <p className="muted">{t('starred.empty')}</p>}
      {items.length > 0 && (
        <TrackList items={items} contextUri="runnel:starred" label={t('starred.tracks')} onRemove={unstar} removeLabel={t('starred.unstar')} />
      )}
    </section>
  );
}
