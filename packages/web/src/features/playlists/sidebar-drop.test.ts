import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SidebarNode } from '@runnel/api';
import { nodesInside, planDrop } from './sidebar-drop.ts';

const node = (id: string, type: SidebarNode['type'], parent_id: string | null, index: number, depth = 0): SidebarNode => ({
  id,
  type,
  name: id,
  parent_id,
  depth,
  index,
});
// Pre-order: a, F (b, G (c)), d
const nodes = [
  node('a', 'playlist', null, 0),
  node('F', 'folder', null, 1),
  node('b', 'playlist', 'F', 0, 1),
  node('G', 'folder', 'F', 1, 1),
  node('c', 'playlist', 'G', 0, 2),
  node('d', 'playlist', null, 2),
];

test('onto a folder: into it, at its end', () => {
  assert.deepEqual(planDrop(nodes, 'a', 'F'), { parent_id: 'F', position: 2, place: 'into' });
  assert.deepEqual(planDrop(nodes, 'b', 'F'), { parent_id: 'F', position: 1, place: 'into' }, 'already inside: its own place does not count');
});

test('onto a playlist: just before it, counted once the dragged node has left', () => {
  assert.deepEqual(planDrop(nodes, 'd', 'a'), { parent_id: null, position: 0, place: 'before' });
  assert.deepEqual(planDrop(nodes, 'a', 'd'), { parent_id: null, position: 1, place: 'before' });
  assert.deepEqual(planDrop(nodes, 'a', 'c'), { parent_id: 'G', position: 0, place: 'before' });
});

test('the end of the top level', () => {
  assert.deepEqual(planDrop(nodes, 'c', null), { parent_id: null, position: 3, place: 'end' });
  assert.deepEqual(planDrop(nodes, 'a', null), { parent_id: null, position: 2, place: 'end' });
});

test('refused: onto itself, a folder into itself or anything below it', () => {
  assert.equal(planDrop(nodes, 'a', 'a'), null);
  assert.equal(planDrop(nodes, 'F', 'F'), null);
  assert.equal(planDrop(nodes, 'F', 'G'), null);
  assert.equal(planDrop(nodes, 'F', 'c'), null);
  assert.deepEqual(planDrop(nodes, 'G', 'a'), { parent_id: null, position: 0, place: 'before' });
});

test('what a folder holds, at any depth', () => {
  assert.deepEqual(
    nodesInside(nodes, 'F').map((n) => n.id),
    ['b', 'G', 'c'],
  );
  assert.deepEqual(
    nodesInside(nodes, 'G').map((n) => n.id),
    ['c'],
  );
  assert.deepEqual(nodesInside(nodes, 'a'), []);
});
