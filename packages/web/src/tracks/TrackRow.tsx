import { memo, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { navigate } from '../app/router.ts';
import { clock } from '../ui/format.ts';
import type { TrackListItem } from './row.ts';

/** What a row does on input; one stable object per list, so rows need not re-render for it. */
export interface RowHandlers {
  click(index: number, event: MouseEvent): void;
  play(index: number): void;
  key(index: number, event: KeyboardEvent<HTMLDivElement>): void;
  menu(index: number, event: MouseEvent): void;
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
  dropBefore: boolean;
  showAlbum: boolean;
  numbered: boolean;
  markLocal: boolean;
  on: RowHandlers;
}

/**
 * One track row. Memoised: scrolling a long list renders only the rows that come into
 * view, and a change of selection or of the playing track only the rows it touches.
 */
export const TrackRow = memo(function TrackRow({ item, index, selected, playing, dropBefore, showAlbum, numbered, markLocal, on }: TrackRowProps) {
  const classes = ['track', selected && 'selected', playing && 'playing', dropBefore && 'drop-before', item.unavailable && 'unavailable'];
  return (
    <div
      role="row"
      tabIndex={0}
      aria-selected={selected}
      aria-disabled={item.unavailable ? true : undefined}
      aria-rowindex={index + 2}
      title={item.unavailable}
      className={classes.filter(Boolean).join(' ')}
      draggable
      onDragStart={(e) => on.dragStart(index, e)}
      onDragOver={(e) => on.dragOver(index, e)}
      onDragLeave={on.dragLeave}
      onDrop={(e) => on.drop(index, e)}
      onClick={(e) => on.click(index, e)}
      onDoubleClick={() => on.play(index)}
      onKeyDown={(e) => on.key(index, e)}
      onContextMenu={(e) => on.menu(index, e)}
    >
      <span role="gridcell" className="muted num">
        {numbered ? item.track.track_number : ''}
      </span>
      <span role="gridcell" className="title">
        {item.track.name}
        {markLocal && item.track.uri.startsWith('runnel:local:') && (
          <span className="local-tag" title="A file on a listener's device">
            Local
          </span>
        )}
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
      <span role="gridcell" className="muted time-cell">
        {clock(item.track.duration_ms / 1000)}
      </span>
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
