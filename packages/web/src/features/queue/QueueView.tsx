import { Queue } from '../../audio/queue.ts';
import { usePlayer } from '../../audio/player.ts';
import { requeue, unqueue } from '../../audio/queue-sync.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { useDragReorder } from '../../tracks/use-drag-reorder.ts';
import { clock } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { usePhone } from '../../ui/use-phone.ts';
import { useHistory } from './history.ts';
import { useT } from '../../i18n/use-t.ts';

/**
 * Play queue: what plays now, what you queued by hand (reorder, remove), then the context,
 * and the history of what played (from every device when the server keeps it). On a phone
 * the queued items also have a handle to drag them by.
 */
export function QueueView({ serverHistory }: { serverHistory: boolean }) {
  const t = useT();
  const s = usePlayer();
  const upcoming = Queue.upcoming(s.queue);
  const history = useHistory(serverHistory);
  const phone = usePhone();
  const count = s.queue.nextUp.length;
  const { drag, dropAt, handle } = useDragReorder((from, before) => void requeue(from, before > from ? before - 1 : before), count);
  const look = (i: number) =>
    ['track-row', drag?.from === i && 'moving', dropAt === i && 'drop-before', dropAt === count && i === count - 1 && 'drop-after'].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">{t('nav.playQueue')}</h1>
      {!s.current && <p className="muted">{t('queue.nothing', { phone: phone ? 'yes' : 'no' })}</p>}
      {s.current && (
        <>
          <h2>{t('player.nowPlaying')}</h2>
          <p>
            <strong>{s.current.title}</strong> <span className="muted">· {s.current.artist}</span>
          </p>
        </>
      )}
      {s.queue.nextUp.length > 0 && (
        <>
          <h2>{t('queue.nextUp')}</h2>
          <ol className="track-list" aria-label={t('queue.nextUp')}>
            {s.queue.nextUp.map((q, i) => (
              <li key={`${q.id}-${i}`} className={look(i)}>
                <span className="title">{q.title}</span>
                <span className="muted">{q.artist}</span>
                <span className="muted">{clock(q.durationMs / 1000)}</span>
                <span className="row-actions">
                  {phone && (
                    <button
                      className="icon drag-handle"
                      aria-label={t('queue.drag', { title: q.title })}
                      title={t('queue.dragHint')}
                      data-reorder={i}
                      {...handle}
                    >
                      <Icon name="grip" size={22} />
                    </button>
                  )}
                  <button aria-label={t('queue.moveUp', { title: q.title })} disabled={i === 0} onClick={() => void requeue(i, i - 1)}>
                    ↑
                  </button>
                  <button
                    aria-label={t('queue.moveDown', { title: q.title })}
                    disabled={i === s.queue.nextUp.length - 1}
                    onClick={() => void requeue(i, i + 1)}
                  >
                    ↓
                  </button>
                  <button aria-label={t('queue.remove', { title: q.title })} onClick={() => void unqueue(i)}>
                    ✕
                  </button>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      {upcoming.length > 0 && (
        <>
          <h2>{t('queue.then')}</h2>
          <ol className="track-list" aria-label={t('queue.thenFromContext')}>
            {upcoming.slice(0, 200).map((q, i) => (
              <li key={`${q.id}-${i}`} className="track-row">
                <span className="title">{q.title}</span>
                <span className="muted">{q.artist}</span>
                <span className="muted">{clock(q.durationMs / 1000)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>{t('queue.history')}</h2>
      {history.ready && history.rows.length === 0 && <p className="muted">{t('queue.historyEmpty')}</p>}
      {history.rows.length > 0 && <TrackList items={history.rows} contextUri="runnel:history" label={t('queue.history')} />}
    </section>
  );
}
