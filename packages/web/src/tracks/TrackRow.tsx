import { memo, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { navigate } from '../app/router.ts';
import { clock } from '../ui/format.ts';
import { Icon } from '../ui/icons.tsx';
import { useT } from '../i18n/use-t.ts';
import type { TrackListItem } from './row.ts';
import type { useDragReorder } from './use-drag-reorder.ts';

/** What a row does on input; one stable object per list, so rows need not re-render for it. */
export interface RowHandlers {
  click(index: number, event: MouseEvent): void;
  play(index: number): void;
  key(index: number, event: KeyboardEvent<HTMLDivElement>): void;
  /** The row got the keyboard's focus (Enter may play it next). */
  focus(index: number): void;
  menu(index: number, event: MouseEvent): void;
  /** The "More" button of a row on a phone: the row's menu, under the button. */
  more(index: number, event: MouseEvent<HTMLButtonElement>): void;
  dragStart(index: number, event: DragEvent): void;
  dragOver(index: number, event: DragEvent): void;
  dragLeave(): void;
  drop(index: number, event: DragEvent): void;
}

export interface TrackRowProps {
  item: TrackListItem;
  index: number;
  selected: boolean;
  playing: boolean;
  /** A dragged row would land before (or, past the last row, after) this one. */
  drop?: 'before' | 'after';
  /** This row is being dragged by its handle. */
  moving: boolean;
  showAlbum: boolean;
  numbered: boolean;
  markLocal: boolean;
  /** The phone's row: a "More" button for the menu, and the drag handle when rows can be reordered. */
  touch: boolean;
  handle?: ReturnType<typeof useDragReorder>['handle'];
  on: RowHandlers;
}

/**
 * One track row. Memoised: scrolling a long list renders only the rows that come into
 * view, and a change of selection or of the playing track only the rows it touches.
 */
export const TrackRow = memo(function TrackRow(props: TrackRowProps) {
  const { item, index, selected, playing, drop, moving, showAlbum, numbered, markLocal, touch, handle, on } = props;
  const t = useT();
  const classes = ['track', selected && 'selected', playing && 'playing', drop && `drop-${drop}`, moving && 'moving', item.unavailable && 'unavailable'];
  return (
    <div
      role="row"
      tabIndex={0}
      aria-selected={selected}
      aria-disabled={item.unavailable ? true : undefined}
      aria-rowindex={index + 2}
      title={item.unavailable && t(item.unavailable)}
      className={classes.filter(Boolean).join(' ')}
      draggable={!touch}
      onDragStart={(e) => on.dragStart(index, e)}
      onDragOver={(e) => on.dragOver(index, e)}
      onDragLeave={on.dragLeave}
      onDrop={(e) => on.drop(index, e)}
      onClick={(e) => on.click(index, e)}
      onDoubleClick={touch ? undefined : () => on.play(index)}
      onKeyDown={(e) => on.key(index, e)}
      onFocus={(e) => e.target === e.currentTarget && on.focus(index)}
      onContextMenu={(e) => on.menu(index, e)}
    >
      <span role="gridcell" className="muted num">
        {numbered ? item.track.track_number : ''}
      </span>
      <span role="gridcell" className="title">
        {item.track.name}
        {markLocal && item.track.uri.startsWith('runnel:local:') && (
          <span className="local-tag" title={t('track.localTitle')}>
            {t('track.local')}
          </span>
        )}
      </span>
      <span role="gridcell" className="muted ellipsis artist">
        {item.track.artists.map((a, i) => (
          <span key={a.id ?? `${a.name}-${i}`}>
            {i > 0 && ', '}
            <Link id={a.id} kind="artist" name={a.name} />
          </span>
        ))}
      </span>
      {showAlbum && (
        <span role="gridcell" className="muted ellipsis album">
          {item.track.album && <Link id={item.track.album.id} kind="album" name={item.track.album.name} />}
        </span>
      )}
      <span role="gridcell" className="muted time-cell">
        {clock(item.track.duration_ms / 1000)}
      </span>
      {touch && (
        <span role="gridcell" className="row-tools">
          {handle && (
            <button
              className="icon drag-handle"
              aria-label={t('track.move', { name: item.track.name })}
              title={t('queue.dragHint')}
              data-reorder={index}
              {...handle}
            >
              <Icon name="grip" size={22} />
            </button>
          )}
          <button className="icon" aria-label={t('track.more', { name: item.track.name })} aria-haspopup="menu" onClick={(e) => on.more(index, e)}>
            <Icon name="more" size={22} />
          </button>
        </span>
      )}
    </div>
  );
});

/** An artist or album: a link for catalogue items, plain text for a local file's tags. */
function Link({ id, kind, name }: { id: string | null; kind: 'artist' | 'album'; name: string }) {
  if (!id) return <>{name}</>;
  return (
    <a
      href={`/${kind}/${id}`}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        navigate(`/${kind}/${id}`);
      }}
    >
      {name}
    </a>
  );
}
