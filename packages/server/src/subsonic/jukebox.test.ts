import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listenLocally } from '../testing/app.ts';
import { testDevice, type TestDevice } from '../testing/test-device.ts';
import { caller, fails, ok, okXml, trackIds, type Caller } from './testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from './testing.ts';

interface Status {
  currentIndex: number;
  playing: boolean;
  gain: number;
  position: number;
}

describe('subsonic: jukeboxControl drives a device of the user', () => {
  let fx: SubsonicFixture;
  let ids: Map<string, string>;
  let me: Caller;
  let box: TestDevice;
  const id = (title: string) => ids.get(title)!;
  before(async () => {
    fx = await subsonicFixture();
    ids = await trackIds(fx.app);
    me = caller(fx.user);
    const base = await listenLocally(fx.app);
    box = await testDevice(base, fx.user.token, 'box-kitchen', 'Kitchen', 'box');
  });
  after(async () => {
    box.close();
    await fx.close();
  });

  const status = async () => (await ok(fx.app, me, 'jukeboxControl', { action: 'status' })).jukeboxStatus as Status;

  test('set, start, add, skip, stop, setGain, remove, shuffle, clear: each answered with the box’s own status, valid XML', async () => {
    const set = await okXml(fx.app, me, 'jukeboxControl', { action: 'set', id: [id('Zebra'), id('Norway')] });
    assert.match(set, /<jukeboxStatus currentIndex="0" playing="false" gain="0.5" position="0"\/>/);
    assert.deepEqual(box.state.uris, [`runnel:track:${id('Zebra')}`, `runnel:track:${id('Norway')}`]);

    assert.match(await okXml(fx.app, me, 'jukeboxControl', { action: 'start' }), /playing="true"/);
    assert.equal(box.state.is_playing, true);
    assert.match(await okXml(fx.app, me, 'jukeboxControl', { action: 'add', id: id('Mouthwash') }), /<jukeboxStatus currentIndex="0" playing="true"/);
    assert.equal(box.state.uris.length, 3);

    const skipped = await okXml(fx.app, me, 'jukeboxControl', { action: 'skip', index: 2, offset: 1 });
    assert.match(skipped, /<jukeboxStatus currentIndex="2" playing="true" gain="0.5" position="1"\/>/);
    assert.equal(box.commands.at(-1)?.position_ms, 1000);

    assert.match(await okXml(fx.app, me, 'jukeboxControl', { action: 'stop' }), /playing="false"/);
    assert.equal(box.state.is_playing, false);
    // The box played on from 1 s until the stop reached it (longer on a loaded machine).
    const stoppedAt = (await status()).position;
    assert.ok(stoppedAt >= 1, `stopped at ${stoppedAt} s`);
    assert.match(await okXml(fx.app, me, 'jukeboxControl', { action: 'setGain', gain: 0.8 }), /gain="0.8"/);
    assert.equal(box.state.volume_percent, 80);

    const listed = (await ok(fx.app, me, 'jukeboxControl', { action: 'get' })).jukeboxPlaylist as Status & { entry: { title: string }[] };
    assert.deepEqual(
      listed.entry.map((e) => e.title),
      ['Zebra', 'Norway', 'Mouthwash'],
    );
    assert.equal(listed.currentIndex, 2);
    assert.match(
      await okXml(fx.app, me, 'jukeboxControl', { action: 'get' }),
      new RegExp(`<jukeboxPlaylist currentIndex="2" playing="false" gain="0.8" position="${stoppedAt}"><entry id=`),
    );

    await okXml(fx.app, me, 'jukeboxControl', { action: 'remove', index: 0 });
    assert.equal(box.state.uris.length, 2);
    await okXml(fx.app, me, 'jukeboxControl', { action: 'shuffle' });
    assert.equal(box.state.shuffle, true);
    assert.match(await okXml(fx.app, me, 'jukeboxControl', { action: 'clear' }), /<jukeboxStatus currentIndex="-1" playing="false"/);
    assert.deepEqual(box.state.uris, []);
    assert.deepEqual(
      box.commands.map((c) => c.action),
      ['play', 'resume', 'add', 'play', 'pause', 'volume', 'remove', 'shuffle', 'clear'],
    );
    assert.equal((await status()).playing, false);
  });

  test('bad parameters are Subsonic errors; a user with no device online gets 70', async () => {
    await fails(fx.app, me, 'jukeboxControl', {}, 10);
    await fails(fx.app, me, 'jukeboxControl', { action: 'dance' }, 0);
    await fails(fx.app, me, 'jukeboxControl', { action: 'setGain', gain: 'loud' }, 0);
    await fails(fx.app, me, 'jukeboxControl', { action: 'setGain', gain: 2 }, 0);
    await fails(fx.app, me, 'jukeboxControl', { action: 'skip' }, 10);
    await fails(fx.app, me, 'jukeboxControl', { action: 'add', id: 'nosuch' }, 0);
    const other = caller(await fx.app.makeUser());
    await fails(fx.app, other, 'jukeboxControl', { action: 'status' }, 70);
  });
});
