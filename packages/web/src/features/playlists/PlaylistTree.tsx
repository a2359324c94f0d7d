import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SidebarNode } from '@runnel/api';
import { navigate } from '../../app/router.ts';
import { live } from '../../api/live-instance.ts';
import { addToPlaylist, createPlaylist, fetchSidebar } from './api.ts';

/** The sidebar's playlists and folders, "New playlist", and drop targets for dragged tracks. */
export function PlaylistTree({ path }: { path: string }) {
  const client = useQueryClient();
  const sidebar = useQuery({ queryKey: ['sidebar'], queryFn: fetchSidebar });
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  // A read-only playlist tracks were dragged onto: said aloud, and for a few seconds after.
  const [refused, setRefused] = useState<SidebarNode | null>(null);
  useEffect(() => {
    if (!refused) return;
    const timer = setTimeout(() => setRefused(null), 5000);
    return () => clearTimeout(timer);
  }, [refused]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  useEffect(() => live.on('playlist.changed', () => void client.invalidateQueries({ queryKey: ['sidebar'] })), [client]);

  async function newPlaylist() {
    const name = prompt('Name of the new playlist', 'New playlist');
    if (!name) return;
    const { id } = await createPlaylist(name);
    await client.invalidateQueries({ queryKey: ['sidebar'] });
    navigate(`/playlist/${id}`);
  }

  const hidden = (node: SidebarNode, nodes: SidebarNode[]): boolean => {
    let parent = node.parent_id;
    while (parent) {
      if (collapsed.has(parent)) return true;
      parent = nodes.find((n) => n.id === parent)?.parent_id ?? null;
    }
    return false;
  };
  const nodes = sidebar.data?.items ?? [];
  return (
    <div className="playlists" aria-label="Playlists" role="group">
      <div className="sidebar-heading">Playlists</div>
      <ul>
        {nodes.filter((n) => !hidden(n, nodes)).map((node) => (
          <li key={node.id} style={{ paddingLeft: node.depth * 12 }}>
            {node.type === 'folder' ? (
              <button className="folder" aria-expanded={!collapsed.has(node.id)} onClick={() => setCollapsed((c) => { const next = new Set(c); if (next.has(node.id)) next.delete(node.id); else next.add(node.id); return next; })}>
                {collapsed.has(node.id) ? '▸' : '▾'} {node.name}
              </button>
            ) : (
              <a
                href={`/playlist/${node.id}`}
                aria-current={path === `/playlist/${node.id}` ? 'page' : undefined}
                className={dropTarget === node.id ? (node.editable ? 'drop' : 'no-drop') : ''}
                title={node.editable ? undefined : 'Read-only: only its owner and collaborators can add tracks'}
                onClick={(e) => { e.preventDefault(); navigate(`/playlist/${node.id}`); }}
                onDragOver={(e) => {
                  if (!e.dataTransfer.types.includes('application/x-runnel-uris')) return;
                  setDropTarget(node.id);
                  if (!node.editable) {
                    // Not calling preventDefault refuses the drop (the not-allowed cursor).
                    setRefused(node);
                    return;
                  }
                  setRefused(null);
                  e.preventDefault();
                  e.dataTransfer.dropEffect = 'copy';
                }}
                onDragLeave={() => setDropTarget(null)}
                onDrop={async (e) => {
                  e.preventDefault();
                  setDropTarget(null);
                  if (!node.editable) return;
                  const uris = JSON.parse(e.dataTransfer.getData('application/x-runnel-uris')) as string[];
                  await addToPlaylist(node.id, uris);
                  await client.invalidateQueries({ queryKey: ['playlist', node.id] });
                }}
              >
                {node.name}
              </a>
            )}
          </li>
        ))}
      </ul>
      <p className="drop-refused" role="status">{refused && `“${refused.name}” is read-only: only its owner and collaborators can add tracks.`}</p>
      <button className="new-playlist" onClick={() => void newPlaylist()}>+ New playlist</button>
    </div>
  );
}
