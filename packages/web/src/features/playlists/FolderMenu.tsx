import type { KeyboardEvent } from 'react';
import { useT } from '../../i18n/use-t.ts';

/** Moves focus between a menu's items with the arrow keys, as a menu does. */
function arrows(e: KeyboardEvent<HTMLDivElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  e.preventDefault();
  const items = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
}

/** A folder's menu in the sidebar (its "…" button, or a right-click): rename, delete. */
export function FolderMenu({ name, onRename, onDelete, onClose }: { name: string; onRename(): void; onDelete(): void; onClose(): void }) {
  const t = useT();
  const act = (fn: () => void) => () => {
    onClose();
    fn();
  };
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
      <div className="menu node-menu" role="menu" aria-label={t('folder.label', { name })} onKeyDown={(e) => (e.key === 'Escape' ? onClose() : arrows(e))}>
        <button role="menuitem" autoFocus onClick={act(onRename)}>
          {t('common.rename')}
        </button>
        <button role="menuitem" onClick={act(onDelete)}>
          {t('common.delete')}
        </button>
      </div>
    </>
  );
}
