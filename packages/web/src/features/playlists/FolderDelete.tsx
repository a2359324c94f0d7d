import { useEffect, useRef } from 'react';
import type { FolderContentRule, SidebarNode } from '@runnel/api';

const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** "3 playlists", "1 folder and 2 playlists". */
function describe(inside: SidebarNode[]) {
  const folders = inside.filter((n) => n.type === 'folder').length;
  const playlists = inside.length - folders;
  return [folders && counted(folders, 'folder'), playlists && counted(playlists, 'playlist')].filter(Boolean).join(' and ');
}

/**
 * Asks, in place, what happens to a folder's content when the folder goes: its playlists
 * move up to where the folder was, or everything inside is deleted (own playlists) or
 * unfollowed (others').
 */
export function FolderDelete({
  folder,
  inside,
  onChoose,
  onCancel,
}: {
  folder: SidebarNode;
  /** Playlists and folders inside it, at any depth. */
  inside: SidebarNode[];
  onChoose(content: FolderContentRule): void;
  onCancel(): void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="folder-delete" role="group" aria-label={`Delete folder ${folder.name}`} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <p>
        Delete “{folder.name}”? It holds {describe(inside)}.
      </p>
      <button ref={first} onClick={() => onChoose('move_up')}>
        Keep its playlists
      </button>
      <button className="danger" onClick={() => onChoose('delete')}>
        Delete everything inside
      </button>
      <button onClick={onCancel}>Cancel</button>
    </div>
  );
}
