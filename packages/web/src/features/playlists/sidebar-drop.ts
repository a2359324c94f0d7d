import type { SidebarNode } from '@runnel/api';

/** The dataTransfer type of a dragged sidebar node (its id); tracks use `application/x-runnel-uris`. */
export const NODE_TYPE = 'application/x-runnel-sidebar-node';

/** Where a dropped node goes: `position` among `parent_id`'s children once it has left its old place. */
export interface DropPlan {
  parent_id: string | null;
  position: number;
  /** How the target shows it: the node goes into the folder, before the row, or at the end of the top level. */
  place: 'into' | 'before' | 'end';
}

/** Whether `id` is `ancestorId` or somewhere inside it. */
function within(nodes: SidebarNode[], id: string | null, ancestorId: string): boolean {
  for (let at = id; at; at = nodes.find((n) => n.id === at)?.parent_id ?? null) if (at === ancestorId) return true;
  return false;
}

const siblings = (nodes: SidebarNode[], parentId: string | null, without: string) => nodes.filter((n) => n.parent_id === parentId && n.id !== without);

/**
 * What dropping `draggedId` on `targetId` does: onto a folder, into it at its end; onto a
 * playlist, just before it; `null` target: the end of the top level. Null when refused (a
 * node onto itself, a folder into itself or below itself).
 */
export function planDrop(nodes: SidebarNode[], draggedId: string, targetId: string | null): DropPlan | null {
  if (!nodes.some((n) => n.id === draggedId)) return null;
  if (targetId === null) return { parent_id: null, position: siblings(nodes, null, draggedId).length, place: 'end' };
  const target = nodes.find((n) => n.id === targetId);
  if (!target || within(nodes, target.id, draggedId)) return null;
  if (target.type === 'folder') return { parent_id: target.id, position: siblings(nodes, target.id, draggedId).length, place: 'into' };
  const position = siblings(nodes, target.parent_id, draggedId).findIndex((n) => n.id === target.id);
  return { parent_id: target.parent_id, position, place: 'before' };
}

/** The nodes a folder holds, at any depth (the list is in pre-order). */
export function nodesInside(nodes: SidebarNode[], id: string): SidebarNode[] {
  const start = nodes.findIndex((n) => n.id === id);
  if (start < 0) return [];
  let end = start + 1;
  while (end < nodes.length && nodes[end]!.depth > nodes[start]!.depth) end++;
  return nodes.slice(start + 1, end);
}
