import { useMemo } from 'react';
import { CardButton } from '../devices/CardButton.tsx';
import { useQuery } from '@tanstack/react-query';
import { player } from '../../audio/player.ts';
import { navigate } from '../../app/router.ts';
import { openSendTo } from '../inbox/send.ts';
import { startRadio } from '../radio/station.ts';
import { SaveButton } from '../library/SaveButton.tsx';
import { DownloadButton } from '../downloads/DownloadButton.tsx';
import { TrackList } from '../../tracks/TrackList.tsx';
import { imageUrl, toQueueTrack } from '../../tracks/to-queue.ts';
import { clock } from '../../ui/format.ts';
import { loadAlbum } from './load-album.ts';
import { OfflineToggle } from '../offline/OfflineToggle.tsx';
import { useAvailable } from '../../offline/use-available.ts';
import { useOnline } from '../../offline/connection.ts';
import { playableFrom } from '../../tracks/row.ts';
import { LoadError } from '../../ui/LoadError.tsx';
import { useT } from '../../i18n/use-t.ts';

/** An album: cover, artists, year, and its tracks by disc; `downloads`: the server offers downloads. */
export function AlbumView({ id, downloads = false }: { id: string; downloads?: boolean }) {
  const t = useT();
  const album = useQuery({
    queryKey: ['album', id],
    queryFn: () => loadAlbum(id),
  });
  const a = album.data;
  const rows = useMemo(
    () => (a ? a.allTracks.map((track) => ({ track: { ...track, album: { id: a.id, name: a.name } }, queue: toQueueTrack(track, a) })) : []),
    [a],
  );
  const items = useAvailable(rows);
  // Offline, only what works from this device's storage is offered.
  const online = useOnline();
  if (album.isPending)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  if (album.isError || !a) return <LoadError error={album.error} what={t('offline.thisAlbum')} />;
  const total = a.allTracks.reduce((sum, track) => sum + track.duration_ms, 0);
  return (
    <section aria-labelledby="album-title">
      <header className="hero">
        {imageUrl(a.images, 300) ? (
          <img src={imageUrl(a.images, 300)} alt={t('catalog.coverOf', { name: a.name })} width={200} height={200} />
        ) : (
          <div className="art-placeholder big" aria-hidden="true" />
        )}
        <div>
          <p className="kicker">{t('catalog.albumType', { type: a.album_type })}</p>
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
              · {a.release_date?.slice(0, 4) ?? ''} · {t('catalog.trackCount', { count: a.total_tracks, length: clock(total / 1000) })}
            </span>
          </p>
          <div className="inline-actions">
            <button
              className="primary"
              disabled={!playableFrom(items, 0).tracks.length}
              onClick={() => void player.playContext(playableFrom(items, 0).tracks, 0, a.uri)}
            >
              {t('player.play')}
            </button>
            {online && (
              <>
                <SaveButton kind="albums" id={a.id} name={a.name} />
                <button onClick={() => void startRadio(a.uri)}>{t('radio.start')}</button>
                <button onClick={() => openSendTo(a.uri, a.name)}>{t('inbox.sendTo')}</button>
                <CardButton uri={a.uri} name={a.name} />
              </>
            )}
            <OfflineToggle kind="album" id={a.id} name={a.name} />
            {downloads && online && <DownloadButton href={`/api/v1/albums/${encodeURIComponent(a.id)}/download`} name={a.name} />}
          </div>
        </div>
      </header>
      <TrackList items={items} contextUri={a.uri} label={t('catalog.tracksOf', { name: a.name })} showAlbum={false} numbered />
    </section>
  );
}
