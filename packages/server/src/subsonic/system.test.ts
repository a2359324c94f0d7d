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
    assert.match(r.body, /<subsonic-response xmlns="http:\/\/subsonic.org\/restapi" status="ok" version="1.16.1" type="runnel" serverVersion="[^"]+" openSubsonic="true"\/>/);
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
    for (const [name, params] of [['ping', {}], ['getLicense', asUser(fx.user)], ['getLicense', asUser(fx.user, { p: 'wrong' })], ['nothingHere', {}]] as const) {
      await validCall(fx.app, name, params);
    }
  });

  test('the strict check catches a field neither Subsonic nor OpenSubsonic defines', () => {
    assert.throws(() => assertValidXml('<?xml version="1.0"?><subsonic-response xmlns="http://subsonic.org/restapi" status="ok" version="1.16.1" bogus="1"/>'), /bogus/);
    assert.throws(() => assertValidXml('<?xml version="1.0"?><subsonic-response xmlns="http://subsonic.org/restapi" status="ok" version="1.16.1"><license/></subsonic-response>'), /license|valid/);
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
