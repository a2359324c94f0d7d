import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TimeRange, TopType } from '@runnel/api';
import { api } from '../../api/client.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { asAlbum, asArtist, itemTracks } from '../../api/narrow.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { toQueueTrack } from '../../tracks/to-queue.ts';
import { LinkChips } from '../../ui/LinkChips.tsx';
import type { MessageKey } from '../../i18n/languages.ts';
import { useT } from '../../i18n/use-t.ts';

type Who = 'everyone' | 'you';
const RANGES: [TimeRange, MessageKey][] = [
  ['week', 'top.week'],
  ['month', 'top.month'],
  ['all_time', 'top.allTime'],
];

/** Top lists: the most played tracks, albums and artists — everyone's or yours — for a week, a month or all time. */
export function TopLists() {
  const t = useT();
  const [who, setWho] = useState<Who>('everyone');
  const [range, setRange] = useState<TimeRange>('month');
  const list = (type: TopType, limit: number) => ({
    queryKey: ['top', who, type, range],
    queryFn: () => api(who === 'you' ? 'GET /me/top/:type' : 'GET /browse/top/:type', { params: { type }, query: { time_range: range, limit } }),
  });
  const tracks = useQuery(list('tracks', 20));
  const albums = useQuery(list('albums', 10));
  const artists = useQuery(list('artists', 20));
  const trackItems = itemTracks(tracks.data?.items ?? []).map((track) => ({ track, queue: toQueueTrack(track, track.album) }));
  const artistChips = (artists.data?.items ?? []).flatMap((o) => asArtist(o) ?? []).map((a) => ({ id: a.id, path: `/artist/${a.id}`, text: a.name }));
  const topAlbums = (albums.data?.items ?? []).flatMap((a) => asAlbum(a) ?? []);
  const loaded = tracks.isSuccess && albums.isSuccess && artists.isSuccess;
  return (
    <>
      <div className="inline-actions">
        <div className="segmented" role="group" aria-label={t('top.whose')}>
          {(['everyone', 'you'] as const).map((w) => (
            <button key={w} aria-pressed={who === w} onClick={() => setWho(w)}>
              {w === 'you' ? t('top.you') : t('top.everyone')}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label={t('top.period')}>
          {RANGES.map(([r, label]) => (
            <button key={r} aria-pressed={range === r} onClick={() => setRange(r)}>
              {t(label)}
            </button>
          ))}
        </div>
      </div>
      {loaded && trackItems.length === 0 && <p className="muted">{t('top.nothing', { range })}</p>}
      {trackItems.length > 0 && (
        <>
          <h2>{t('top.tracksOf', { who })}</h2>
          <TrackList items={trackItems} contextUri="runnel:top" label={t('top.tracks')} />
        </>
      )}
      {topAlbums.length > 0 && (
        <>
          <h2>{t('top.albumsOf', { who })}</h2>
          <AlbumGrid albums={topAlbums} label={t('top.albums')} />
        </>
      )}
      {artistChips.length > 0 && (
        <>
          <h2>{t('top.artistsOf', { who })}</h2>
          <LinkChips label={t('top.artists')} chips={artistChips} />
        </>
      )}
    </>
  );
}
