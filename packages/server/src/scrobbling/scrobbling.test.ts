import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Scrobbling } from '@runnel/api';
import { asUser, rest } from '../subsonic/testing.ts';
import type { TestApp, TestUser } from '../testing/app.ts';
import { scrobblingApp, until } from './testing.ts';

describe('scrobbling to ListenBrainz and Last.fm', () => {
  let setup: Awaited<ReturnType<typeof scrobblingApp>>;
  let t: TestApp;
  let u: TestUser;
  let tracks: Map<string, string>;
  const status = () => setup.status(u);
  const play = (name: string, playedAt: number, playId: string) =>
    t.http.inject({
      method: 'POST',
      url: '/api/v1/me/player/recently-played',
      headers: u.auth,
      payload: { uri: `runnel:track:${tracks.get(name)}`, played_at: playedAt, play_id: playId },
    });

  before(async () => {
    setup = await scrobblingApp({ 'lb-token-alice': 'alice_lb' }, 'alice_fm');
    ({ t, tracks } = setup);
    u = await t.makeUser();
  });
  after(() => setup.close());

  test('nothing is connected at first; Last.fm is offered because the operator set it up', async () => {
    const { services } = await status();
    assert.deepEqual(
      services.map((s) => [s.service, s.available, s.connected, s.pending]),
      [
        ['listenbrainz', true, false, 0],
        ['lastfm', true, false, 0],
      ],
    );
  });

  test('ListenBrainz: a token it does not know is refused; a good one connects under its user name', async () => {
    const wrong = await t.http.inject({ method: 'PUT', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth, payload: { token: 'not-a-token' } });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.code, 'scrobbling_token_invalid');
    const bad = await t.http.inject({ method: 'PUT', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth, payload: { token: 'a b' } });
    assert.equal(bad.statusCode, 400);
    const good = await t.http.inject({ method: 'PUT', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth, payload: { token: 'lb-token-alice' } });
    assert.equal(good.statusCode, 200);
    const brainz = (good.json() as Scrobbling).services.find((s) => s.service === 'listenbrainz')!;
    assert.deepEqual([brainz.connected, brainz.account, brainz.enabled], [true, 'alice_lb', true]);
    const stored = JSON.stringify(await t.database.db.selectFrom('scrobble_accounts').selectAll().execute());
    assert.ok(stored.includes('alice_lb') && !stored.includes('lb-token-alice'), 'the token is kept sealed, not in the clear');
  });

  test('ListenBrainz down while connecting: a clear 4xx to try again later, nothing kept', async () => {
    const other = await t.makeUser();
    await setup.lb.down();
    try {
      const answer = await t.http.inject({
        method: 'PUT',
        url: '/api/v1/me/scrobbling/listenbrainz',
        headers: other.auth,
        payload: { token: 'lb-token-alice' },
      });
      assert.equal(answer.statusCode, 424);
      assert.equal(answer.json().error.code, 'scrobbling_unreachable');
      assert.equal((await setup.status(other)).services[0]!.connected, false);
    } finally {
      await setup.lb.up();
    }
  });

  test("Last.fm: through its web authentication; the state must be the listener's own", async () => {
    const start = await t.http.inject({ method: 'POST', url: '/api/v1/me/scrobbling/lastfm/connect', headers: u.auth });
    assert.equal(start.statusCode, 200);
    const url = new URL(start.json().url as string);
    assert.equal(url.origin + url.pathname, setup.fm.authUrl);
    assert.equal(url.searchParams.get('api_key'), 'runnel-api-key');
    // The listener allows Runnel on Last.fm, which sends the browser back with a token.
    const allowed = await fetch(url, { redirect: 'manual' });
    assert.equal(allowed.status, 302);
    const back = new URL(allowed.headers.get('location')!);
    assert.equal(back.pathname, '/api/v1/me/scrobbling/lastfm/callback');

    const stranger = await t.makeUser();
    const stolen = await t.http.inject({ method: 'GET', url: back.pathname + back.search, headers: stranger.auth });
    assert.equal(stolen.statusCode, 303);
    assert.equal(stolen.headers.location, '/settings?scrobbling=lastfm&error=scrobbling_auth_expired');

    const done = await t.http.inject({ method: 'GET', url: back.pathname + back.search, headers: u.auth });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/settings?scrobbling=lastfm');
    const last = (await status()).services.find((s) => s.service === 'lastfm')!;
    assert.deepEqual([last.connected, last.account], [true, 'alice_fm']);
    const again = await t.http.inject({ method: 'GET', url: back.pathname + back.search, headers: u.auth });
    assert.equal(again.headers.location, '/settings?scrobbling=lastfm&error=scrobbling_auth_expired', 'a state is used once');
  });

  test('now playing reaches both services within 2 s of the track starting', async () => {
    const [brainz, last] = [setup.lb, setup.fm];
    const started = Date.now();
    const report = await t.http.inject({
      method: 'PUT',
      url: '/api/v1/me/player/now-playing',
      headers: u.auth,
      payload: { uri: `runnel:track:${tracks.get('Long Song')}` },
    });
    assert.equal(report.statusCode, 204);
    await until(
      'now playing on both',
      () => brainz.listens.some((l) => l.type === 'playing_now') && last.scrobbles.some((s) => s.method === 'track.updateNowPlaying'),
      2000,
    );
    const ms = Date.now() - started;
    const now = brainz.listens.find((l) => l.type === 'playing_now')!;
    assert.equal(now.listened_at, undefined);
    assert.deepEqual(
      [now.user, now.track_metadata.artist_name, now.track_metadata.track_name, now.track_metadata.release_name],
      ['alice_lb', 'Scrobbler', 'Long Song', 'Away'],
    );
    const fmNow = last.scrobbles.find((s) => s.method === 'track.updateNowPlaying')!;
    assert.deepEqual([fmNow.user, fmNow.artist, fmNow.track, fmNow.album, fmNow.duration], ['alice_fm', 'Scrobbler', 'Long Song', 'Away', 45]);
    assert.ok(ms < 2000, `${ms} ms`);
  });

  test('a play arrives once at each, with the time it began and the right fields; reported again, it is not sent again', async () => {
    const [brainz, last] = [setup.lb, setup.fm];
    const began = Date.UTC(2026, 11, 7, 12, 0, 5, 250);
    assert.equal((await play('Long Song', began, 'play-one')).statusCode, 204);
    await until('the play at both', () => brainz.listens.some((l) => l.type !== 'playing_now') && last.scrobbles.some((s) => s.method === 'track.scrobble'));
    assert.equal((await play('Long Song', began, 'play-one')).statusCode, 204, 'the player sends it again (its answer was lost)');
    await t.scrobbling.flush();
    const listens = brainz.listens.filter((l) => l.type !== 'playing_now');
    assert.equal(listens.length, 1);
    assert.equal(listens[0]!.type, 'single');
    assert.equal(listens[0]!.listened_at, Math.floor(began / 1000));
    assert.deepEqual(
      [listens[0]!.track_metadata.artist_name, listens[0]!.track_metadata.track_name, listens[0]!.track_metadata.release_name],
      ['Scrobbler', 'Long Song', 'Away'],
    );
    const info = listens[0]!.track_metadata.additional_info!;
    assert.ok(Math.abs(Number(info.duration_ms) - 45_000) < 500, `duration_ms ${info.duration_ms}`);
    assert.equal(info.tracknumber, 1);
    assert.equal(info.submission_client, 'Runnel');
    const scrobbles = last.scrobbles.filter((s) => s.method === 'track.scrobble');
    assert.equal(scrobbles.length, 1);
    assert.deepEqual(
      [scrobbles[0]!.artist, scrobbles[0]!.track, scrobbles[0]!.album, scrobbles[0]!.timestamp, scrobbles[0]!.duration],
      ['Scrobbler', 'Long Song', 'Away', Math.floor(began / 1000), 45],
    );
    const both = (await status()).services;
    assert.deepEqual(
      both.map((s) => [s.sent, s.pending, s.failures, s.last_error]),
      [
        [1, 0, 0, null],
        [1, 0, 0, null],
      ],
    );
    assert.ok(both.every((s) => s.last_sent_at !== null));
  });

  test('a track of 30 s or less is not scrobbled (the services’ rule), though it counts as played', async () => {
    const [brainz, last] = [setup.lb, setup.fm];
    const before = [brainz.listens.length, last.scrobbles.length];
    assert.equal((await play('Short Song', Date.now() - 20_000, 'play-short')).statusCode, 204);
    await t.scrobbling.flush();
    assert.deepEqual([brainz.listens.length, last.scrobbles.length], before);
    assert.equal(
      (await status()).services.reduce((n, s) => n + s.pending, 0),
      0,
    );
  });

  test("a Subsonic app's scrobble goes out the same way, at the time the app gives", async () => {
    const [brainz, last] = [setup.lb, setup.fm];
    const time = Date.UTC(2026, 11, 6, 22, 30, 0);
    const answer = await rest(t, 'scrobble', {
      ...asUser({ username: u.me.username, password: u.password }),
      id: tracks.get('Second Song')!,
      time: String(time),
      submission: 'true',
    });
    assert.equal(answer.json.status, 'ok');
    await until(
      'the Subsonic play at both',
      () =>
        brainz.listens.some((l) => l.track_metadata.track_name === 'Second Song' && l.type !== 'playing_now') &&
        last.scrobbles.some((s) => s.track === 'Second Song'),
    );
    assert.equal(brainz.listens.find((l) => l.track_metadata.track_name === 'Second Song')!.listened_at, time / 1000);
    assert.equal(last.scrobbles.find((s) => s.track === 'Second Song')!.timestamp, time / 1000);
  });

  test('paused, a service keeps nothing; disconnected, it is forgotten', async () => {
    const paused = await t.http.inject({ method: 'PATCH', url: '/api/v1/me/scrobbling/lastfm', headers: u.auth, payload: { enabled: false } });
    assert.equal(paused.statusCode, 200);
    assert.equal((await play('Long Song', Date.now() - 60_000, 'play-paused')).statusCode, 204);
    await t.scrobbling.flush();
    const last = setup.fm.scrobbles.filter((s) => s.method === 'track.scrobble').length;
    assert.deepEqual(
      (await status()).services.map((s) => [s.service, s.enabled, s.pending]),
      [
        ['listenbrainz', true, 0],
        ['lastfm', false, 0],
      ],
    );
    assert.equal(last, 2);
    const gone = await t.http.inject({ method: 'DELETE', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth });
    assert.equal(gone.statusCode, 200);
    assert.deepEqual(
      (gone.json() as Scrobbling).services.map((s) => [s.service, s.connected]),
      [
        ['listenbrainz', false],
        ['lastfm', true],
      ],
    );
    const nope = await t.http.inject({ method: 'PATCH', url: '/api/v1/me/scrobbling/spotify', headers: u.auth, payload: { enabled: true } });
    assert.equal(nope.statusCode, 400);
  });

  test("another listener sees none of this listener's connections", async () => {
    const other = await t.makeUser();
    const theirs = (await t.http.inject({ method: 'GET', url: '/api/v1/me/scrobbling', headers: other.auth })).json() as Scrobbling;
    assert.ok(theirs.services.every((s) => !s.connected && s.account === null && s.sent === 0));
  });
});
