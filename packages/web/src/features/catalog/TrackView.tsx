import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { player } from '../../audio/player.ts';
import { openSendTo } from '../inbox/send.ts';
import { imageUrl, toQueueTrack } from '../../tracks/to-queue.ts';
import { clock } from '../../ui/format.ts';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/** A track's own page: what a copied track link opens. Play it, or go to its album or artists. */
export function TrackView({ id }: { id: string }) {
  const t = useT();
  const track = useQuery({ queryKey: ['track', id], queryFn: () => api('GET /tracks/:id', { params: { id } }) });
  if (track.isPending)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  if (track.isError)
    return (
      <p className="error" role="alert">
        {track.error instanceof ApiError && track.error.status === 404 ? t('catalog.trackGone') : errorText(track.error, 'common.couldNotLoad')}
      </p>
    );
  const found = track.data;
  const link = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  return (
    <section aria-labelledby="track-title">
      <header className="hero">
        {imageUrl(found.album.images, 300) ? (
          <img src={imageUrl(found.album.images, 300)} alt={t('catalog.coverOf', { name: found.album.name })} width={200} height={200} />
        ) : (
          <div className="art-placeholder big" aria-hidden="true" />
        )}
        <div>
          <p className="kicker">{t('catalog.track')}</p>
          <h1 id="track-title">{found.name}</h1>
          <p>
            {found.artists.map((artist, i) => (
              <span key={artist.id ?? artist.name}>
                {i > 0 && ', '}
                {artist.id ? (
                  <a href={`/artist/${artist.id}`} onClick={link(`/artist/${artist.id}`)}>
                    {artist.name}
                  </a>
                ) : (
                  artist.name
                )}
              </span>
            ))}
            <span className="muted"> · </span>
            <a href={`/album/${found.album.id}`} onClick={link(`/album/${found.album.id}`)}>
              {found.album.name}
            </a>
            <span className="muted"> · {clock(found.duration_ms / 1000)}</span>
          </p>
          <div className="inline-actions">
            <button className="primary" onClick={() => void player.playContext([toQueueTrack(found, found.album)], 0, found.album.uri)}>
              {t('player.play')}
            </button>
            <button onClick={() => openSendTo(found.uri, found.name)}>{t('inbox.sendTo')}</button>
          </div>
        </div>
      </header>
    </section>
  );
}
