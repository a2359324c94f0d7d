import { Queue } from '../../audio/queue.ts';
import { usePlayer } from '../../audio/player.ts';
import { requeue, unqueue } from '../../audio/queue-sync.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { useDragReorder } from '../../tracks/use-drag-reorder.ts';
import { clock } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { usePhone } from '../../ui/use-phone.ts';
import { useHistory } from './history.ts';

/**
 * Play queue: what plays now, what you queued by hand (reorder, remove), then the context,
 * and the history of what played (from every device when the server keeps it). On a phone
 * the queued items also have a handle to drag them by.
 */
export function QueueView({ serverHistory }: { serverHistory: boolean }) {
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
      <h1 id="queue-title">Play queue</h1>
      {!s.current && <p className="muted">Nothing is playing. {phone ? 'Tap' : 'Double-click'} a track anywhere to start.</p>}
      {s.current && (
        <>
          <h2>Now playing</h2>
          <p>
            <strong>{s.current.title}</strong> <span className="muted">· {s.current.artist}</span>
          </p>
        </>
      )}
      {s.queue.nextUp.length > 0 && (
        <>
          <h2>Next up</h2>
          <ol className="track-list" aria-label="Next up">
            {s.queue.nextUp.map((t, i) => (
              <li key={`${t.id}-${i}`} className={look(i)}>
                <span className="title">{t.title}</span>
                <span className="muted">{t.artist}</span>
                <span className="muted">{clock(t.durationMs / 1000)}</span>
                <span className="row-actions">
                  {phone && (
                    <button className="icon drag-handle" aria-label={`Drag ${t.title}`} title="Drag, or use the arrow keys" data-reorder={i} {...handle}>
                      <Icon name="grip" size={22} />
                    </button>
                  )}
                  <button aria-label={`Move ${t.title} up`} disabled={i === 0} onClick={() => void requeue(i, i - 1)}>
                    ↑
                  </button>
                  <button aria-label={`Move ${t.title} down`} disabled={i === s.queue.nextUp.length - 1} onClick={() => void requeue(i, i + 1)}>
                    ↓
                  </button>
                  <button aria-label={`Remove ${t.title} from the queue`} onClick={() => void unqueue(i)}>
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
          <h2>Then</h2>
          <ol className="track-list" aria-label="Then from the context">
            {upcoming.slice(0, 200).map((t, i) => (
              <li key={`${t.id}-${i}`} className="track-row">
                <span className="title">{t.title}</span>
                <span className="muted">{t.artist}</span>
                <span className="muted">{clock(t.durationMs / 1000)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>History</h2>
      {history.ready && history.rows.length === 0 && (
        <p className="muted">Tracks you play show here once they have played for 30 seconds (or half of a short one).</p>
      )}
      {history.rows.length > 0 && <TrackList items={history.rows} contextUri="runnel:history" label="History" />}
    </section>
  );
}
