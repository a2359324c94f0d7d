import { useCallback, useEffect, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SidebarNode } from '@runnel/api';
import { errorText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/use-t.ts';
import { navigate } from '../../app/router.ts';
import { live } from '../../api/live-instance.ts';
import { InlineName } from '../../ui/InlineName.tsx';
import { createFolder, createPlaylist, fetchSidebar, moveNode } from './api.ts';
import { setPlaylistOrder, sidebarKey, usePlaylistOrder, type PlaylistOrder } from './order.ts';
import { NODE_TYPE, planDrop } from './sidebar-drop.ts';
import { SidebarNodeRow, type DropLook, type SidebarDrag } from './SidebarNodeRow.tsx';

/** A message shown for a few seconds (and said aloud by its live region). */
function useNotice<T>() {
  const [notice, setNotice] = useState<T | null>(null);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [notice]);
  return [notice, setNotice] as const;
}

/**
 * The sidebar's playlists and folders: new ones named in place, folders renamed and deleted
 * in place, nodes dragged into folders and between rows, and drop targets for dragged tracks.
 * In another order than the user's own (A–Z in the player's language, recently added: the
 * server's), the playlists are listed alone, flat, and are not dragged into order; a new
 * folder goes back to the user's own order, where folders are.
 */
export function PlaylistTree({ path }: { path: string }) {
  const t = useT();
  const client = useQueryClient();
  const order = usePlaylistOrder();
  const custom = order === 'custom';
  // While another order loads, the list shown stays as it was rather than blinking empty.
  const sidebar = useQuery({ queryKey: sidebarKey(order), queryFn: () => fetchSidebar(order), placeholderData: keepPreviousData });
  const [refused, setRefused] = useNotice<SidebarNode>();
  const [error, setError] = useNotice<string>();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState<'playlist' | 'folder' | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOverState] = useState<SidebarDrag['over']>(null);
  // dragover fires many times a second: only a change re-renders.
  const setOver = useCallback((next: SidebarDrag['over']) => setOverState((now) => (now?.id === next?.id && now?.look === next?.look ? now : next)), []);
  const drag: SidebarDrag = { dragging, over, setDragging, setOver };
  useEffect(() => live.on('playlist.changed', () => void client.invalidateQueries({ queryKey: ['sidebar'] })), [client]);
  const refresh = () => client.invalidateQueries({ queryKey: ['sidebar'] });

  async function attempt(change: () => Promise<unknown>) {
    setError(null);
    try {
      await change();
    } catch (e) {
      setError(errorText(e, 'playlist.changeNotSaved'));
      await refresh();
    }
  }

  const create = (kind: 'playlist' | 'folder', name: string) =>
    attempt(async () => {
      if (kind === 'folder') {
        await createFolder(name);
        setPlaylistOrder('custom');
      }
      const playlist = kind === 'playlist' ? await createPlaylist(name) : null;
      await refresh();
      if (playlist) navigate(`/playlist/${playlist.id}`);
    }).finally(() => setCreating(null));

  const nodes = sidebar.data?.items ?? [];
  const hidden = (node: SidebarNode): boolean => {
    for (let parent = node.parent_id; parent; parent = nodes.find((n) => n.id === parent)?.parent_id ?? null) if (collapsed.has(parent)) return true;
    return false;
  };
  const toggle = (id: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const endLook: DropLook | '' = over?.id === '' ? over.look : '';
  return (
    <div className="playlists" aria-label={t('search.playlists')} role="group">
      <div className="sidebar-heading-row">
        <div className="sidebar-heading">{t('search.playlists')}</div>
        {/* Nothing to order until there are two (a chosen order stays in sight). */}
        {(nodes.length > 1 || order !== 'custom') && (
          <select className="playlist-order" aria-label={t('sidebar.order')} value={order} onChange={(e) => setPlaylistOrder(e.target.value as PlaylistOrder)}>
            <option value="custom">{t('sidebar.orderCustom')}</option>
            <option value="name">{t('sidebar.orderName')}</option>
            <option value="added">{t('sidebar.orderAdded')}</option>
          </select>
        )}
      </div>
      <ul>
        {nodes
          .filter((n) => !hidden(n))
          .map((node) => (
            <SidebarNodeRow
              key={node.id}
              node={node}
              nodes={nodes}
              path={path}
              expanded={!collapsed.has(node.id)}
              onToggle={() => toggle(node.id)}
              drag={drag}
              reorderable={custom}
              onRefused={setRefused}
              attempt={attempt}
            />
          ))}
        {creating && (
          <li className="node-row creating">
            {creating === 'folder' && (
              <span className="folder-mark" aria-hidden="true">
                ▸
              </span>
            )}
            <InlineName
              key={creating}
              label={t('sidebar.newName', { kind: creating })}
              initial={t('sidebar.newInitial', { kind: creating })}
              onSave={(name) => void create(creating, name)}
              onCancel={() => setCreating(null)}
            />
          </li>
        )}
        {/* Below the last row: drop here to put a node at the end of the top level (in the user's own order; sorted rows do not drag). */}
        <li
          className={`drop-end ${endLook}`}
          aria-hidden="true"
          onDragOver={(e) => {
            if (!dragging || !e.dataTransfer.types.includes(NODE_TYPE) || !planDrop(nodes, dragging, null)) return;
            setOver({ id: '', look: 'drop-before' });
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
          }}
          onDragLeave={() => setOver(null)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(null);
            const dragged = e.dataTransfer.getData(NODE_TYPE);
            const plan = planDrop(nodes, dragged, null);
            if (plan) void attempt(() => moveNode(dragged, plan.parent_id, plan.position).then(refresh));
          }}
        />
      </ul>
      <p className="drop-refused" role="status">
        {refused && (refused.smart ? t('sidebar.refusedSmart', { name: refused.name }) : t('sidebar.refused', { name: refused.name }))}
      </p>
      {error && (
        <p className="error sidebar-error" role="alert">
          {error}
        </p>
      )}
      <div className="sidebar-new">
        <button className="new-playlist" onClick={() => setCreating('playlist')}>
          {t('sidebar.newPlaylist')}
        </button>
        <button className="new-playlist" onClick={() => setCreating('folder')}>
          {t('sidebar.newFolder')}
        </button>
        <button className="new-playlist" onClick={() => navigate('/smart/new')}>
          {t('sidebar.newSmartPlaylist')}
        </button>
      </div>
    </div>
  );
}
