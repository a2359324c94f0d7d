import { useQuery } from '@tanstack/react-query';
import { CardButton } from '../devices/CardButton.tsx';
import { api } from '../../api/client.ts';
import { imageUrl } from '../../tracks/to-queue.ts';
import { openSendTo } from '../inbox/send.ts';
import { startRadio } from '../radio/station.ts';
import { SaveButton } from '../library/SaveButton.tsx';
import { AlbumGrid } from './AlbumGrid.tsx';
import { useT } from '../../i18n/use-t.ts';
import { errorText } from '../../i18n/errors.ts';

/** An artist: picture, genres, and their albums (and the ones they appear on). */
export function ArtistView({ id }: { id: string }) {
  const t = useT();
  const artist = useQuery({ queryKey: ['artist', id], queryFn: () => api('GET /artists/:id', { params: { id } }) });
  const albums = useQuery({ queryKey: ['artist-albums', id], queryFn: () => api('GET /artists/:id/albums', { params: { id }, query: { limit: 50 } }) });
  if (artist.isPending)
    return (
      <p className="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  if (artist.isError)
    return (
      <p className="error" role="alert">
        {errorText(artist.error, 'common.couldNotLoad')}
      </p>
    );
  const a = artist.data;
  return (
    <section aria-labelledby="artist-title">
      <header className="hero">
        {imageUrl(a.images, 300) ? (
          <img className="round" src={imageUrl(a.images, 300)} alt="" width={200} height={200} />
        ) : (
          <div className="art-placeholder big round" aria-hidden="true" />
        )}
        <div>
          <p className="kicker">{t('catalog.artist')}</p>
          <h1 id="artist-title">{a.name}</h1>
          <p className="muted">
            {[a.genres.slice(0, 3).join(', '), t('catalog.artistCounts', { albums: a.album_count, tracks: a.track_count })].filter(Boolean).join(' · ')}
          </p>
          <div className="inline-actions">
            <SaveButton kind="artists" id={a.id} name={a.name} />
            <button onClick={() => void startRadio(`runnel:artist:${a.id}`)}>{t('radio.start')}</button>
            <button onClick={() => openSendTo(`runnel:artist:${a.id}`, a.name)}>{t('inbox.sendTo')}</button>
            <CardButton uri={`runnel:artist:${a.id}`} name={a.name} />
          </div>
        </div>
      </header>
      <h2>{t('search.albums')}</h2>
      {albums.data && <AlbumGrid albums={albums.data.items} label={t('catalog.albumsOf', { name: a.name })} />}
    </section>
  );
}
