import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FolderContentRule, SidebarNode } from '@runnel/api';
import { ApiError } from '../../api/client.ts';
import { navigate } from '../../app/router.ts';
import { InlineName } from '../../ui/InlineName.tsx';
import { useT } from '../../i18n/use-t.ts';
import { addToPlaylist, deleteFolder, moveNode, renameFolder } from './api.ts';
import { FolderDelete } from './FolderDelete.tsx';
import { FolderMenu } from './FolderMenu.tsx';
import { NODE_TYPE, nodesInside, planDrop } from './sidebar-drop.ts';

const URIS = 'application/x-runnel-uris';

/** How a row shows what is dragged over it: taken into it, put before it, or refused. */
export type DropLook = 'drop' | 'drop-before' | 'no-drop';

/** The drag in progress over the sidebar, shared by its rows. */
export interface SidebarDrag {
  /** The sidebar node being dragged, if the drag is one. */
  dragging: string | null;
  over: { id: string; look: DropLook } | null;
  setDragging(id: string | null): void;
  setOver(over: { id: string; look: DropLook } | null): void;
}

interface Props {
  node: SidebarNode;
  nodes: SidebarNode[];
  path: string;
  expanded: boolean;
  onToggle(): void;
  drag: SidebarDrag;
  /** Whether the row can be moved (dragged, Alt+↑/↓): in the user's own order, not in a sorted one. */
  reorderable: boolean;
  /** A read-only playlist tracks were dragged onto (null: none any more). */
  onRefused(node: SidebarNode | null): void;
  /** Runs a change to the sidebar; says what went wrong if it fails. */
  attempt(change: () => Promise<unknown>): Promise<void>;
}

/**
 * One playlist or folder of the sidebar: a link or a folder toggle; a drop target for tracks
 * (playlists) and for other nodes (into a folder, before a playlist); draggable itself, or
 * moved with Alt+↑/↓. Folders are renamed in place (double-click, F2 or their menu).
 */
