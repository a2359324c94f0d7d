import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BusEvent } from '../events/bus.ts';
import type { TestApp, TestUser } from '../testing/app.ts';
import { socialFixture, type SocialFixture } from './testing.ts';
import { testDbKind } from '../testing/database.ts';
import { TEST_ALBUM_IDS, TEST_TRACK_IDS } from '../testing/test-catalog.ts';

describe(`inbox and shares (${testDbKind})`, () => {
  let t: TestApp;
  let ann: TestUser;
  let bo: TestUser;
  let cy: TestUser;
  let call: SocialFixture['call'];
  before(async () => {
    ({
      t,
      users: [ann, bo, cy],
      call,
    } = await socialFixture());
  });
  after(() => t.close());

  const inbox = async (u: TestUser, query = '') => (await call(u, 'GET', `/me/inbox${query}`)).json();

  test('send a track to two people with a message: it lands in both inboxes, newest first, unread, live', async () => {
    const heard: BusEvent[] = [];
    const off = t.events.subscribe((e) => void (e.type === 'inbox.received' && heard.push(e)));
    const sent = await call(ann, 'POST', '/me/shares', {
      uri: `runnel:track:${TEST_TRACK_IDS[3]}`,
      to: [bo.me.id, cy.me.id],
      message: '  you will love this  ',
    });
    assert.equal(sent.statusCode, 201, sent.body);
    assert.deepEqual(sent.json(), { sent: 2 });
    assert.equal((await call(ann, 'POST', '/me/shares', { uri: `runnel:album:${TEST_ALBUM_IDS[1]}`, to: [bo.me.id] })).statusCode, 201);
    off();
    assert.deepEqual(
      heard.map((e) => e.users),
      [[bo.me.id], [cy.me.id], [bo.me.id]],
      'each recipient alone hears of it',
    );

    const box = await inbox(bo);
    assert.equal(box.total, 2);
    assert.equal(box.unread, 2);
    assert.deepEqual(
      box.items.map((i: { uri: string }) => i.uri),
      [`runnel:album:${TEST_ALBUM_IDS[1]}`, `runnel:track:${TEST_TRACK_IDS[3]}`],
    );
    const track = box.items[1];
    assert.equal(track.message, 'you will love this');
    assert.equal(track.from.id, ann.me.id);
    assert.equal(track.from.display_name, ann.me.display_name);
    assert.equal(track.item.id, TEST_TRACK_IDS[3]);
    assert.equal(track.read, false);
    assert.equal(box.items[0].message, null);
    assert.equal((await inbox(ann)).total, 0, 'the sender has nothing');
  });

  test('mark one read, then all; delete only your own', async () => {
    const first = (await inbox(bo)).items[0];
    assert.equal((await call(bo, 'PUT', '/me/inbox/read', { ids: [first.id] })).statusCode, 204);
    assert.equal((await inbox(bo)).unread, 1);
    assert.equal((await call(bo, 'PUT', '/me/inbox/read', {})).statusCode, 204, 'no ids: all of them');
    const box = await inbox(bo);
    assert.equal(box.unread, 0);
    assert.ok(box.items.every((i: { read: boolean }) => i.read));
    assert.equal((await call(cy, 'DELETE', `/me/inbox/${first.id}`)).statusCode, 404, "not cy's to delete");
    assert.equal((await call(bo, 'DELETE', `/me/inbox/${first.id}`)).statusCode, 204);
    assert.equal((await inbox(bo)).total, 1);
    const paged = await inbox(cy, '?limit=1');
    assert.equal(paged.items.length, 1);
    assert.equal(paged.next, null);
  });

  test('a private playlist goes only to people who may open it; unknown items and users, and yourself, are refused', async () => {
    const created = await call(ann, 'POST', '/me/playlists', { name: 'Just us', public: false });
    const playlist = created.json() as { id: string; uri: string };
    const refused = await call(ann, 'POST', '/me/shares', { uri: playlist.uri, to: [bo.me.id] });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'recipient_cannot_see');
    await call(ann, 'PUT', `/playlists/${playlist.id}/collaborators/${bo.me.id}`);
    assert.equal((await call(ann, 'POST', '/me/shares', { uri: playlist.uri, to: [bo.me.id] })).statusCode, 201, 'once invited, they may');
    assert.equal((await inbox(bo)).items[0].item.name, 'Just us');
    assert.equal((await call(cy, 'POST', '/me/shares', { uri: playlist.uri, to: [bo.me.id] })).statusCode, 404, 'cy cannot see it, so cannot send it');

    const cases: [object, number, string][] = [
      [{ uri: 'runnel:track:nosuchtrack', to: [bo.me.id] }, 404, 'item_not_found'],
      [{ uri: `runnel:track:${TEST_TRACK_IDS[0]}`, to: ['nosuchuser'] }, 404, 'user_not_found'],
      [{ uri: `runnel:track:${TEST_TRACK_IDS[0]}`, to: [ann.me.id] }, 400, 'cannot_send_to_self'],
      [{ uri: 'spotify:track:abc', to: [bo.me.id] }, 400, ''],
      [{ uri: `runnel:track:${TEST_TRACK_IDS[0]}`, to: [] }, 400, ''],
      [{ uri: `runnel:track:${TEST_TRACK_IDS[0]}`, to: [bo.me.id], message: 'x'.repeat(501) }, 400, ''],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(ann, 'POST', '/me/shares', body);
      assert.equal(res.statusCode, status, JSON.stringify(body));
      if (code) assert.equal(res.json().error.code, code);
    }
  });

  test('an item that is made private later shows as null, with its uri', async () => {
    const created = (await call(ann, 'POST', '/me/playlists', { name: 'Open for now' })).json() as { id: string; uri: string };
    await call(ann, 'POST', '/me/shares', { uri: created.uri, to: [cy.me.id] });
    await call(ann, 'PUT', `/playlists/${created.id}`, { public: false });
    const item = (await inbox(cy)).items.find((i: { uri: string }) => i.uri === created.uri);
    assert.equal(item.item, null);
  });
});
