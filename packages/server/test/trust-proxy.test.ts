import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../src/testing/app.ts';

// A frozen clock for the sign-in throttle: its waits never run out during a test.
const clock = Date.now();
const throttle = { now: () => clock };

const login = (t: TestApp, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
  t.http.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { username: 'rider', password } });
const sessionCookie = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie'] ?? '');

describe("without --trust-proxy, X-Forwarded-* headers are anyone's to write and are ignored", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ accounts: { throttle } });
    await t.makeUser({ username: 'rider', password: 'easy-rider-1969' });
  });
  after(() => t.close());

  test('a guesser cannot dodge the throttle by making up X-Forwarded-For', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await login(t, `wrong-${i}`, '203.0.113.7', { 'x-forwarded-for': `192.0.2.${i}` })).statusCode, 401);
    assert.equal((await login(t, 'wrong', '203.0.113.7', { 'x-forwarded-for': '192.0.2.99' })).statusCode, 429);
  });

  test('X-Forwarded-Proto: https does not make the cookie Secure', async () => {
    const response = await login(t, 'easy-rider-1969', '198.51.100.3', { 'x-forwarded-proto': 'https' });
    assert.equal(response.statusCode, 200);
    assert.match(sessionCookie(response), /runnel_session=/);
    assert.doesNotMatch(sessionCookie(response), /Secure/);
  });
});

describe('with --trust-proxy naming the proxy, its X-Forwarded-* headers count', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ accounts: { throttle }, trustProxy: ['127.0.0.1'] });
    await t.makeUser({ username: 'rider', password: 'easy-rider-1969' });
  });
  after(() => t.close());
  const viaProxy = (password: string, client: string, proto = 'http') =>
    login(t, password, '127.0.0.1', { 'x-forwarded-for': client, 'x-forwarded-proto': proto });

  test('two clients behind the proxy are throttled separately', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await viaProxy(`wrong-${i}`, '198.51.100.1')).statusCode, 401);
    assert.equal((await viaProxy('wrong', '198.51.100.1')).statusCode, 429);
    assert.equal((await viaProxy('wrong', '198.51.100.2')).statusCode, 401, 'the other client is not the guesser');
    assert.equal((await viaProxy('easy-rider-1969', '198.51.100.2')).statusCode, 200);
  });

  test('the session cookie is Secure when the proxy says the request came over HTTPS', async () => {
    const secure = await viaProxy('easy-rider-1969', '198.51.100.3', 'https');
    assert.equal(secure.statusCode, 200);
    assert.match(sessionCookie(secure), /; Secure/);
    const plain = await viaProxy('easy-rider-1969', '198.51.100.3', 'http');
    assert.doesNotMatch(sessionCookie(plain), /Secure/);
  });

  test('another address is not the proxy: its headers are ignored', async () => {
    const response = await login(t, 'easy-rider-1969', '203.0.113.60', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.4' });
    assert.equal(response.statusCode, 200);
    assert.doesNotMatch(sessionCookie(response), /Secure/);
  });
});
