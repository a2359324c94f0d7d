import { useEffect, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Sidebar, SimplifiedTrack } from '@runnel/api';
import { addToPlaylist, star } from '../features/playlists/api.ts';
import { player, usePlayer } from '../audio/player.ts';
import { queueTracks } from '../audio/queue-sync.ts';
import type { QueueTrack } from '../audio/queue.ts';
import { navigate } from '../app/router.ts';
import { clock } from '../ui/format.ts';

export interface TrackListItem {
  track: SimplifiedTrack & { album?: { id: string; name: string } };
  queue: QueueTrack;
}

interface Menu {
  x: number;
  y: number;
  index: number;
}

/**
 * Track rows as in the original client: double-click or Enter plays the row in its
 * context; click selects (Ctrl/Shift for several); right-click opens the row's menu;
 * selected rows can be dragged (onto a playlist in the sidebar).
 */
export interface TrackListProps {
  items: TrackListItem[];
  contextUri: string;
  label: string;
  showAlbum?: boolean;
  numbered?: boolean;
  /** Rows can be dragged to a new place (playlists): from index, to the index it goes before. */
  onReorder?: (from: number, insertBefore: number) => void;
  /** "Remove from this playlist" in the row menu. */
  onRemove?: (index: number) => void;
}

const ROW = 36;

export function TrackList({ items, contextUri, label, showAlbum = true, numbered = false, onReorder, onRemove }: TrackListProps) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState(0);
  const [menu, setMenu] = useState<Menu | null>(null);
  const playingId = usePlayer().current?.id;
  const [dropAt, setDropAt] = useState<number | null>(null);
  const visible = useWindow(items.length);
  const play = (index: number) => void player.playContext(items.map((i) => i.queue), index, contextUri);

  function select(index: number, event: MouseEvent | KeyboardEvent) {
    if (event.shiftKey) {
      const [from, to] = [Math.min(anchor, index), Math.max(anchor, index)];
      setSelected(new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i)));
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      const next = new Set(selected);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      setSelected(next);
    } else setSelected(new Set([index]));
    setAnchor(index);
  }

  const chosen = (index: number) => (selected.has(index) ? [...selected].sort((a, b) => a - b) : [index]).map((i) => items[i]!);

  return (
    <div className="track-table" role="grid" aria-label={label} aria-multiselectable="true">
      <div className="track-head" role="row">
        <span role="columnheader">{numbered ? '#' : ''}</span>
        <span role="columnheader">Title</span>
        <span role="columnheader">Artist</span>
        {showAlbum && <span role="columnheader">Album</span>}
        <span role="columnheader">Time</span>
      </div>
      {visible.before > 0 && <div style={{ height: visible.before * ROW }} aria-hidden="true" />}
      {items.slice(visible.start, visible.end).map((item, offset) => {
        const index = visible.start + offset;
        return (
        <div
          key={`${item.track.id}-${index}`}
          role="row"
          tabIndex={0}
          aria-selected={selected.has(index)}
          aria-rowindex={index + 2}
          className={`track ${selected.has(index) ? 'selected' : ''} ${playingId === item.track.id ? 'playing' : ''} ${dropAt === index ? 'drop-before' : ''}`}
          draggable
          onDragStart={(e) => {
            const uris = chosen(index).map((i) => i.track.uri);
            e.dataTransfer.setData('application/x-runnel-uris', JSON.stringify(uris));
            e.dataTransfer.setData('text/plain', uris.join('\n'));
            if (onReorder) e.dataTransfer.setData('application/x-runnel-row', String(index));
            e.dataTransfer.effectAllowed = onReorder ? 'copyMove' : 'copy';
          }}
          onDragOver={(e) => {
            if (!onReorder || !e.dataTransfer.types.includes('application/x-runnel-row')) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            setDropAt(index);
          }}
          onDragLeave={() => setDropAt(null)}
          onDrop={(e) => {
            const from = e.dataTransfer.getData('application/x-runnel-row');
            setDropAt(null);
            if (!onReorder || from === '') return;
            e.preventDefault();
            if (Number(from) !== index) onReorder(Number(from), index);
          }}
          onClick={(e) => select(index, e)}
          onDoubleClick={() => play(index)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') play(index);
            else if (e.key === 'ArrowDown') (e.currentTarget.nextElementSibling as HTMLElement | null)?.focus();
            else if (e.key === 'ArrowUp') (e.currentTarget.previousElementSibling as HTMLElement | null)?.focus();
            else if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
              const box = e.currentTarget.getBoundingClientRect();
              setMenu({ x: box.left + 40, y: box.bottom, index });
            } else return;
            e.preventDefault();
          }}
          onContextMenu={(e) => {
            e.preventDefault();
            if (!selected.has(index)) setSelected(new Set([index]));
            setMenu({ x: e.clientX, y: e.clientY, index });
          }}
        >
          <span role="gridcell" className="muted num">{numbered ? item.track.track_number : ''}</span>
          <span role="gridcell" className="title">{item.track.name}</span>
          <span role="gridcell" className="muted ellipsis">
            {item.track.artists.map((a, i) => (
              <span key={a.id}>
                {i > 0 && ', '}
                <a href={`/artist/${a.id}`} onClick={(e) => { e.preventDefault(); e.stopPropagation(); navigate(`/artist/${a.id}`); }}>{a.name}</a>
              </span>
            ))}
          </span>
          {showAlbum && (
            <span role="gridcell" className="muted ellipsis">
              {item.track.album && <a href={`/album/${item.track.album.id}`} onClick={(e) => { e.preventDefault(); e.stopPropagation(); navigate(`/album/${item.track.album!.id}`); }}>{item.track.album.name}</a>}
            </span>
          )}
          <span role="gridcell" className="muted time-cell">{clock(item.track.duration_ms / 1000)}</span>
        </div>
        );
      })}
      {visible.after > 0 && <div style={{ height: visible.after * ROW }} aria-hidden="true" />}
      {menu && <RowMenu menu={menu} items={chosen(menu.index)} onPlay={() => play(menu.index)} onRemove={onRemove && (() => onRemove(menu.index))} onClose={() => setMenu(null)} />}
    </div>
  );
}

