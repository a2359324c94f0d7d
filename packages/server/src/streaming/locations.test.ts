import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInProcessBus } from '../events/bus.ts';
import type { TrackFile } from './files.ts';
import { cachedTrackFiles } from './locations.ts';

const file = (path: string): TrackFile => ({ path, size: 1, mtimeMs: 1, codec: 'mp3', suffix: 'mp3', bitrate: 320, durationMs: 1000 });

test('track locations are kept until the catalogue changes; unknown tracks and raced lookups are not kept', async () => {
  const events = createInProcessBus();
  const paths = new Map([['a', '/music/a.mp3']]);
  let lookups = 0;
  let during: (() => Promise<void>) | undefined;
  const files = cachedTrackFiles(
    {
      async locate(id) {
        lookups += 1;
        const path = paths.get(id);
        await during?.();
        return path === undefined ? undefined : file(path);
      },
    },
    events,
  );
  assert.equal((await files.locate('a'))?.path, '/music/a.mp3');
  assert.equal((await files.locate('a'))?.path, '/music/a.mp3');
  assert.equal(lookups, 1, 'the second request reads no catalogue');

  assert.equal(await files.locate('b'), undefined);
  paths.set('b', '/music/b.mp3');
  assert.equal((await files.locate('b'))?.path, '/music/b.mp3', 'a track added by a scan is found');

  paths.set('a', '/music/moved.mp3');
  await events.publish({ type: 'catalog.changed', data: {} });
  assert.equal((await files.locate('a'))?.path, '/music/moved.mp3', 'a change empties what was kept');

  // A lookup that started before a change answers its caller but is not kept.
  during = () => events.publish({ type: 'catalog.changed', data: {} });
  paths.set('a', '/music/old-answer.mp3');
  await events.publish({ type: 'catalog.changed', data: {} });
  await files.locate('a');
  during = undefined;
  paths.set('a', '/music/new.mp3');
  assert.equal((await files.locate('a'))?.path, '/music/new.mp3');
  files.close();
});
