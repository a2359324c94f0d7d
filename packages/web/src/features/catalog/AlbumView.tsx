import { useQuery } from '@tanstack/react-query';
import type { SimplifiedTrack } from '@runnel/api';
import { api } from '../../api/client.ts';
import { player } from '../../audio/player.ts';
import { navigate } from '../../app/router.ts';
import { openSendTo } from '../inbox/send.ts';
import { startRadio } from '../radio/station.ts';
import { SaveButton } from '../library/SaveButton.tsx';
import { DownloadButton } from '../downloads/DownloadButton.tsx';
import { TrackList } from '../../tracks/TrackList.tsx';
import { imageUrl, toQueueTrack } from '../../tracks/to-queue.ts';
import { clock } from '../../ui/format.ts';

/** An album: cover, artists, year, and its tracks by disc; `downloads`: the server offers downloads. */
export function AlbumView({ id, downloads = false }: { id: string; downloads?: boolean }) {
  const album = useQuery({
    queryKey: ['album', id],
    queryFn: async () => {
      const a = await api('GET /albums/:id', { params: { id } });
      const tracks: SimplifiedTrack[] = [...a.tracks.items];
      while (tracks.length < a.tracks.total) {
        const page = await api('GET /albums/:id/tracks', { params: { id }, query: { limit: 50, offset: tracks.length } });
        if (!page.items.length) break;
        tracks.push(...page.items);
      }
      return { ...a, allTracks: tracks };
    },
  });
  if (album.isPending)
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  if (album.isError)
    return (
      <p className="error" role="alert">
        {album.error.message}
      </p>
    );
  const a = album.data;
  const items = a.allTracks.map((track) => ({ track: { ...track, album: { id: a.id, name: a.name } }, queue: toQueueTrack(track, a) }));
  const total = a.allTracks.reduce((sum, t) => sum + t.duration_ms, 0);
  return (
    <section aria-labelledby="album-title">
      <header className="hero">
        {imageUrl(a.images, 300) ? (
          <img src={imageUrl(a.images, 300)} alt={`Cover of ${a.name}`} width={200} height={200} />
        ) : (
          <div className="art-placeholder big" aria-hidden="true" />
        )}
        <div>
          <p className="kicker">{a.album_type === 'compilation' ? 'Compilation' : a.album_type === 'single' ? 'Single' : 'Album'}</p>
          <h1 id="album-title">{a.name}</h1>
          <p>
            {a.artists.map((artist, i) => (
              <span key={artist.id}>
                {i > 0 && ', '}
                <a
                  href={`/artist/${artist.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/artist/${artist.id}`);
                  }}
                >
                  {artist.name}
                </a>
              </span>
            ))}
            <span className="muted">
              {' '}
              · {a.release_date?.slice(0, 4) ?? ''} · {a.total_tracks} tracks, {clock(total / 1000)}
            </span>
          </p>
          <div className="inline-actions">
            <button
              className="primary"
              onClick={() =>
                void player.playContext(
                  items.map((i) => i.queue),
                  0,
                  a.uri,
                )
              }
            >
              Play
            </button>
            <SaveButton kind="albums" id={a.id} name={a.name} />
            <button onClick={() => void startRadio(a.uri)}>Start radio</button>
            <button onClick={() => openSendTo(a.uri, a.name)}>Send to…</button>
            {downloads && <DownloadButton href={`/api/v1/albums/${encodeURIComponent(a.id)}/download`} name={a.name} />}
          </div>
        </div>
      </header>
      <TrackList items={items} contextUri={a.uri} label={`Tracks of ${a.name}`} showAlbum={false} numbered />
    </section>
  );
}
