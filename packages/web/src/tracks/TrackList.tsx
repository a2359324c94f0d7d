import { useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { player, usePlayer } from '../audio/player.ts';
import { navigate } from '../app/router.ts';
import { clock } from '../ui/format.ts';
import { RowMenu, type MenuPosition } from './RowMenu.tsx';
import { isPlaylistUri, playableFrom, type TrackListItem } from './row.ts';
import { ROW, useWindow } from './use-window.ts';

export type { TrackListItem } from './row.ts';

/**
 * Track rows as in the original client: double-click or Enter plays the row in its
 * context; click selects (Ctrl/Shift for several); right-click opens the row's menu;
 * selected rows can be dragged (onto a playlist in the sidebar). Rows that cannot play
 * here (a local file from another device) are greyed, say why, and are skipped.
 */
export interface TrackListProps {
  items: TrackListItem[];
  contextUri: string;
  label: string;
  showAlbum?: boolean;
  numbered?: boolean;
  /** Rows can be dragged to a new place (playlists): from index, to the index it goes before. */
  onReorder?: (from: number, insertBefore: number) => void;
  /** The "remove" entry of the row menu (from this playlist, from this device). */
  onRemove?: (index: number) => void;
  removeLabel?: string;
  /** Tag local files as such (not needed where every row is one). */
  markLocal?: boolean;
}

export function TrackList({ items, contextUri, label, showAlbum = true, numbered = false, onReorder, onRemove, removeLabel = 'Remove from this playlist', markLocal = true }: TrackListProps) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [anchor, setAnchor] = useState(0);
  const [menu, setMenu] = useState<MenuPosition | null>(null);
  const playingId = usePlayer().current?.id;
  const [dropAt, setDropAt] = useState<number | null>(null);
  const table = useRef<HTMLDivElement>(null);
  const visible = useWindow(items.length, table);
  const play = (index: number) => {
    if (items[index]?.unavailable) return;
    const { tracks, start } = playableFrom(items, index);
    void player.playContext(tracks, start, contextUri);
  };

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
    <div className="track-table" role="grid" aria-label={label} aria-multiselectable="true" aria-rowcount={items.length + 1} ref={table}>
      <div className="track-head" role="row" aria-rowindex={1}>
        <span role="columnheader">{numbered ? '#' : ''}</span>
        <span role="columnheader">Title</span>
        <span role="columnheader">Artist</span>
        {showAlbum && <span role="columnheader">Album</span>}
        <span role="columnheader">Time</span>
      </div>
      {visible.before > 0 && <div style={{ height: visible.before * ROW }} aria-hidden="true" />}
      {items.slice(visible.start, visible.end).map((item, offset) => {
        const index = visible.start + offset;
        const classes = ['track', selected.has(index) && 'selected', playingId === item.queue.id && 'playing', dropAt === index && 'drop-before', item.unavailable && 'unavailable'];
        return (
        <div
          key={`${item.queue.id}-${index}`}
          role="row"
          tabIndex={0}
          aria-selected={selected.has(index)}
          aria-disabled={item.unavailable ? true : undefined}
          aria-rowindex={index + 2}
          title={item.unavailable}
          className={classes.filter(Boolean).join(' ')}
          draggable
          onDragStart={(e) => {
            const uris = chosen(index).map((i) => i.track.uri).filter(isPlaylistUri);
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
          <span role="gridcell" className="title">
            {item.track.name}
            {markLocal && item.track.uri.startsWith('runnel:local:') && <span className="local-tag" title="A file on a listener's device">Local</span>}
          </span>
          <span role="gridcell" className="muted ellipsis">
            {item.track.artists.map((a, i) => (
              <span key={a.id ?? `${a.name}-${i}`}>
                {i > 0 && ', '}
                <Link id={a.id} kind="artist" name={a.name} />
              </span>
            ))}
          </span>
          {showAlbum && (
            <span role="gridcell" className="muted ellipsis">
              {item.track.album && <Link id={item.track.album.id} kind="album" name={item.track.album.name} />}
            </span>
          )}
          <span role="gridcell" className="muted time-cell">{clock(item.track.duration_ms / 1000)}</span>
        </div>
        );
      })}
      {visible.after > 0 && <div style={{ height: visible.after * ROW }} aria-hidden="true" />}
      {menu && (
        <RowMenu menu={menu} items={chosen(menu.index)} onPlay={() => play(menu.index)} onRemove={onRemove && (() => onRemove(menu.index))} removeLabel={removeLabel} onClose={() => setMenu(null)} />
      )}
    </div>
  );
}

/** An artist or album: a link for catalogue items, plain text for a local file's tags. */
function Link({ id, kind, name }: { id: string | null; kind: 'artist' | 'album'; name: string }) {
  if (!id) return <>{name}</>;
  return <a href={`/${kind}/${id}`} onClick={(e) => { e.preventDefault(); e.stopPropagation(); navigate(`/${kind}/${id}`); }}>{name}</a>;
}

