import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { listenLocally, testApp, type TestApp, type TestUser } from '../testing/app.ts';

/**
 * Cross-site request forgery: a page on another port or a sibling subdomain is "same site",
 * so the SameSite=Lax session cookie goes along with its requests. inject() sends
 * `Host: localhost:80`, so our own origin here is http://localhost.
 */
let t: TestApp;
let user: TestUser;
let cookie: { cookie: string };
const OWN = 'http://localhost';
const FOREIGN = 'http://localhost:8081';

before(async () => {
  t = await testApp();
  user = await t.makeUser({ username: 'origin_user', password: 'origin-pass' });
  cookie = { cookie: `runnel_session=${user.token}` };
});
after(() => t.close());

const myPlaylists = async () => (await t.playlists.listMine(user.me.id, 50, 0)).items.map((p) => p.name);

const createPlaylist = (headers: Record<string, string>, payload: unknown = { name: 'Forged?' }) =>
  t.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers, payload: payload as object });

test('cookie + a foreign Origin: 403 cross_origin_refused, nothing changes', async () => {
  for (const origin of [FOREIGN, 'http://127.0.0.1', 'https://localhost', 'null', 'not a url']) {
    const response = await createPlaylist({ ...cookie, origin });
    assert.equal(response.statusCode, 403, origin);
    assert.equal(response.json().error.code, 'cross_origin_refused');
  }
  const password = await t.http.inject({ method: 'POST', url: '/api/v1/me/app-password', headers: { ...cookie, origin: FOREIGN } });
  assert.equal(password.statusCode, 403);
  const queue = await t.http.inject({ method: 'PUT', url: '/api/v1/me/player/shuffle?state=true', headers: { ...cookie, origin: FOREIGN } });
  assert.equal(queue.statusCode, 403);
  assert.deepEqual(await myPlaylists(), []);
  const me = await t.http.inject({ method: 'GET', url: '/api/v1/me/app-password', headers: user.auth });
  assert.equal(me.json().exists, false);
});

test('cookie + our own Origin, or Sec-Fetch-Site same-origin/none: allowed', async () => {
  assert.equal((await createPlaylist({ ...cookie, origin: OWN })).statusCode, 201);
  assert.equal((await createPlaylist({ ...cookie, origin: 'HTTP://LOCALHOST:80' })).statusCode, 201, 'the same origin, written differently');
  assert.equal((await createPlaylist({ ...cookie, 'sec-fetch-site': 'same-origin' })).statusCode, 201);
  assert.equal((await createPlaylist({ ...cookie, 'sec-fetch-site': 'none' })).statusCode, 201);
  // Behind a proxy that ends TLS, Origin says https but the browser's verdict is what counts.
  assert.equal((await createPlaylist({ ...cookie, origin: 'https://localhost', 'sec-fetch-site': 'same-origin' })).statusCode, 201);
  // Neither header: not a browser (curl with a copied cookie), nothing to forge.
  assert.equal((await createPlaylist(cookie)).statusCode, 201);
});

test('own origin follows the Host the request reached us at', async () => {
  const headers = { ...cookie, host: 'music.example.org:4533' };
  assert.equal((await createPlaylist({ ...headers, origin: 'http://music.example.org:4533' })).statusCode, 201);
  assert.equal((await createPlaylist({ ...headers, origin: 'http://music.example.org' })).statusCode, 403);
  assert.equal((await createPlaylist({ ...headers, origin: 'http://evil.example.org:4533' })).statusCode, 403);
});

test('cookie + Sec-Fetch-Site cross-site or same-site: 403, whatever Origin says', async () => {
  for (const site of ['cross-site', 'same-site']) {
    for (const extra of [{}, { origin: OWN }] as Record<string, string>[]) {
      const response = await createPlaylist({ ...cookie, 'sec-fetch-site': site, ...extra });
      assert.equal(response.statusCode, 403, `${site} ${JSON.stringify(extra)}`);
      assert.equal(response.json().error.code, 'cross_origin_refused');
    }
  }
});

