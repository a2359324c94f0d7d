import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { player, usePlayingId } from '../audio/player.ts';
import { isStored } from '../offline/store.ts';
import { usePhone } from '../ui/use-phone.ts';
import { RowMenu, type MenuPosition } from './RowMenu.tsx';
import { isPlaylistUri, playableFrom, type TrackListItem } from './row.ts';
import { TrackRow, type RowHandlers } from './TrackRow.tsx';
import { useDragReorder } from './use-drag-reorder.ts';
import { useWindow } from './use-window.ts';
import { useT } from '../i18n/use-t.ts';

export type { TrackListItem } from './row.ts';

/**
 * Track rows as in the original client: double-click or Enter plays the row in its
 * context; click selects (Ctrl/Shift for several); right-click opens the row's menu;
 * selected rows can be dragged (onto a playlist in the sidebar). Rows that cannot play
 * here (a local file from another device) are greyed, say why, and are skipped.
 * On a phone (touch): a tap plays, each row has a "More" button for its menu, and rows
 * that can be reordered have a handle to drag with a finger.
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

export function TrackList({
  items,
  contextUri,
  label,
  showAlbum = true,
  numbered = false,
  onReorder,
  onRemove,
  removeLabel,
  markLocal = true,
}: TrackListProps) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [menu, setMenu] = useState<MenuPosition | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const t = useT();
  const playingId = usePlayingId();
  const touch = usePhone();
  const table = useRef<HTMLDivElement>(null);
  const visible = useWindow(items.length, table, touch);
  const touchDrag = useDragReorder(onReorder, items.length);
  const moving = touchDrag.drag?.from;
  const dropAt = touchDrag.drag ? touchDrag.dropAt : dragOver;

  // The rows' handlers read the latest props and state from here, so they can stay one object.
  const latest = useRef({ items, contextUri, selected, anchor: 0, onReorder, touch });
  useLayoutEffect(() => {
    Object.assign(latest.current, { items, contextUri, selected, onReorder, touch });
  });
  const on = useMemo<RowHandlers>(() => {
    const now = latest.current;
    const chosen = (index: number) => (now.selected.has(index) ? [...now.selected].sort((a, b) => a - b) : [index]).map((i) => now.items[i]!);
    const play = (index: number) => {
      if (!now.items[index] || now.items[index].unavailable) return;
      const { tracks, start } = playableFrom(now.items, index);
      void player.playContext(tracks, start, now.contextUri);
    };
    const openMenu = (x: number, y: number, index: number) => setMenu({ x, y, index, items: chosen(index) });
    // A click may be the first half of a double-click, and a focused row may be played with
    // Enter: a track stored on this device starts loading at once, at no cost to the server
    // (one that is not stored waits for the play).
    const warm = (index: number) => {
      const item = now.items[index];
      if (item && !item.unavailable && isStored(item.queue.id)) player.warm(item.queue);
    };
    return {
      play,
      focus: warm,
      click(index, event) {
        if (now.touch && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
          setSelected(new Set([index]));
          now.anchor = index;
          play(index);
          return;
        }
        if (event.shiftKey) {
          const [from, to] = [Math.min(now.anchor, index), Math.max(now.anchor, index)];
          setSelected(new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i)));
          return;
        }
        if (event.ctrlKey || event.metaKey) {
          const next = new Set(now.selected);
          if (next.has(index)) next.delete(index);
          else next.add(index);
          setSelected(next);
        } else setSelected(new Set([index]));
        now.anchor = index;
        warm(index);
      },
      key(index, e) {
        if ((e.target as HTMLElement).closest('button')) return; // a row's own buttons (phone) handle their keys
        const sibling = (element: Element | null) => (element?.getAttribute('role') === 'row' ? (element as HTMLElement) : null);
        if (e.key === 'Enter') play(index);
        else if (e.key === 'ArrowDown') sibling(e.currentTarget.nextElementSibling)?.focus();
        else if (e.key === 'ArrowUp') sibling(e.currentTarget.previousElementSibling)?.focus();
        else if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
          const box = e.currentTarget.getBoundingClientRect();
          openMenu(box.left + 40, box.bottom, index);
        } else return;
        e.preventDefault();
      },
      menu(index, e) {
        e.preventDefault();
        if (!now.selected.has(index)) {
          now.selected = new Set([index]);
          setSelected(now.selected);
        }
        openMenu(e.clientX, e.clientY, index);
      },
      more(index, e) {
        e.stopPropagation();
        now.selected = new Set([index]);
        setSelected(now.selected);
        const box = e.currentTarget.getBoundingClientRect();
        openMenu(box.left, box.bottom, index);
      },
      dragStart(index, e) {
        const uris = chosen(index)
          .map((i) => i.track.uri)
          .filter(isPlaylistUri);
        e.dataTransfer.setData('application/x-runnel-uris', JSON.stringify(uris));
        e.dataTransfer.setData('text/plain', uris.join('\n'));
        if (now.onReorder) e.dataTransfer.setData('application/x-runnel-row', String(index));
        e.dataTransfer.effectAllowed = now.onReorder ? 'copyMove' : 'copy';
      },
      dragOver(index, e) {
        if (!now.onReorder || !e.dataTransfer.types.includes('application/x-runnel-row')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setDragOver(index);
      },
      dragLeave: () => setDragOver(null),
      drop(index, e) {
        const from = e.dataTransfer.getData('application/x-runnel-row');
        setDragOver(null);
        if (!now.onReorder || from === '') return;
        e.preventDefault();
        if (Number(from) !== index) now.onReorder(Number(from), index);
      },
    };
  }, []);

  return (
    <div
      className={`track-table${showAlbum ? '' : ' no-album'}`}
      role="grid"
      aria-label={label}
      aria-multiselectable="true"
      aria-rowcount={items.length + 1}
      ref={table}
    >
      <div className="track-head" role="row" aria-rowindex={1}>
        <span role="columnheader">{numbered ? '#' : ''}</span>
        <span role="columnheader">{t('tracks.title')}</span>
        <span role="columnheader">{t('tracks.artist')}</span>
        {showAlbum && <span role="columnheader">{t('tracks.album')}</span>}
        <span role="columnheader">{t('tracks.time')}</span>
        {touch && (
          <span role="columnheader" className="sr-only">
            {t('tracks.actions')}
          </span>
        )}
      </div>
      {visible.before > 0 && <div style={{ height: visible.before * visible.row }} aria-hidden="true" />}
      {items.slice(visible.start, visible.end).map((item, offset) => {
        const index = visible.start + offset;
        return (
          <TrackRow
            // Keyed by slot, not by track: a row scrolled out lends its DOM to the one
            // scrolled in (a jump updates text instead of replacing every element).
            key={index % (visible.end - visible.start)}
            item={item}
            index={index}
            selected={selected.has(index)}
            playing={playingId === item.queue.id}
            drop={dropAt === index ? 'before' : dropAt === items.length && index === items.length - 1 ? 'after' : undefined}
            moving={moving === index}
            touch={touch}
            handle={touch && onReorder ? touchDrag.handle : undefined}
            showAlbum={showAlbum}
            numbered={numbered}
            markLocal={markLocal}
            on={on}
          />
        );
      })}
      {visible.after > 0 && <div style={{ height: visible.after * visible.row }} aria-hidden="true" />}
      {menu && (
        <RowMenu
          menu={menu}
          onPlay={() => on.play(menu.index)}
          onRemove={onRemove && (() => onRemove(menu.index))}
          removeLabel={removeLabel ?? t('tracks.removeFromPlaylist')}
          onClose={() => setMenu(null)}
        />
      )}
    </div>
  );
}
