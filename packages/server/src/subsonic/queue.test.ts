import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertValidXml } from './schema.ts';
import { caller, ok, trackIds, type Caller } from './testing-calls.ts';
import { RELAXED_XSD, rest, subsonicFixture, xmllint, type SubsonicFixture } from './testing.ts';

describe('subsonic: play queue', () => {
  let fx: SubsonicFixture;
  let ids: Map<string, string>;
  let me: Caller;
  const id = (title: string) => ids.get(title)!;
  before(async () => {
    fx = await subsonicFixture();
    ids = await trackIds(fx.app);
    me = caller(fx.user);
  });
  after(() => fx.close());

  test('nothing saved: an empty response', async () => {
    const fresh = await fx.app.makeUser();
    assert.equal((await ok(fx.app, caller(fresh), 'getPlayQueue')).playQueue, undefined);
  });

  test('savePlayQueue → getPlayQueue (JSON, XML) and the native queue: the songs as saved, current at a position, the rest next up', async () => {
    await ok(fx.app, me, 'savePlayQueue', { id: [id('Zebra'), id('Norway'), id('Mouthwash')], current: id('Norway'), position: 61_500, c: 'DSub' });
    const queue = (await ok(fx.app, me, 'getPlayQueue', {}, { schema: false })).playQueue as {
      current: string;
      position: number;
      username: string;
      changed: string;
      changedBy: string;
      entry: { title: string }[];
    };
    assert.equal(queue.current, id('Norway'));
    assert.equal(queue.position, 61_500);
    assert.equal(queue.username, fx.user.username);
    assert.equal(queue.changedBy, 'DSub');
    assert.match(queue.changed, /^\d{4}-/);
    assert.deepEqual(
      queue.entry.map((e) => e.title),
      ['Zebra', 'Norway', 'Mouthwash'],
    );

    const native = (await fx.app.http.inject({ method: 'GET', url: '/api/v1/me/player/queue', headers: fx.user.auth })).json();
    assert.equal(native.currently_playing, `runnel:track:${id('Norway')}`);
    assert.deepEqual(
      native.next_up.map((i: { uri: string }) => i.uri),
      [`runnel:track:${id('Mouthwash')}`],
    );

    // The 1.16.1 schema types `current` as an int; Subsonic ids (and OpenSubsonic's) are strings.
    // Anything else in the document must be valid.
    const xml = await rest(fx.app, 'getPlayQueue', { u: me.username, p: me.password, v: '1.16.1', c: 'test' });
    assert.match(
      xml.body,
      new RegExp(`<playQueue current="${id('Norway')}" position="61500" username="${fx.user.username}" changed="[^"]+" changedBy="DSub"><entry id=`),
    );
    const complaints = xmllint(xml.body, RELAXED_XSD())
      .split('\n')
      .filter((l) => l.includes('Schemas validity error'));
    assert.ok(
      complaints.every((l) => /attribute 'current'/.test(l)),
      complaints.join('\n'),
    );
    assertValidXml(xml.body.replace(/ current="[^"]*"/, ''), 'getPlayQueue without current');
  });

  test('form POST, no current: the whole list is next up; no id empties the queue; unknown songs are 70, a stray current is 0', async () => {
    const post = await rest(
      fx.app,
      'savePlayQueue.view',
      { u: me.username, p: me.password, v: '1.16.1', c: 'test', f: 'json', id: [id('Zebra'), id('Norway')] },
      { post: true },
    );
    assert.equal(post.json.status, 'ok');
    const queue = (await ok(fx.app, me, 'getPlayQueue', {}, { schema: false })).playQueue as { current?: string; entry: { title: string }[] };
    assert.equal(queue.current, undefined);
    assert.deepEqual(
      queue.entry.map((e) => e.title),
      ['Zebra', 'Norway'],
    );
    const unknown = await rest(fx.app, 'savePlayQueue', { u: me.username, p: me.password, v: '1', c: 't', f: 'json', id: 'nosuch' });
    assert.equal(unknown.json.error?.code, 70);
    const stray = await rest(fx.app, 'savePlayQueue', { u: me.username, p: me.password, v: '1', c: 't', f: 'json', id: id('Zebra'), current: id('Norway') });
    assert.equal(stray.json.error?.code, 0);
    const xml = await rest(fx.app, 'savePlayQueue', { u: me.username, p: me.password, v: '1.16.1', c: 'test' });
    assertValidXml(xml.body, 'savePlayQueue');
    assert.equal((await ok(fx.app, me, 'getPlayQueue')).playQueue, undefined);
  });
});
