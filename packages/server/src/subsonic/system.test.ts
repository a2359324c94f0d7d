import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VERSION } from '../version.ts';
import { album, songs } from './map.ts';
import { render } from './response.ts';
import { assertValidJson, assertValidXml, validCall } from './schema.ts';
import { asUser, rest, subsonicFixture, type SubsonicFixture } from './testing.ts';

describe('subsonic: envelope and system endpoints', () => {
  let fx: SubsonicFixture;
  before(async () => {
    fx = await subsonicFixture();
  });
  after(() => fx.close());

  test('ping without credentials answers ok with the OpenSubsonic envelope (XML by default)', async () => {
    const r = await rest(fx.app, 'ping', {});
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/xml/);
    assert.match(
      r.body,
      /<subsonic-response xmlns="http:\/\/subsonic.org\/restapi" status="ok" version="1.16.1" type="runnel" serverVersion="[^"]+" openSubsonic="true"\/>/,
    );
  });

  test('JSON and JSONP carry the same envelope', async () => {
    const json = await rest(fx.app, 'ping', { f: 'json' });
    assert.deepEqual(json.json, { status: 'ok', version: '1.16.1', type: 'runnel', serverVersion: VERSION, openSubsonic: true });
    const jsonp = await rest(fx.app, 'ping', { f: 'jsonp', callback: 'cb' });
    assert.match(String(jsonp.headers['content-type']), /javascript/);
    assert.match(jsonp.body, /^cb\(\{"subsonic-response":\{"status":"ok"/);
  });

  test('an unknown endpoint is an error envelope, not a 404 page', async () => {
    const r = await rest(fx.app, 'getPodcasts', asUser(fx.user));
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'failed');
    assert.equal(r.json.type, 'runnel');
    assert.equal(r.json.error?.code, 70);
  });

  test('CORS for browser apps: preflight answered, HEAD allowed, x-total-count exposed', async () => {
    const preflight = await fx.app.http.inject({
      method: 'OPTIONS',
      url: '/rest/getAlbumList2.view',
      headers: { origin: 'https://feishin.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'content-type, range' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.match(String(preflight.headers['access-control-allow-methods']), /HEAD/);
    assert.match(String(preflight.headers['access-control-allow-headers']), /range/);
    const get = await fx.app.http.inject({ method: 'GET', url: '/rest/ping', headers: { origin: 'https://feishin.example' } });
    assert.equal(get.headers['access-control-allow-origin'], '*');
    assert.match(String(get.headers['access-control-expose-headers']), /x-total-count/);
    assert.equal(get.headers['cross-origin-resource-policy'], 'cross-origin');
    const head = await fx.app.http.inject({ method: 'HEAD', url: '/rest/ping.view' });
    assert.equal(head.statusCode, 200);
  });

  test('both /rest/NAME and /rest/NAME.view, GET and form POST, + as a space, any v', async () => {
    for (const view of [false, true]) {
      for (const post of [false, true]) {
        for (const v of ['1.2.0', '1.16.1', '9.9.9']) {
          const r = await rest(fx.app, 'getLicense', { ...asUser(fx.user), v }, { view, post });
          assert.equal(r.json.status, 'ok', `view=${view} post=${post} v=${v}`);
        }
      }
    }
    // A username with a space, sent as `+` in a query string and in a form body.
    await fx.app.makeUser({ username: 'anna bergendahl', password: 'pass word+1' });
    const query = await fx.app.http.inject({ method: 'GET', url: '/rest/getLicense?u=anna+bergendahl&p=pass+word%2B1&f=json' });
    assert.equal(query.json()['subsonic-response'].status, 'ok');
    const form = await fx.app.http.inject({
      method: 'POST',
      url: '/rest/getLicense.view',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'u=anna+bergendahl&p=pass+word%2B1&f=json',
    });
    assert.equal(form.json()['subsonic-response'].status, 'ok');
  });

  test('getLicense, extensions and tokenInfo', async () => {
    assert.deepEqual((await rest(fx.app, 'getLicense', asUser(fx.user))).json.license, { valid: true });
    const ext = await rest(fx.app, 'getOpenSubsonicExtensions', { f: 'json' });
    assert.ok(Array.isArray(ext.json.openSubsonicExtensions));
    assert.deepEqual((await rest(fx.app, 'tokenInfo', asUser(fx.user))).json.tokenInfo, { username: fx.user.username });
  });
});

describe('subsonic: responses are valid against both schemas', () => {
  let fx: SubsonicFixture;
  before(async () => {
    fx = await subsonicFixture([]);
  });
  after(() => fx.close());

  test('ping, getLicense and an error, in XML and JSON', async () => {
    for (const [name, params] of [
      ['ping', {}],
      ['getLicense', asUser(fx.user)],
      ['getLicense', asUser(fx.user, { p: 'wrong' })],
      ['nothingHere', {}],
    ] as const) {
      await validCall(fx.app, name, params);
    }
  });

  test('the strict check catches a field neither Subsonic nor OpenSubsonic defines', () => {
    assert.throws(
      () => assertValidXml('<?xml version="1.0"?><subsonic-response xmlns="http://subsonic.org/restapi" status="ok" version="1.16.1" bogus="1"/>'),
      /bogus/,
    );
    assert.throws(
      () =>
        assertValidXml(
          '<?xml version="1.0"?><subsonic-response xmlns="http://subsonic.org/restapi" status="ok" version="1.16.1"><license/></subsonic-response>',
        ),
      /license|valid/,
    );
  });
});

describe('subsonic: songs and albums as map.ts makes them', () => {
  let fx: SubsonicFixture;
  before(async () => {
    fx = await subsonicFixture();
  });
  after(() => fx.close());

  test('every fixture song and album is valid in XML and JSON, with its fields filled', async () => {
    const { items } = await fx.app.catalog.listAlbums('name', 50, 0);
    const user = (await fx.app.accounts.userByName(fx.user.username))!;
    const call = { services: fx.app, user };
    for (const summary of items) {
      const full = await fx.app.catalog.album(summary.id);
      const tracks = (await fx.app.catalog.tracks(full.tracks.items.map((t) => t.id))).filter((t) => t !== null);
      const nodes = await songs(call, tracks);
      for (const node of nodes) {
        assertValidXml(render('xml', 'ok', { song: node }).body, `song ${node.title}`);
        assertValidJson(JSON.parse(render('json', 'ok', { song: node }).body), `song ${node.title}`);
        for (const field of ['suffix', 'contentType', 'duration', 'bitRate', 'size', 'path', 'albumId', 'artistId', 'track', 'year', 'genre', 'created']) {
          assert.ok(node[field] !== undefined, `${node.title} has ${field}`);
        }
        assert.ok(!String(node.path).startsWith('/'), 'paths are relative to the music folder');
      }
      const albumNode = { ...album(full), song: nodes };
      assertValidXml(render('xml', 'ok', { album: albumNode }).body, `album ${full.name}`);
      assertValidJson(JSON.parse(render('json', 'ok', { album: albumNode }).body), `album ${full.name}`);
    }
    assert.equal(items.length, 6);
  });
});
