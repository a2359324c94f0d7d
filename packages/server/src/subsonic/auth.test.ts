import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../testing/app.ts';
import { rest, subsonicFixture, type SubsonicFixture } from './testing.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('subsonic: every auth method works, every wrong one gets its code', () => {
  let fx: SubsonicFixture;
  let appPassword: string;
  let apiKey: string;
  before(async () => {
    fx = await subsonicFixture([]);
    appPassword = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: fx.user.auth })).json().password;
    apiKey = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: fx.user.auth, payload: { name: 'Symfonium' } })).json().token;
  });
  after(() => fx.close());

  const call = async (params: Record<string, string>, name = 'getLicense') => (await rest(fx.app, name, { c: 'test', v: '1.16.1', f: 'json', ...params })).json;
  const ok = async (params: Record<string, string>) => {
    const body = await call(params);
    assert.equal(body.status, 'ok', `${JSON.stringify(params)}: ${body.error?.message}`);
  };
  const fails = async (params: Record<string, string>, code: number, name?: string) => {
    const body = await call(params, name);
    assert.equal(body.status, 'failed', JSON.stringify(params));
    assert.equal(body.error?.code, code, `${JSON.stringify(params)}: ${body.error?.message}`);
    assert.equal(body.type, 'runnel');
    assert.equal(body.openSubsonic, true);
  };

  test('u + p: the main password, plain and enc:, and the app password', async () => {
    await ok({ u: fx.user.username, p: fx.user.password });
    await ok({ u: fx.user.username, p: `enc:${hex(fx.user.password)}` });
    await ok({ u: fx.user.username.toUpperCase(), p: fx.user.password });
    await ok({ u: fx.user.username, p: appPassword });
    await ok({ u: fx.user.username, p: `enc:${hex(appPassword)}` });
  });

  test('u + t + s: md5 of the app password and the salt; a reused salt is accepted', async () => {
    const salt = 'c19b2d';
    const t = md5(appPassword + salt);
    await ok({ u: fx.user.username, t, s: salt });
    await ok({ u: fx.user.username, t, s: salt });
    await ok({ u: fx.user.username, t: t.toUpperCase(), s: salt });
    await fails({ u: fx.user.username, t: md5(`${appPassword}x${salt}`), s: salt }, 40);
    // The main password is never recoverable, so it cannot sign tokens.
    await fails({ u: fx.user.username, t: md5(fx.user.password + salt), s: salt }, 40);
    await fails({ u: fx.user.username, t }, 10);
  });

  test('a user without an app password gets 41 for token auth, with what to do', async () => {
    const body = await call({ u: fx.admin.username, t: md5(`x${'salt'}`), s: 'salt' });
    assert.equal(body.error?.code, 41);
    assert.match(body.error?.message ?? '', /app password/);
  });

  test('apiKey: a personal API token; 44 when invalid; 43 when mixed with u, p or t', async () => {
    await ok({ apiKey });
    const info = await call({ apiKey }, 'tokenInfo');
    assert.deepEqual(info.tokenInfo, { username: fx.user.username });
    await fails({ apiKey: `${apiKey}x` }, 44);
    await fails({ apiKey, u: fx.user.username }, 43);
    await fails({ apiKey, u: fx.user.username, p: fx.user.password }, 43);
    await fails({ apiKey, t: 'x', s: 'y' }, 43);
  });

  test('missing and wrong credentials', async () => {
    await fails({}, 10);
    await fails({ u: fx.user.username }, 10);
    await fails({ p: fx.user.password }, 10);
    await fails({ u: fx.user.username, p: 'wrong' }, 40);
    await fails({ u: 'nobody-here', p: 'wrong' }, 40);
    await fails({ u: fx.user.username, p: 'enc:zz' }, 40);
    // ping checks credentials it is given (how apps test a login), and answers strangers.
    await fails({ u: fx.user.username, p: 'wrong' }, 40, 'ping');
    assert.equal((await call({}, 'ping')).status, 'ok');
  });

  test('a changed main password, a new app password and a revoked key take effect at once', async () => {
    const other = { ...(await fx.app.makeUser({ username: 'changer' })), username: 'changer' };
    await ok({ u: 'changer', p: other.password });
    await fx.app.http.inject({
      method: 'PUT',
      url: '/api/v1/me/password',
      headers: other.auth,
      payload: { current_password: other.password, new_password: 'a-new-password-123' },
    });
    await fails({ u: 'changer', p: other.password }, 40);
    await ok({ u: 'changer', p: 'a-new-password-123' });

    const first = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: fx.admin.auth })).json().password as string;
    await ok({ u: fx.admin.username, t: md5(`${first}ab`), s: 'ab' });
    const second = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: fx.admin.auth })).json().password as string;
    await fails({ u: fx.admin.username, t: md5(`${first}ab`), s: 'ab' }, 40);
    await ok({ u: fx.admin.username, t: md5(`${second}ab`), s: 'ab' });
    assert.equal((await fx.app.http.inject({ method: 'DELETE', url: '/api/v1/me/app-password', headers: fx.admin.auth })).statusCode, 204);
    await fails({ u: fx.admin.username, t: md5(`${second}ab`), s: 'ab' }, 41);

    const key = (await fx.app.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: fx.admin.auth, payload: { name: 'gone' } })).json();
    await ok({ apiKey: key.token });
    await fx.app.http.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${key.id}`, headers: fx.admin.auth });
    await fails({ apiKey: key.token }, 44);
  });

  test('an app firing many requests at once with the right credentials is never throttled', async () => {
    const burst = await Promise.all([
      ...Array.from({ length: 20 }, () => call({ u: fx.user.username, p: fx.user.password })),
      ...Array.from({ length: 20 }, (_, i) => call({ u: fx.user.username, t: md5(`${appPassword}salt${i}`), s: `salt${i}` })),
    ]);
    for (const body of burst) assert.equal(body.status, 'ok', body.error?.message);
  });
});

describe('subsonic: the sign-in throttle slows guesses, never the owner', () => {
  let app: TestApp;
  let clock = Date.now();
  before(async () => {
    app = await testApp({ accounts: { throttle: { now: () => clock } } });
  });
  after(() => app.close());
  const call = async (params: Record<string, string>) => (await rest(app, 'ping', { c: 'test', v: '1.16.1', f: 'json', ...params })).json;
  const webLogin = (username: string, password: string) => app.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  test('guessing is throttled like sign-in; the right password works once the wait is over', async () => {
    const victim = await app.makeUser({ username: 'victim' });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await call({ u: 'victim', p: `guess-${i}` })).error);
    assert.ok(answers.every((e) => e?.code === 40));
    assert.deepEqual(
      answers.map((e) => /Too many/.test(e!.message)),
      [false, false, false, false, false, true, true, true],
    );
    const early = await call({ u: 'victim', p: victim.password });
    assert.match(early.error?.message ?? '', /Too many/);
    clock += 1000;
    assert.equal((await call({ u: 'victim', p: victim.password })).status, 'ok');
  });

  test('token auth (t+s) for a user with only the web password: 41 every time, counted as no guess, and the web login still works', async () => {
    const owner = await app.makeUser({ username: 'owner' });
    for (let i = 0; i < 12; i++) {
      const body = await call({ u: 'owner', t: md5(`${owner.password}salt${i}`), s: `salt${i}` });
      assert.equal(body.error?.code, 41, body.error?.message);
      assert.match(body.error?.message ?? '', /Token authentication is not supported for this user/);
    }
    assert.equal((await webLogin('owner', owner.password)).statusCode, 200);
    assert.equal((await call({ u: 'owner', p: owner.password })).status, 'ok', 'the app falls back to p=');
  });
});
