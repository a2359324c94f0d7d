import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ItemUri } from '@runnel/api';
import { Value } from 'typebox/value';
import { localTrack } from '../../../../server/src/playlists/local.ts';
import { localUri } from './local-uri.ts';

/** Whether the API's own schema for an item uri accepts it. */
const valid = (uri: string) => Value.Check(ItemUri, uri);

test('a local file uri is accepted by the API and reads back as the same tags on the server', () => {
  const file = { key: '0a1b2c3d4e5f', artist: 'Sigur Rós: live', album: 'Ágætis byrjun', title: 'Svefn-g-englar (10:04 edit) 🌊', durationMs: 604_250.4 };
  const uri = localUri(file);
  assert.ok(valid(uri), uri);
  const track = localTrack(uri);
  assert.equal(track.local_key, file.key);
  assert.equal(track.name, file.title);
  assert.deepEqual(track.artists, [{ name: file.artist, type: 'artist', id: null, uri: null }]);
  assert.equal((track.album as { name: string }).name, file.album);
  assert.equal(track.duration_ms, 604_250);
});

test('over-long tags are cut to what the API takes, never in the middle of a character', () => {
  const uri = localUri({ key: 'k', artist: '', album: '', title: '🎸'.repeat(200), durationMs: 1000 });
  assert.ok(valid(uri), uri);
  const title = localTrack(uri).name as string;
  assert.ok(title.length > 0 && /^(🎸)+$/u.test(title), title);
});
