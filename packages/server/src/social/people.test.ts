import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp, TestUser } from '../testing/app.ts';
import { socialFixture, type SocialFixture } from './testing.ts';
import { testDbKind } from '../testing/database.ts';
import { TEST_TRACK_IDS } from '../testing/test-catalog.ts';

describe(`people (${testDbKind})`, () => {
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

  test('follow and unfollow; both lists, newest first; following twice changes nothing', async () => {
    assert.equal((await call(ann, 'PUT', `/users/${bo.me.id}/followers`)).statusCode, 204);
    assert.equal((await call(ann, 'PUT', `/users/${bo.me.id}/followers`)).statusCode, 204);
    assert.equal((await call(ann, 'PUT', `/users/${cy.me.id}/followers`)).statusCode, 204);
    assert.equal((await call(bo, 'PUT', `/users/${ann.me.id}/followers`)).statusCode, 204);
    const people = (await call(ann, 'GET', '/me/people')).json();
    assert.deepEqual(people.following.map((p: { user: { id: string } }) => p.user.id).sort(), [bo.me.id, cy.me.id].sort());
    assert.deepEqual(
      people.followers.map((p: { user: { id: string } }) => p.user.id),
      [bo.me.id],
    );
    const bob = people.following.find((p: { user: { id: string } }) => p.user.id === bo.me.id);
    assert.equal(bob.follows_you, true);
    assert.equal(bob.you_follow, true);
    assert.equal(bob.user.display_name, bo.me.display_name);
    assert.equal((await call(ann, 'DELETE', `/users/${cy.me.id}/followers`)).statusCode, 204);
    assert.deepEqual(
      (await call(ann, 'GET', '/me/people')).json().following.map((p: { user: { id: string } }) => p.user.id),
      [bo.me.id],
    );
    assert.equal((await call(ann, 'PUT', `/users/${ann.me.id}/followers`)).statusCode, 400, 'not yourself');
    assert.equal((await call(ann, 'PUT', '/users/nosuchuser/followers')).statusCode, 404);
  });

  test('what someone is playing shows to the people who follow them, not to others', async () => {
    const res = await call(bo, 'PUT', '/me/player/now-playing', { uri: `runnel:track:${TEST_TRACK_IDS[5]}` });
    assert.equal(res.statusCode, 204, res.body);
    const seen = (await call(ann, 'GET', '/me/people')).json().following.find((p: { user: { id: string } }) => p.user.id === bo.me.id);
    assert.equal(seen.now_playing.track.id, TEST_TRACK_IDS[5]);
    // Cy does not follow Bo; Bo follows nobody who plays; Ann appears to Bo as a follower only.
    assert.equal((await call(cy, 'GET', '/me/people')).json().following.length, 0);
    const boSees = (await call(bo, 'GET', '/me/people')).json();
    assert.equal(boSees.followers.find((p: { user: { id: string } }) => p.user.id === ann.me.id).now_playing, null);
    assert.equal((await call(bo, 'PUT', '/me/player/now-playing', { uri: 'runnel:track:nosuchtrack' })).statusCode, 404);
    assert.equal((await call(bo, 'PUT', '/me/player/now-playing', { uri: 'runnel:album:x' })).statusCode, 400);
  });

  test('a profile: name, followers, whether you follow, public playlists only', async () => {
    await call(bo, 'POST', '/me/playlists', { name: 'Out loud' });
    await call(bo, 'POST', '/me/playlists', { name: 'Diary', public: false });
    const profile = (await call(ann, 'GET', `/users/${bo.me.id}`)).json();
    assert.equal(profile.display_name, bo.me.display_name);
    assert.equal(profile.followers.total, 1);
    assert.equal(profile.you_follow, true);
    assert.deepEqual(
      profile.playlists.map((p: { name: string }) => p.name),
      ['Out loud'],
    );
    assert.equal((await call(cy, 'GET', `/users/${bo.me.id}`)).json().you_follow, false);
    assert.equal((await call(cy, 'GET', '/users/nosuchuser')).statusCode, 404);
  });

  test('a deleted user leaves both lists', async () => {
    const dee = await t.makeUser();
    await call(dee, 'PUT', `/users/${ann.me.id}/followers`);
    await call(ann, 'PUT', `/users/${dee.me.id}/followers`);
    await t.accounts.deleteUser(dee.me.id);
    const people = (await call(ann, 'GET', '/me/people')).json();
    assert.ok(![...people.following, ...people.followers].some((p: { user: { id: string } }) => p.user.id === dee.me.id));
  });
});
