import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { VERSION } from '../version.ts';
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