test('a bearer token works from any origin; safe methods with the cookie too', async () => {
  assert.equal((await createPlaylist({ ...user.auth, origin: FOREIGN, 'sec-fetch-site': 'cross-site' })).statusCode, 201);
  const read = await t.http.inject({ method: 'GET', url: '/api/v1/me', headers: { ...cookie, origin: FOREIGN, 'sec-fetch-site': 'same-site' } });
  assert.equal(read.statusCode, 200);
});

test('login and setup from a foreign page are refused (login CSRF); from ours and from non-browsers they work', async () => {
  const body = { username: 'origin_user', password: 'origin-pass' };
  const foreign = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: FOREIGN }, payload: body });
  assert.equal(foreign.statusCode, 403);
  assert.equal(foreign.headers['set-cookie'], undefined);
  assert.equal(
    (await t.http.inject({ method: 'POST', url: '/api/v1/auth/setup', headers: { origin: FOREIGN }, payload: { username: 'x', password: 'long-enough-pass' } }))
      .statusCode,
    403,
  );
  assert.equal((await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: OWN }, payload: body })).statusCode, 200);
  assert.equal((await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body })).statusCode, 200);
});

test('only JSON bodies: text/plain, form and multipart bodies get 415 unsupported_media_type', async () => {
  const bodies: [string, string][] = [
    ['text/plain', '{"name":"Forged"}'],
    ['text/plain;charset=UTF-8', 'name=Forged'],
    ['application/x-www-form-urlencoded', 'name=Forged'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nForged\r\n--x--\r\n'],
  ];
  for (const headers of [user.auth, cookie]) {
    for (const [type, payload] of bodies) {
      const response = await t.http.inject({ method: 'POST', url: '/api/v1/me/playlists', headers: { ...headers, 'content-type': type }, payload });
      assert.equal(response.statusCode, 415, type);
      assert.equal(response.json().error.code, 'unsupported_media_type');
    }
    // A route that reads no body does not read a forged one either.
    const password = await t.http.inject({
      method: 'POST',
      url: '/api/v1/me/app-password',
      headers: { ...headers, 'content-type': 'text/plain' },
      payload: 'x=y',
    });
    assert.equal(password.statusCode, 415);
  }
  assert.ok(!(await myPlaylists()).includes('Forged'));
});

test('Subsonic /rest still takes form posts from any origin, with its own credentials', async () => {
  for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
    const response = await t.http.inject({
      method: 'POST',
      url: '/rest/ping.view',
      headers: { origin: FOREIGN, 'sec-fetch-site': 'cross-site', 'content-type': type },
      payload: `u=origin_user&p=origin-pass&f=json&v=1.16.1&c=test`,
    });
    assert.equal(response.statusCode, 200);
    assert.equal(response.json()['subsonic-response'].status, 'ok', type);
  }
  // The session cookie is not a Subsonic credential.
  const cookieOnly = await t.http.inject({
    method: 'POST',
    url: '/rest/getPlaylists.view?f=json',
    headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: '',
  });
  assert.equal(cookieOnly.json()['subsonic-response'].status, 'failed');
});

test('the live channel: a cookie upgrade from a foreign Origin is refused before it opens; ours and tokens open', async () => {
  const port = new URL(await listenLocally(t)).port;
  const open = (headers: Record<string, string>, query = '') =>
    new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events${query}`, { headers });
      socket.once('message', (raw) => {
        resolve(`message ${JSON.parse(raw.toString()).type}`);
        socket.close();
      });
      socket.once('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`));
      socket.once('error', (error) => resolve(`error ${error.message}`));
    });
  assert.equal(await open({ ...cookie, origin: 'http://127.0.0.1:8081' }), 'HTTP 403');
  assert.equal(await open({ ...cookie, origin: 'http://127.0.0.1' }), 'HTTP 403');
  assert.equal(await open({ ...cookie, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-site' }), 'HTTP 403');
  assert.equal(await open({ ...cookie, origin: `http://127.0.0.1:${port}` }), 'message hello');
  assert.equal(await open({ ...user.auth, origin: 'http://127.0.0.1:8081' }), 'message hello');
  assert.equal(await open({ origin: 'http://127.0.0.1:8081' }, `?access_token=${encodeURIComponent(user.token)}`), 'message hello');
});