export function SidebarNodeRow({ node, nodes, path, expanded, onToggle, drag, reorderable, onRefused, attempt }: Props) {
  const t = useT();
  const client = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [menu, setMenu] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const more = useRef<HTMLButtonElement>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['sidebar'] });

  const move = (parentId: string | null, position: number) =>
    attempt(async () => {
      await moveNode(node.id, parentId, position);
      await refresh();
      document.querySelector<HTMLElement>(`[data-node="${node.id}"]`)?.focus();
    });

  function onKeyDown(e: KeyboardEvent) {
    if (!reorderable || !e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const last = nodes.filter((n) => n.parent_id === node.parent_id).length - 1;
    const to = node.index + (e.key === 'ArrowUp' ? -1 : 1);
    if (to >= 0 && to <= last) void move(node.parent_id, to);
  }

  function onDragOver(e: DragEvent) {
    const types = e.dataTransfer.types;
    if (types.includes(NODE_TYPE) && drag.dragging) {
      const plan = planDrop(nodes, drag.dragging, node.id);
      drag.setOver({ id: node.id, look: !plan ? 'no-drop' : plan.place === 'into' ? 'drop' : 'drop-before' });
      if (!plan) return; // not calling preventDefault refuses the drop
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      return;
    }
    if (!types.includes(URIS) || node.type !== 'playlist') return;
    drag.setOver({ id: node.id, look: node.editable ? 'drop' : 'no-drop' });
    if (!node.editable) {
      onRefused(node);
      return;
    }
    onRefused(null);
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }

  function onDrop(e: DragEvent) {
    drag.setOver(null);
    if (reorderable && e.dataTransfer.types.includes(NODE_TYPE)) {
      e.preventDefault();
      const dragged = e.dataTransfer.getData(NODE_TYPE);
      const plan = planDrop(nodes, dragged, node.id);
      if (plan) void attempt(() => moveNode(dragged, plan.parent_id, plan.position).then(refresh));
      return;
    }
    if (!e.dataTransfer.types.includes(URIS) || node.type !== 'playlist') return;
    e.preventDefault();
    if (!node.editable) return;
    const uris = JSON.parse(e.dataTransfer.getData(URIS)) as string[];
    void attempt(() => addToPlaylist(node.id, uris).then(() => client.invalidateQueries({ queryKey: ['playlist', node.id] })));
  }

  const remove = () =>
    attempt(async () => {
      if (nodesInside(nodes, node.id).length > 0) return setConfirming(true);
      try {
        await deleteFolder(node.id);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'folder_not_empty') return setConfirming(true); // filled meanwhile
        throw e;
      }
      await refresh();
    });
  const removeWith = (content: FolderContentRule) =>
    attempt(async () => {
      await deleteFolder(node.id, content);
      await refresh();
    });
  const rename = (name: string) =>
    attempt(async () => {
      if (name !== node.name) await renameFolder(node.id, name);
      await refresh();
    }).finally(() => setRenaming(false));

  const look = drag.over?.id === node.id ? drag.over.look : '';
  return (
    <li style={{ paddingLeft: node.depth * 16 }}>
      <div
        className={`node-row ${look}`}
        draggable={reorderable && !renaming}
        onDragStart={(e) => {
          e.dataTransfer.setData(NODE_TYPE, node.id);
          e.dataTransfer.effectAllowed = 'move';
          drag.setDragging(node.id);
        }}
        onDragEnd={() => {
          drag.setDragging(null);
          drag.setOver(null);
        }}
        onDragOver={onDragOver}
        onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && drag.setOver(null)}
        onDrop={onDrop}
        onKeyDown={onKeyDown}
      >
        {node.type === 'playlist' ? (
          <a
            href={`/playlist/${node.id}`}
            data-node={node.id}
            aria-current={path === `/playlist/${node.id}` ? 'page' : undefined}
            aria-keyshortcuts={reorderable ? 'Alt+ArrowUp Alt+ArrowDown' : undefined}
            title={node.smart ? t('sidebar.smart') : node.editable ? undefined : t('sidebar.readOnly')}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/playlist/${node.id}`);
            }}
          >
            {node.smart && (
              <span className="smart-mark" aria-label={t('sidebar.smartMark')} role="img">
                ✦
              </span>
            )}
            {node.name}
          </a>
        ) : renaming ? (
          <InlineName label={t('folder.nameLabel')} initial={node.name} onSave={(name) => void rename(name)} onCancel={() => setRenaming(false)} />
        ) : (
          <>
            <button
              className="folder"
              data-node={node.id}
              aria-expanded={expanded}
              aria-keyshortcuts="F2 Alt+ArrowUp Alt+ArrowDown"
              onClick={onToggle}
              onDoubleClick={() => setRenaming(true)}
              onKeyDown={(e) => e.key === 'F2' && setRenaming(true)}
              onContextMenu={(e) => {
                e.preventDefault();
                setMenu(true);
              }}
            >
              <span className="folder-mark" aria-hidden="true">
                {expanded ? '▾' : '▸'}
              </span>
              {node.name}
            </button>
            <button
              ref={more}
              className="node-more"
              aria-label={t('sidebar.moreFor', { name: node.name })}
              aria-haspopup="menu"
              aria-expanded={menu}
              onClick={() => setMenu(!menu)}
            >
              …
            </button>
          </>
        )}
        {menu && (
          <FolderMenu
            name={node.name}
            onRename={() => setRenaming(true)}
            onDelete={() => void remove()}
            onClose={() => {
              setMenu(false);
              more.current?.focus();
            }}
          />
        )}
      </div>
      {confirming && (
        <FolderDelete
          folder={node}
          inside={nodesInside(nodes, node.id)}
          onChoose={(c) => void removeWith(c)}
          onCancel={() => {
            setConfirming(false);
            more.current?.focus();
          }}
        />
      )}
    </li>
  );
}
