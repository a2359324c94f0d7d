import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SmartDefinition } from '@runnel/api';
import { caller, fails, ok, okXml, trackIds, type Caller } from '../subsonic/testing-calls.ts';
import { subsonicFixture, type SubsonicFixture } from '../subsonic/testing.ts';
import { generateTone } from '../library/generate.ts';
import { createSmartEngine } from './engine.ts';

/** Smart playlists through the API and Subsonic, on the scanned fixture library (subsonic/testing.ts). */
describe('smart playlists', () => {
  let fx: SubsonicFixture;
  let ids: Map<string, string>;
  let sub: Caller;
  const pop: SmartDefinition = { rules: { all: [{ field: 'genre', op: 'is', value: 'pop' }] }, sort: [{ field: 'title', order: 'desc' }] };

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, auth = fx.user.auth) => {
    const r = await fx.app.http.inject({ method, url, headers: auth, ...(payload !== undefined && { payload: payload as object }) });
    return { status: r.statusCode, body: r.body ? r.json() : undefined, headers: r.headers };
  };
  const titlesOf = async (id: string) =>
    ((await call('GET', `/api/v1/playlists/${id}/tracks?limit=50`)).body as { items: { track: { name: string } }[] }).items.map((i) => i.track.name);
  const make = async (name: string, definition: SmartDefinition) => {
    const r = await call('POST', '/api/v1/me/smart-playlists', { name, definition });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body as { id: string; smart: boolean; editable: boolean; tracks: { total: number } };
  };

  before(async () => {
    fx = await subsonicFixture();
    ids = await trackIds(fx.app);
    sub = caller(fx.user);
  });
  after(() => fx.close());

  test('made from rules: counted live, read in their order, read-only, and in the sidebar with its own mark', async () => {
    const counted = await call('POST', '/api/v1/me/smart-playlists/count', { definition: pop });
    assert.deepEqual(counted.body, { matched: 4, total: 4 });
    const made = await make('Pop, Z–A', pop);
    assert.equal(made.smart, true);
    assert.equal(made.editable, false);
    assert.equal(made.tracks.total, 4);
    assert.deepEqual(await titlesOf(made.id), ['Mouthwash', 'Foundations', 'fin låt', 'Do-Wah-Doo']);

    const add = await call('POST', `/api/v1/playlists/${made.id}/tracks`, { uris: [`runnel:track:${ids.get('Zebra')}`] });
    assert.equal(add.status, 403);
    assert.equal(add.body.error.code, 'smart_playlist_read_only');
    const collaborate = await call('PUT', `/api/v1/playlists/${made.id}`, { collaborative: true });
    assert.equal(collaborate.body.error.code, 'smart_playlist_read_only');

    const sidebar = (await call('GET', '/api/v1/me/sidebar')).body as { items: { id: string; smart?: boolean; editable?: boolean }[] };
    assert.deepEqual(
      sidebar.items.filter((n) => n.id === made.id).map((n) => [n.smart, n.editable]),
      [[true, false]],
    );
    const folder = (await call('POST', '/api/v1/me/folders', { name: 'Rules' })).body as { id: string };
    assert.equal((await call('PUT', '/api/v1/me/sidebar/move', { node_id: made.id, parent_id: folder.id, position: 0 })).status, 204);
    const moved = (await call('GET', '/api/v1/me/sidebar')).body as { items: { id: string; parent_id: string | null }[] };
    assert.equal(moved.items.find((n) => n.id === made.id)?.parent_id, folder.id);
  });

  test('a random sort reads the same page after page, and shuffles again in another hour', async () => {
    const made = await make('Shuffled', { rules: { all: [{ field: 'duration', op: 'gt', value: 0 }] }, sort: [{ field: 'random' }], limit: 8 });
    const page = async (offset: number) =>
      ((await call('GET', `/api/v1/playlists/${made.id}/tracks?limit=4&offset=${offset}`)).body as { items: { track: { id: string } }[] }).items.map(
        (i) => i.track.id,
      );
    const whole = async () =>
      ((await call('GET', `/api/v1/playlists/${made.id}/tracks?limit=50`)).body as { items: { track: { id: string } }[] }).items.map((i) => i.track.id);
    const first = await whole();
    assert.equal(first.length, 8);
    assert.deepEqual([...(await page(0)), ...(await page(4))], first, 'two pages are the whole list, in its order');
    assert.deepEqual(await whole(), first, 'read again: the same');
    // Another hour, read by an engine on its own clock (the app's would expire the test's sessions).
    const definition = (await call('GET', `/api/v1/smart-playlists/${made.id}`)).body.definition as SmartDefinition;
    let at = Date.now();
    const engine = createSmartEngine({ db: fx.app.database.db, dbKind: fx.app.database.kind, now: () => at });
    const read = async () => (await engine.page(fx.user.me.id, definition, 0, 50)).ids;
    const now = await read();
    assert.deepEqual(await read(), now);
    let later = now;
    for (let hours = 0; later.join() === now.join() && hours < 6; hours++) {
      at += 3_600_000;
      later = await read();
    }
    assert.equal(later.length, now.length);
    assert.notDeepEqual(later, now, 'another hour, another shuffle');
  });

  test('contents follow stars, ratings and plays as they happen, and new rules', async () => {
    const made = await make('Starred', {
      rules: {
        any: [
          { field: 'starred', op: 'is_true' },
          { field: 'rating', op: 'gt', value: 3 },
        ],
      },
    });
    assert.deepEqual(await titlesOf(made.id), []);
    await ok(fx.app, sub, 'star', { id: ids.get('Zebra')! });
    await fx.app.collection.rate(fx.user.me.id, 'track', ids.get('Norway')!, 5);
    assert.deepEqual(await titlesOf(made.id), ['Norway', 'Zebra']);
    // Someone else's stars are theirs.
    const other = await fx.app.makeUser();
    await fx.app.collection.save(other.me.id, 'star', [ids.get('Techno Train')!]);
    assert.deepEqual(await titlesOf(made.id), ['Norway', 'Zebra']);

    const played = await make('Played lately', { rules: { all: [{ field: 'recent_plays', days: 30, op: 'gt', value: 0 }] } });
    assert.deepEqual(await titlesOf(played.id), []);
    const track = await fx.app.catalog.track(ids.get('Techno Train')!);
    await fx.app.discovery.recordPlay(fx.user.me.id, track, fx.app.clock.now());
    assert.deepEqual(await titlesOf(played.id), ['Techno Train']);

    const changed = await call('PUT', `/api/v1/smart-playlists/${made.id}`, { definition: { rules: { all: [{ field: 'year', op: 'lt', value: 2008 }] } } });
    assert.equal(changed.status, 204);
    assert.deepEqual(await titlesOf(made.id), ['Foundations', 'Mouthwash']);
    const rules = (await call('GET', `/api/v1/smart-playlists/${made.id}`)).body as { definition: SmartDefinition };
    assert.deepEqual(rules.definition, { rules: { all: [{ field: 'year', op: 'lt', value: 2008 }] } });
  });

  test('a rule that cannot be evaluated is a 400 invalid_rule; other owners cannot see or change the rules', async () => {
    for (const rule of [
      { field: 'year', op: 'contains', value: '19' },
      { field: 'title', op: 'is', value: 3 },
      { field: 'recent_plays', op: 'gt', value: 1 },
      { field: 'added', op: 'in_the_last', value: '30' },
      { field: 'starred', op: 'is_true', value: true },
      { field: 'mood', op: 'is', value: 'happy' },
    ]) {
      const r = await call('POST', '/api/v1/me/smart-playlists/count', { definition: { rules: { all: [rule] } } });
      assert.equal(r.status, 400, JSON.stringify(rule));
      assert.equal(r.body.error.code, 'invalid_rule', JSON.stringify(rule));
    }
    const empty = await call('POST', '/api/v1/me/smart-playlists', { name: 'x', definition: { rules: { all: [] } } });
    assert.equal(empty.body.error.code, 'invalid_rule');
    const noName = await call('POST', '/api/v1/me/smart-playlists', { definition: pop });
    assert.equal(noName.body.error.code, 'invalid_request');

    const made = await make('Mine', pop);
    const stranger = await fx.app.makeUser();
    assert.equal((await call('GET', `/api/v1/smart-playlists/${made.id}`, undefined, stranger.auth)).status, 404);
    assert.equal((await call('PUT', `/api/v1/smart-playlists/${made.id}`, { definition: pop }, stranger.auth)).status, 404);
    const plain = (await call('POST', '/api/v1/me/playlists', { name: 'Plain' })).body as { id: string };
    assert.equal((await call('GET', `/api/v1/smart-playlists/${plain.id}`)).body.error.code, 'not_a_smart_playlist');
  });

  test('findable in search by name', async () => {
    const made = await make('Xylophone Evenings', pop);
    let found: string[] = [];
    for (let i = 0; i < 50 && !found.includes(made.id); i++) {
      const r = await call('GET', '/api/v1/search?q=xylophone&type=playlist');
      found = ((r.body as { playlists?: { items: { id: string }[] } }).playlists?.items ?? []).map((p) => p.id);
      if (!found.includes(made.id)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(found.includes(made.id), 'the smart playlist is a search hit');
  });

  test('Subsonic apps see a read-only playlist with its songs (XSD-valid), and cannot edit it', async () => {
    const made = await make('Subsonic pop', pop);
    const listed = (await ok(fx.app, sub, 'getPlaylists')).playlists as { playlist: { id: string; readonly: boolean; songCount: number; duration: number }[] };
    const mine = listed.playlist.find((p) => p.id === made.id);
    assert.equal(mine?.readonly, true);
    assert.equal(mine?.songCount, 4);
    assert.equal(mine?.duration, 8);
    const one = (await ok(fx.app, sub, 'getPlaylist', { id: made.id })).playlist as { entry: { title: string }[]; readonly: boolean };
    assert.deepEqual(
      one.entry.map((e) => e.title),
      ['Mouthwash', 'Foundations', 'fin låt', 'Do-Wah-Doo'],
    );
    const xml = await okXml(fx.app, sub, 'getPlaylist', { id: made.id });
    assert.match(xml, /readonly="true"/);
    await okXml(fx.app, sub, 'getPlaylists');
    await fails(fx.app, sub, 'updatePlaylist', { playlistId: made.id, songIdToAdd: [ids.get('Zebra')!] }, 50);
  });

  test('Navidrome .nsp: import maps what it can and names the rest; export writes what Navidrome reads', async () => {
    const nsp = {
      name: '80s and loved',
      comment: 'from Navidrome',
      all: [
        { any: [{ is: { loved: true } }, { gt: { rating: 3 } }] },
        { inTheRange: { year: [2007, 2010] } },
        { inPlaylist: { id: 'abc' } },
        { contains: { mood: 'happy' } },
      ],
      sort: 'year',
      order: 'desc',
      limit: 25,
    };
    const imported = await call('POST', '/api/v1/me/smart-playlists/import', { nsp });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.equal(imported.body.name, '80s and loved');
    assert.deepEqual(imported.body.definition, {
      rules: {
        all: [
          {
            any: [
              { field: 'starred', op: 'is_true' },
              { field: 'rating', op: 'gt', value: 3 },
            ],
          },
          { field: 'year', op: 'in_range', value: [2007, 2010] },
        ],
      },
      sort: [{ field: 'year', order: 'desc' }],
      limit: 25,
    });
    assert.equal(imported.body.unmapped.length, 2);
    assert.deepEqual((await titlesOf(imported.body.id)).sort(), ['Norway', 'Zebra']);

    const nothing = await call('POST', '/api/v1/me/smart-playlists/import', { nsp: { all: [{ inPlaylist: { id: 'x' } }] } });
    assert.equal(nothing.body.error.code, 'invalid_rule');

    const exported = await call('GET', `/api/v1/smart-playlists/${imported.body.id}/nsp`);
    assert.equal(exported.status, 200);
    assert.match(String(exported.headers['content-disposition']), /^attachment; filename\*=UTF-8''80s%20and%20loved\.nsp$/);
    assert.deepEqual(exported.body, {
      name: '80s and loved',
      all: [{ any: [{ is: { loved: true } }, { gt: { rating: 3 } }] }, { inTheRange: { year: [2007, 2010] } }],
      sort: '-year',
      limit: 25,
    });
    const recent = await make('Recent', {
      rules: {
        all: [
          { field: 'recent_plays', days: 7, op: 'gt', value: 1 },
          { field: 'genre', op: 'is', value: 'Pop' },
        ],
      },
    });
    const partial = await call('GET', `/api/v1/smart-playlists/${recent.id}/nsp`);
    assert.deepEqual(partial.body, { name: 'Recent', all: [{ is: { genre: 'Pop' } }] });
    assert.match(decodeURIComponent(String(partial.headers['runnel-unmapped'])), /recent_plays/);
  });

  test('contents follow the catalogue: a file scanned in joins at once, a file deleted leaves', async () => {
    const ska: SmartDefinition = { rules: { all: [{ field: 'genre', op: 'is', value: 'Ska' }] } };
    const made = await make('Only ska', ska);
    assert.deepEqual(await titlesOf(made.id), []);
    const file = join(fx.music, 'The Skanks', 'Upbeat', '01 Skank.mp3');
    await generateTone({
      path: file,
      format: 'mp3v24',
      seconds: 2,
      tags: { title: 'Skank', artist: 'The Skanks', album: 'Upbeat', album_artist: 'The Skanks', genre: 'Ska', track: '1' },
    });
    await fx.app.library.scan('quick');
    assert.deepEqual(await titlesOf(made.id), ['Skank']);
    const songs = (await ok(fx.app, sub, 'getPlaylist', { id: made.id })).playlist as { songCount: number; entry: { title: string }[] };
    assert.deepEqual([songs.songCount, songs.entry.map((e) => e.title)], [1, ['Skank']]);

    rmSync(join(fx.music, 'The Skanks'), { recursive: true });
    await fx.app.library.scan('quick');
    assert.deepEqual(await titlesOf(made.id), []);
    assert.deepEqual((await call('POST', '/api/v1/me/smart-playlists/count', { definition: ska })).body, { matched: 0, total: 0 });
  });
});
