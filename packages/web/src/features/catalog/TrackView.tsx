import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { player } from '../../audio/player.ts';
import { openSendTo } from '../inbox/send.ts';
import { imageUrl, toQueueTrack } from '../../tracks/to-queue.ts';
import { clock } from '../../ui/format.ts';

/** A track's own page: what a copied track link opens. Play it, or go to its album or artists. */
export function TrackView({ id }: { id: string }) {
  const track = useQuery({ queryKey: ['track', id], queryFn: () => api('GET /tracks/:id', { params: { id } }) });
  if (track.isPending)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (track.isError)
    return (
      <p className="error" role="alert">
        {track.error instanceof ApiError && track.error.status === 404 ? 'This track is not in the library (any more).' : track.error.message}
      </p>
    );
  const t = track.data;
  const link = (path: string) => (e: React.MouseEvent) => {
    e.preventDefault();
    navigate(path);
  };
  return (
    <section aria-labelledby="track-title">
      <header className="hero">
        {imageUrl(t.album.images, 300) ? (
          <img src={imageUrl(t.album.images, 300)} alt={`Cover of ${t.album.name}`} width={200} height={200} />
        ) : (
          <div className="art-placeholder big" aria-hidden="true" />
        )}
        <div>
          <p className="kicker">Track</p>
          <h1 id="track-title">{t.name}</h1>
          <p>
            {t.artists.map((artist, i) => (
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
            <a href={`/album/${t.album.id}`} onClick={link(`/album/${t.album.id}`)}>
              {t.album.name}
            </a>
            <span className="muted"> · {clock(t.duration_ms / 1000)}</span>
          </p>
          <div className="inline-actions">
            <button className="primary" onClick={() => void player.playContext([toQueueTrack(t, t.album)], 0, t.album.uri)}>
              Play
            </button>
            <button onClick={() => openSendTo(t.uri, t.name)}>Send to…</button>
          </div>
        </div>
      </header>
    </section>
  );
}
