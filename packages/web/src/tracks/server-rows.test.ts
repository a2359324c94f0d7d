import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goneTrack } from '../../../server/src/playlists/render.ts';
import { GONE, serverRow } from './server-rows.ts';

test("a playlist item whose track left the catalogue is an unavailable row that keeps the item's uri (to remove it)", () => {
  const row = serverRow(goneTrack('vanished1', 'runnel:track:vanished1'), new Set(), 'gone:e1');
  assert.equal(row.unavailable, GONE);
  assert.equal(row.track.uri, 'runnel:track:vanished1');
  assert.equal(row.track.id, null, 'no links or star for a track that is not there');
  assert.equal(row.queue.id, 'gone:e1');
});

test('a missing track (null, as in history) is an unavailable row too', () => {
  const row = serverRow(null, new Set(), 'gone:e2');
  assert.equal(row.unavailable, GONE);
  assert.equal(row.track.uri, '');
});
