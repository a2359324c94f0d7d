import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ShareLink, SharedItem } from '@runnel/api';
import { asUser, rest, RELAXED_XSD, subsonicFixture, xmllint, type SubsonicFixture } from '../subsonic/testing.ts';
import type { TestUser } from '../testing/app.ts';

/** Public links on the real app over the Subsonic fixture's scanned library. */
describe('share links', () => {
  let fx: SubsonicFixture;
  let owner: SubsonicFixture['admin'];
  let other: TestUser;
  const as = (
    user: TestUser | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'HEAD',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => fx.app.http.inject({ method, url, headers: { ...user?.auth, ...headers }, ...(payload && { payload }) });
  const albumId = async (name: string) => (await fx.app.catalog.listAlbums('name', 50, 0)).items.find((a) => a.name === name)!.id;
  const tracksOf = async (name: string) => (await fx.app.catalog.albumTracks(await albumId(name), 50, 0)).items;
  const share = async (uri: string, extra: object = {}) => {
    const response = await as(owner, 'POST', '/api/v1/me/share-links', { uri, ...extra });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as ShareLink;
  };

  before(async () => {
    fx = await subsonicFixture();
    owner = fx.admin;
    other = await fx.app.makeUser();
  });
  after(() => fx.close());

  test('an album link opens and plays with no account: its page, its tracks and their bytes', async () => {
    const link = await share(`runnel:album:${await albumId('Made of Bricks')}`, { description: 'Listen to this' });
    assert.match(link.url, new RegExp(`/s/${link.id}$`));
    assert.equal(link.track_count, 2);

    const shown = await as(undefined, 'GET', `/api/v1/share-links/${link.id}`);
    assert.equal(shown.statusCode, 200);
    const item = shown.json() as SharedItem;
    assert.equal(item.title, 'Made of Bricks');
    assert.deepEqual(
      item.tracks.map((t) => t.name),
      ['Foundations', 'Mouthwash'],
    );
    assert.ok(item.cover_url, 'the album has a cover');
    assert.equal((await as(undefined, 'GET', item.cover_url!)).statusCode, 200);

    const audio = await as(undefined, 'GET', item.tracks[0]!.stream_url);
    assert.equal(audio.statusCode, 200);
    assert.ok(audio.rawPayload.equals(readFileSync(join(fx.music, 'Kate Nash', 'Made of Bricks', '01 Foundations.mp3'))), 'the file, byte for byte');
    const range = await as(undefined, 'GET', item.tracks[0]!.stream_url, undefined, { range: 'bytes=0-99' });
    assert.equal(range.statusCode, 206);
    assert.equal(range.rawPayload.length, 100);

    const page = await as(undefined, 'GET', `/s/${link.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<meta property="og:title" content="Made of Bricks">/);
    assert.match(page.body, /<meta property="og:type" content="music.album">/);
    assert.match(page.body, /<meta property="og:image" content="http:\/\/[^"]+\/api\/v1\/share-links\/[^"]+\/cover\?size=600">/);
    assert.match(page.body, /<meta name="twitter:card" content="summary_large_image">/);
    assert.match(page.body, new RegExp(`<audio controls preload="none" src="/api/v1/share-links/${link.id}/tracks/`));

    assert.equal((await as(undefined, 'HEAD', `/s/${link.id}`)).statusCode, 200);
    const mine = (await as(owner, 'GET', '/api/v1/me/share-links')).json() as { items: ShareLink[] };
    assert.equal(mine.items.find((l) => l.id === link.id)!.views, 2, 'the JSON view and the page each count; a HEAD does not');
  });

  test('a link plays only what it shares: other tracks, and other links, are refused', async () => {
    const link = await share(`runnel:track:${(await tracksOf('Made of Bricks'))[0]!.id}`);
    const elsewhere = (await tracksOf('Teen Dream'))[0]!.id;
    const refused = await as(undefined, 'GET', `/api/v1/share-links/${link.id}/tracks/${elsewhere}/stream`);
    assert.equal(refused.statusCode, 404);
    assert.equal(refused.json().error.code, 'not_in_share');
    const unknown = await as(undefined, 'GET', `/api/v1/share-links/nolinkhere/tracks/${elsewhere}/stream`);
    assert.equal(unknown.json().error.code, 'share_link_not_found');
    const page = await as(undefined, 'GET', '/s/nolinkhere');
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /This link does not exist/);
    const swedish = await as(undefined, 'GET', '/s/nolinkhere', undefined, { 'accept-language': 'sv' });
    assert.match(swedish.body, /Den här länken finns inte/);
  });

  test("a private playlist's link keeps what was shared: later additions are not on it", async () => {
    const [one, two] = await tracksOf('Made of Bricks');
    const created = (await as(owner, 'POST', '/api/v1/me/playlists', { name: 'Secret <mix>', public: false })).json() as { id: string };
    await as(owner, 'POST', `/api/v1/playlists/${created.id}/tracks`, { uris: [`runnel:track:${one!.id}`] });
    const link = await share(`runnel:playlist:${created.id}`);
    await as(owner, 'POST', `/api/v1/playlists/${created.id}/tracks`, { uris: [`runnel:track:${two!.id}`] });
    const item = (await as(undefined, 'GET', `/api/v1/share-links/${link.id}`)).json() as SharedItem;
    assert.deepEqual(
      item.tracks.map((t) => t.id),
      [one!.id],
    );
    assert.equal((await as(undefined, 'GET', `/api/v1/share-links/${link.id}/tracks/${two!.id}/stream`)).statusCode, 404);
    const page = await as(undefined, 'GET', `/s/${link.id}`);
    assert.match(page.body, /<h1>Secret &#60;mix&#62;<\/h1>/, 'names are escaped');
    assert.doesNotMatch(page.body, /<mix>/);

    // Someone who cannot see the playlist cannot share it.
    const refused = await as(other, 'POST', '/api/v1/me/share-links', { uri: `runnel:playlist:${created.id}` });
    assert.equal(refused.statusCode, 404);
  });

  test('an expired or revoked link says so, on its page and for its audio; only its owner changes it', async () => {
    const track = (await tracksOf('Teen Dream'))[0]!;
    const soon = await share(`runnel:track:${track.id}`, { expires_at: new Date(fx.app.clock.now() + 60_000).toISOString() });
    const revoked = await share(`runnel:track:${track.id}`);
    assert.equal((await as(other, 'DELETE', `/api/v1/me/share-links/${revoked.id}`)).statusCode, 404, "not another user's to revoke");
    assert.equal((await as(other, 'PATCH', `/api/v1/me/share-links/${soon.id}`, { description: 'mine now' })).statusCode, 404);
    assert.equal((await as(owner, 'DELETE', `/api/v1/me/share-links/${revoked.id}`)).statusCode, 204);
    fx.app.clock.advance(61_000);
    try {
      for (const [link, code, words] of [
        [soon, 'share_link_expired', /has expired/],
        [revoked, 'share_link_revoked', /turned off/],
      ] as const) {
        const json = await as(undefined, 'GET', `/api/v1/share-links/${link.id}`);
        assert.equal(json.statusCode, 410);
        assert.equal(json.json().error.code, code);
        assert.equal((await as(undefined, 'GET', `/api/v1/share-links/${link.id}/tracks/${track.id}/stream`)).statusCode, 410);
        const page = await as(undefined, 'GET', `/s/${link.id}`);
        assert.equal(page.statusCode, 410);
        assert.match(page.body, words);
      }
      const mine = ((await as(owner, 'GET', '/api/v1/me/share-links')).json() as { items: ShareLink[] }).items;
      assert.equal(mine.find((l) => l.id === soon.id)!.expired, true);
      assert.equal(
        mine.find((l) => l.id === revoked.id),
        undefined,
        'revoked links leave the list',
      );
      // Extending it opens it again.
      const extended = await as(owner, 'PATCH', `/api/v1/me/share-links/${soon.id}`, { expires_at: null });
      assert.equal(extended.statusCode, 200);
      assert.equal((await as(undefined, 'GET', `/api/v1/share-links/${soon.id}`)).statusCode, 200);
    } finally {
      fx.app.clock.advance(-61_000);
    }
  });

  test('bad input is refused with a clear error', async () => {
    const track = (await tracksOf('Teen Dream'))[0]!;
    for (const body of [
      { uri: 'runnel:artist:x' },
      { uri: `runnel:track:${track.id}`, expires_at: 'tomorrow' },
      { uri: `runnel:track:${track.id}`, extra: 1 },
    ]) {
      const response = await as(owner, 'POST', '/api/v1/me/share-links', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
    }
    const past = await as(owner, 'POST', '/api/v1/me/share-links', { uri: `runnel:track:${track.id}`, expires_at: '2001-01-01T00:00:00Z' });
    assert.equal(past.statusCode, 400);
    assert.equal((await as(owner, 'POST', '/api/v1/me/share-links', { uri: 'runnel:track:nosuchtrack' })).json().error.code, 'track_not_found');
  });

  test('Subsonic createShare, getShares, updateShare and deleteShare answer XSD-valid, on the same links', async () => {
    const songs = (await tracksOf('Teen Dream')).map((t) => t.id);
    const me = asUser(owner);
    const xml = async (name: string, params: Record<string, string | string[] | number>) => {
      const answer = await rest(fx.app, name, { ...me, f: 'xml', ...params });
      assert.equal(answer.status, 200);
      assert.equal(xmllint(answer.body, RELAXED_XSD()), '', `${name}: ${answer.body}`);
      assert.match(answer.body, /status="ok"/, answer.body);
      return answer.body;
    };
    const made = await xml('createShare', { id: songs, description: 'Teen Dream, both discs', expires: fx.app.clock.now() + 86_400_000 });
    const id = /<share id="([^"]+)"/.exec(made)![1]!;
    assert.match(made, new RegExp(`url="http://[^"]+/s/${id}"`));
    assert.equal([...made.matchAll(/<entry /g)].length, 2);
    assert.match(made, /visitCount="0"/);

    const album = await xml('createShare', { id: await albumId('Made of Bricks') });
    assert.equal([...album.matchAll(/<entry /g)].length, 2);

    await xml('updateShare', { id, description: 'Changed', expires: 0 });
    const listed = await xml('getShares', {});
    assert.match(listed, /description="Changed"/);
    assert.doesNotMatch(listed.split(`id="${id}"`)[1]!.split('</share>')[0]!, /expires=/, 'expires 0: never');
    assert.equal((await as(undefined, 'GET', `/api/v1/share-links/${id}`)).statusCode, 200, 'the same public page');

    await xml('deleteShare', { id });
    assert.doesNotMatch(await xml('getShares', {}), new RegExp(`id="${id}"`));
    assert.equal((await as(undefined, 'GET', `/api/v1/share-links/${id}`)).statusCode, 410);
    const missing = await rest(fx.app, 'deleteShare', { ...me, id: 'nosuchshare' });
    assert.equal(missing.json.error?.code, 70);
  });
});
