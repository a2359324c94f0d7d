import { useEffect, useRef } from 'react';
import type { FolderContentRule, SidebarNode } from '@runnel/api';
import { useT } from '../../i18n/use-t.ts';

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
  const t = useT();
  const first = useRef<HTMLButtonElement>(null);
  const folders = inside.filter((n) => n.type === 'folder').length;
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="folder-delete" role="group" aria-label={t('folder.deleteLabel', { name: folder.name })} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <p>{t('folder.deleteQuestion', { name: folder.name, folders, playlists: inside.length - folders })}</p>
      <button ref={first} onClick={() => onChoose('move_up')}>
        {t('folder.keepPlaylists')}
      </button>
      <button className="danger" onClick={() => onChoose('delete')}>
        {t('folder.deleteAll')}
      </button>
      <button onClick={onCancel}>{t('common.cancel')}</button>
    </div>
  );
}
