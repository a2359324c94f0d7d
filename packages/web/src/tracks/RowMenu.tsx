import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Sidebar } from '@runnel/api';
import { openSendTo } from '../features/inbox/send.ts';
import { startRadio } from '../features/radio/station.ts';
import { keepAndRefresh } from '../features/library/api.ts';
import { addToPlaylist } from '../features/playlists/api.ts';
import { getPlaylistOrder, sidebarKey } from '../features/playlists/order.ts';
import { queueTracks } from '../audio/queue-sync.ts';
import { navigate } from '../app/router.ts';
import { isPlaylistUri, type TrackListItem } from './row.ts';
import { GONE } from './server-rows.ts';
import { useT } from '../i18n/use-t.ts';

/** An open row menu: where, for which row, and the rows it acts on (the selection). */
export interface MenuPosition {
  x: number;
  y: number;
  index: number;
  items: TrackListItem[];
}

/**
 * The menu of one or more selected rows. Local files get the same entries as catalogue
 * tracks where they make sense (queue, add to a playlist) and not where they do not
 * (star, links); rows that cannot play here cannot be played or queued.
 */
export function RowMenu({
  menu,
  onPlay,
  onRemove,
  removeLabel,
  onClose,
}: {
  menu: MenuPosition;
  onPlay: () => void;
  onRemove?: () => void;
  removeLabel: string;
  onClose: () => void;
}) {
  const items = menu.items;
  const t = useT();
  const first = items[0]!;
  const client = useQueryClient();
  const [choosing, setChoosing] = useState(false);
  // Only playlists this user may add to (their own, and ones they collaborate on), in the order the sidebar shows them.
  const playlists = (client.getQueryData<Sidebar>(sidebarKey(getPlaylistOrder()))?.items ?? []).filter((n) => n.type === 'playlist' && n.editable);
  const playable = items.filter((i) => !i.unavailable).map((i) => i.queue);
  const catalogue = items.filter((i) => i.track.id && i.track.uri.startsWith('runnel:track:'));
  const uris = items
    .filter((i) => i.unavailable !== GONE)
    .map((i) => i.track.uri)
    .filter(isPlaylistUri);
  const act = (fn: () => void) => () => {
    fn();
    onClose();
  };
  /** Stars or saves the selected catalogue tracks, then refreshes the view that lists them. */
  const keep = (kind: 'starred' | 'tracks') =>
    void keepAndRefresh(
      client,
      kind,
      catalogue.map((i) => i.track.id),
      true,
    );
  const album = first.track.album?.id;
  const artist = first.track.artists[0]?.id;
  return (
    <>
      <div
        className="menu-backdrop"
        onClick={onClose}
        onContextMenu={(e) => {
          e.preventDefault();
          onClose();
        }}
      />
      <div
        className="menu context-menu"
        role="menu"
        style={{ left: Math.min(menu.x, innerWidth - 240), top: Math.max(8, Math.min(menu.y, innerHeight - (choosing ? 300 + playlists.length * 34 : 300))) }}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <button role="menuitem" autoFocus disabled={first.unavailable !== undefined} onClick={act(onPlay)}>
          {t('player.play')}
        </button>
        <button role="menuitem" disabled={!playable.length} onClick={act(() => void queueTracks(playable, true))}>
          {t('menu.playNext')}
        </button>
        <button role="menuitem" disabled={!playable.length} onClick={act(() => void queueTracks(playable))}>
          {t('menu.addToQueue')}
        </button>
        {catalogue.length > 0 && (
          <button role="menuitem" onClick={act(() => keep('starred'))}>
            {t('menu.star')}
          </button>
        )}
        {catalogue.length > 0 && (
          <button role="menuitem" onClick={act(() => keep('tracks'))}>
            {t('library.save')}
          </button>
        )}
        {catalogue.length === 1 && items.length === 1 && (
          <button role="menuitem" onClick={act(() => openSendTo(first.track.uri, first.track.name))}>
            {t('inbox.sendTo')}
          </button>
        )}
        {catalogue.length === 1 && items.length === 1 && (
          <button role="menuitem" onClick={act(() => void startRadio(first.track.uri))}>
            {t('radio.start')}
          </button>
        )}
        {uris.length > 0 && playlists.length > 0 && (
          <button role="menuitem" aria-haspopup="menu" aria-expanded={choosing} onClick={() => setChoosing(!choosing)}>
            {t('menu.addToPlaylist')} {choosing ? '▾' : '▸'}
          </button>
        )}
        {choosing && (
          <div role="group" aria-label={t('search.playlists')} className="menu-sub">
            {playlists.map((p) => (
              <button
                role="menuitem"
                key={p.id}
                onClick={act(() => void addToPlaylist(p.id, uris).then(() => client.invalidateQueries({ queryKey: ['playlist', p.id] })))}
              >
                {p.name}
              </button>
            ))}
          </div>
        )}
        {onRemove && (
          <button role="menuitem" onClick={act(onRemove)}>
            {removeLabel}
          </button>
        )}
        {album && (
          <button role="menuitem" onClick={act(() => navigate(`/album/${album}`))}>
            {t('menu.goToAlbum')}
          </button>
        )}
        {artist && (
          <button role="menuitem" onClick={act(() => navigate(`/artist/${artist}`))}>
            {t('menu.goToArtist')}
          </button>
        )}
        {first.track.id && (
          <button role="menuitem" onClick={act(() => void navigator.clipboard?.writeText(`${location.origin}/track/${first.track.id}`))}>
            {t('menu.copyLink')}
          </button>
        )}
      </div>
    </>
  );
}
