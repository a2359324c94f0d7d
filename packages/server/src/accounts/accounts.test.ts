import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../testing/app.ts';
import { DUMMY_HASH } from './secrets.ts';

describe('accounts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.close());

  test('first run: setup creates the admin once, then refuses', async () => {
    const state = await t.http.inject({ method: 'GET', url: '/api/v1/auth/setup' });
    assert.deepEqual(state.json(), { needs_setup: true });
    const first = await t.http.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { username: 'Admin', password: 'correct horse' } });
    assert.equal(first.statusCode, 200);
    const body = first.json();
    assert.equal(body.token_type, 'Bearer');
    assert.ok(body.expires_in > 0);
    const cookie = first.cookies.find((c) => c.name === 'runnel_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie?.sameSite, 'Lax');
    const me = await t.http.inject({ method: 'GET', url: '/api/v1/me', cookies: { runnel_session: cookie!.value } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().role, 'admin');
    assert.equal(me.json().product, 'premium');
    const second = await t.http.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { username: 'other', password: 'correct horse' } });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.code, 'already_set_up');
  });

  test('login gives a bearer token shaped like a Spotify user; logout ends the session', async () => {
    await t.makeUser({ username: 'kate', password: 'do-wah-doo' });
    const login = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'KATE', password: 'do-wah-doo' } });
    assert.equal(login.statusCode, 200);
    const auth = { authorization: `Bearer ${login.json().access_token}` };
    const me = (await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: auth })).json();
    assert.equal(me.type, 'user');
    assert.equal(me.uri, `runnel:user:${me.id}`);
    assert.equal(me.product, 'free');
    assert.equal(me.display_name, 'kate');
    const out = await t.http.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth });
    assert.equal(out.statusCode, 204);
    const after = await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: auth });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'invalid_token');
  });

  test('wrong password and unknown user look the same', async () => {
    await t.makeUser({ username: 'robyn', password: 'fembot-123' });
    const wrong = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'robyn', password: 'nope' } });
    const unknown = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
  });

  test('display name and password changes', async () => {
    const u = await t.makeUser();
    const renamed = await t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: u.auth, payload: { display_name: 'Anna Bergendahl' } });
    assert.equal(renamed.json().display_name, 'Anna Bergendahl');
    const bad = await t.http.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: u.auth,
      payload: { current_password: 'wrong', new_password: 'a new password' },
    });
    assert.equal(bad.statusCode, 403);
    const other = await t.accounts.login(u.me.username, u.password, '127.0.0.2', null);
    const ok = await t.http.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: u.auth,
      payload: { current_password: u.password, new_password: 'a new password' },
    });
    assert.equal(ok.statusCode, 204);
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: u.auth })).statusCode, 200, 'this session stays');
    assert.equal(
      (await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${other.access_token}` } })).statusCode,
      401,
      'other sessions end',
    );
    const relog = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.me.username, password: 'a new password' } });
    assert.equal(relog.statusCode, 200);
  });

  test('personal API tokens: shown once, usable as bearer, listed, revoked', async () => {
    const u = await t.makeUser();
    const created = await t.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: u.auth, payload: { name: 'my script' } });
    assert.equal(created.statusCode, 201);
    const { id, token, name } = created.json();
    assert.equal(name, 'my script');
    assert.match(token, /^rt_/);
    const viaToken = await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(viaToken.json().id, u.me.id);
    const list = (await t.http.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: u.auth })).json();
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].token, undefined, 'the token is never shown again');
    assert.ok(list.items[0].last_used_at);
    const other = await t.makeUser();
    const steal = await t.http.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: other.auth });
    assert.equal(steal.statusCode, 404, "another user's token is not theirs to revoke");
    const revoke = await t.http.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: u.auth });
    assert.equal(revoke.statusCode, 204);
    const after = await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.statusCode, 401);
  });

  test('admin API: create, update tier and role, delete; never the last admin; users may not', async () => {
    const admin = await t.makeUser({ role: 'admin' });
    const user = await t.makeUser();
    const denied = await t.http.inject({ method: 'GET', url: '/api/v1/admin/users', headers: user.auth });
    assert.equal(denied.statusCode, 403);
    const created = await t.http.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: admin.auth,
      payload: { username: 'hotchip', password: 'i feel better', product: 'premium' },
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().product, 'premium');
    const dup = await t.http.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: admin.auth,
      payload: { username: 'HotChip', password: 'i feel better' },
    });
    assert.equal(dup.statusCode, 409);
    const id = created.json().id;
    const updated = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${id}`,
      headers: admin.auth,
      payload: { product: 'free', role: 'admin' },
    });
    assert.equal(updated.json().product, 'free');
    assert.equal(updated.json().role, 'admin');
    const list = (await t.http.inject({ method: 'GET', url: '/api/v1/admin/users?limit=2', headers: admin.auth })).json();
    assert.equal(list.items.length, 2);
    assert.ok(list.total >= 4);
    assert.equal((await t.http.inject({ method: 'DELETE', url: `/api/v1/admin/users/${id}`, headers: admin.auth })).statusCode, 204);
    assert.equal((await t.http.inject({ method: 'GET', url: `/api/v1/admin/users/${id}`, headers: admin.auth })).statusCode, 404);
  });

  test('the last administrator cannot be demoted or deleted', async () => {
    const solo = await testApp();
    try {
      const admin = await solo.makeUser({ role: 'admin' });
      const demote = await solo.http.inject({ method: 'PATCH', url: `/api/v1/admin/users/${admin.me.id}`, headers: admin.auth, payload: { role: 'user' } });
      assert.equal(demote.statusCode, 409);
      assert.equal(demote.json().error.code, 'last_admin');
      const remove = await solo.http.inject({ method: 'DELETE', url: `/api/v1/admin/users/${admin.me.id}`, headers: admin.auth });
      assert.equal(remove.statusCode, 409);
    } finally {
      await solo.close();
    }
  });

  test('setPassword: no current password needed, same length rule, sessions end', async () => {
    const u = await t.makeUser();
    await assert.rejects(t.accounts.setPassword(u.me.id, 'short'), /8 to 1024/);
    await t.accounts.setPassword(u.me.id, 'a brand new secret');
    assert.equal((await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: u.auth })).statusCode, 401);
    await t.accounts.login(u.me.username!, 'a brand new secret', '127.0.0.1', 'test');
  });
});

test('a full password cache lets the least recently used go, not every entry', async () => {
  const t = await testApp({ accounts: { cacheSize: 2 } });
  try {
    const [a, b, c] = [await t.makeUser(), await t.makeUser(), await t.makeUser()];
    const check = async (u: typeof a) => (await t.accounts.checkPassword(u.me.username!, u.password, '127.0.0.1'))?.id;
    assert.equal(await check(a), a.me.id);
    assert.equal(await check(b), b.me.id);
    // Behind the cache's back (no event): only a remembered check still accepts these passwords.
    await t.database.db.updateTable('users').set({ password_hash: DUMMY_HASH }).where('id', 'in', [a.me.id, b.me.id]).execute();
    assert.equal(await check(a), a.me.id, 'remembered');
    assert.equal(await check(c), c.me.id, 'a third password, checked with argon2id, fills the cache');
    assert.equal(await check(a), a.me.id, 'the recently used entry stayed');
    assert.equal(await check(b), undefined, 'the least recently used went (and the database says no)');
  } finally {
    await t.close();
  }
});
