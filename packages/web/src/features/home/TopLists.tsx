import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TimeRange, TopType } from '@runnel/api';
import { api } from '../../api/client.ts';
import { AlbumGrid } from '../catalog/AlbumGrid.tsx';
import { asAlbum, asArtist, itemTracks } from '../../api/narrow.ts';
import { TrackList } from '../../tracks/TrackList.tsx';
import { toQueueTrack } from '../../tracks/to-queue.ts';
import { LinkChips } from '../../ui/LinkChips.tsx';

type Who = 'everyone' | 'you';
const RANGES: [TimeRange, string][] = [
  ['week', 'This week'],
  ['month', 'This month'],
  ['all_time', 'All time'],
];
const PERIOD: Record<TimeRange, string> = { week: 'this week', month: 'this month', all_time: 'yet' };

/** Top lists: the most played tracks, albums and artists — everyone's or yours — for a week, a month or all time. */
export function TopLists() {
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
  const whose = who === 'you' ? 'Your' : 'Everyone’s';
  return (
    <>
      <div className="inline-actions">
        <div className="segmented" role="group" aria-label="Whose plays">
          {(['everyone', 'you'] as const).map((w) => (
            <button key={w} aria-pressed={who === w} onClick={() => setWho(w)}>
              {w === 'you' ? 'You' : 'Everyone'}
            </button>
          ))}
        </div>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Period">
          {RANGES.map(([r, label]) => (
            <button key={r} aria-pressed={range === r} onClick={() => setRange(r)}>
              {label}
            </button>
          ))}
        </div>
      </div>
      {loaded && trackItems.length === 0 && (
        <p className="muted">Nothing played {PERIOD[range]}. A track counts once it has played for 30 seconds (or half of a short one).</p>
      )}
      {trackItems.length > 0 && (
        <>
          <h2>{whose} top tracks</h2>
          <TrackList items={trackItems} contextUri="runnel:top" label="Top tracks" />
        </>
      )}
      {topAlbums.length > 0 && (
        <>
          <h2>{whose} top albums</h2>
          <AlbumGrid albums={topAlbums} label="Top albums" />
        </>
      )}
      {artistChips.length > 0 && (
        <>
          <h2>{whose} top artists</h2>
          <LinkChips label="Top artists" chips={artistChips} />
        </>
      )}
    </>
  );
}