/**
 * Long lists render only the rows near the visible part of the scrolling view (plus a
 * margin), with spacers for the rest: 10,000 tracks scroll like 50.
 */
function useWindow(count: number) {
  const [range, setRange] = useState({ start: 0, end: Math.min(count, 120) });
  useEffect(() => {
    const view = document.getElementById('main');
    if (!view) return;
    const update = () => {
      const list = view.querySelector('.track-table') as HTMLElement | null;
      const top = list ? view.scrollTop - list.offsetTop : view.scrollTop;
      const first = Math.max(0, Math.floor(top / ROW) - 30);
      const visible = Math.ceil(view.clientHeight / ROW) + 60;
      setRange((r) => (r.start === first && r.end === Math.min(count, first + visible) ? r : { start: first, end: Math.min(count, first + visible) }));
    };
    update();
    view.addEventListener('scroll', update, { passive: true });
    addEventListener('resize', update);
    return () => {
      view.removeEventListener('scroll', update);
      removeEventListener('resize', update);
    };
  }, [count]);
  const start = Math.min(range.start, count);
  const end = Math.min(Math.max(range.end, start), count);
  return { start, end, before: start, after: count - end };
}

function RowMenu({ menu, items, onPlay, onRemove, onClose }: { menu: Menu; items: TrackListItem[]; onPlay: () => void; onRemove?: () => void; onClose: () => void }) {
  const first = items[0]!;
  const client = useQueryClient();
  const sidebar = client.getQueryData<Sidebar>(['sidebar']);
  const playlists = (sidebar?.items ?? []).filter((n) => n.type === 'playlist');
  const catalogue = items.filter((i) => i.track.uri.startsWith('runnel:track:'));
  const act = (fn: () => void) => () => {
    fn();
    onClose();
  };
  return (
    <>
      <div className="menu-backdrop" onClick={onClose} onContextMenu={(e) => { e.preventDefault(); onClose(); }} />
      <div className="menu context-menu" role="menu" style={{ left: Math.min(menu.x, innerWidth - 220), top: Math.min(menu.y, innerHeight - 260) }} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
        <button role="menuitem" autoFocus onClick={act(onPlay)}>Play</button>
        <button role="menuitem" onClick={act(() => void queueTracks(items.map((i) => i.queue), true))}>Play next</button>
        <button role="menuitem" onClick={act(() => void queueTracks(items.map((i) => i.queue)))}>Add to queue</button>
        {catalogue.length > 0 && <button role="menuitem" onClick={act(() => void star(catalogue.map((i) => i.track.id)).then(() => client.invalidateQueries({ queryKey: ['starred'] })))}>Star</button>}
        {catalogue.length > 0 && playlists.map((p) => (
          <button role="menuitem" key={p.id} onClick={act(() => void addToPlaylist(p.id, catalogue.map((i) => i.track.uri)).then(() => client.invalidateQueries({ queryKey: ['playlist', p.id] })))}>
            Add to “{p.name}”
          </button>
        ))}
        {onRemove && <button role="menuitem" onClick={act(onRemove)}>Remove from this playlist</button>}
        {first.track.album && <button role="menuitem" onClick={act(() => navigate(`/album/${first.track.album!.id}`))}>Go to album</button>}
        {first.track.artists[0] && <button role="menuitem" onClick={act(() => navigate(`/artist/${first.track.artists[0]!.id}`))}>Go to artist</button>}
        <button role="menuitem" onClick={act(() => void navigator.clipboard?.writeText(`${location.origin}/track/${first.track.id}`))}>Copy link</button>
      </div>
    </>
  );
}
