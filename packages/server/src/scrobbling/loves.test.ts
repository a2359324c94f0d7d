import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { asUser, rest } from '../subsonic/testing.ts';
import type { TestApp, TestUser } from '../testing/app.ts';
import { LONG_SONG_MBID, scrobblingApp, until } from './testing.ts';

describe('stars are loves: Last.fm track.love and unlove, ListenBrainz recording feedback', () => {
  let setup: Awaited<ReturnType<typeof scrobblingApp>>;
  let t: TestApp;
  let u: TestUser;
  let tracks: Map<string, string>;
  const status = () => setup.status(u);
  /** Stars or unstars a track as the web player does (its heart: PUT or DELETE /me/starred). */
  const star = async (name: string, on: boolean) =>
    assert.equal((await t.http.inject({ method: on ? 'PUT' : 'DELETE', url: `/api/v1/me/starred?ids=${tracks.get(name)}`, headers: u.auth })).statusCode, 204);
  const subsonic = async (call: 'star' | 'unstar', name: string) =>
    assert.equal((await rest(t, call, { ...asUser({ username: u.me.username, password: u.password }), id: tracks.get(name)! })).json.status, 'ok');
  const fmLoves = (name: string) => setup.fm.loves.filter((l) => l.track === name).map((l) => [l.method, l.user, l.artist, l.track]);
  /** Lets the sender run a few rounds, so that a love sent twice would show. */
  const settle = async () => {
    await t.scrobbling.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
  };

  before(async () => {
    setup = await scrobblingApp({ 'lb-token-cat': 'cat_lb' }, 'cat_fm');
    ({ t, tracks } = setup);
    u = await t.makeUser({ username: 'cat' });
    const lb = await t.http.inject({ method: 'PUT', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth, payload: { token: 'lb-token-cat' } });
    assert.equal(lb.statusCode, 200);
    const start = await t.http.inject({ method: 'POST', url: '/api/v1/me/scrobbling/lastfm/connect', headers: u.auth });
    const back = new URL((await fetch(start.json().url as string, { redirect: 'manual' })).headers.get('location')!);
    assert.equal((await t.http.inject({ method: 'GET', url: back.pathname + back.search, headers: u.auth })).headers.location, '/settings?scrobbling=lastfm');
  });
  after(() => setup.close());

  test('a star loves the track at both, an unstar unloves it: once each, in order, with the right fields', async () => {
    const { fm, lb } = setup;
    await star('Long Song', true);
    await until('the love at both', () => fm.loves.length === 1 && lb.feedback.length === 1);
    await star('Long Song', false);
    await until('the unlove at both', () => fm.loves.length === 2 && lb.feedback.length === 2);
    await settle();
    assert.deepEqual(fmLoves('Long Song'), [
      ['track.love', 'cat_fm', 'Scrobbler', 'Long Song'],
      ['track.unlove', 'cat_fm', 'Scrobbler', 'Long Song'],
    ]);
    assert.deepEqual(lb.feedback, [
      { user: 'cat_lb', recording_mbid: LONG_SONG_MBID, score: 1 },
      { user: 'cat_lb', recording_mbid: LONG_SONG_MBID, score: 0 },
    ]);
    assert.equal(lb.listens.length, 0, 'a love is not a listen');
    // Settings' counts are of plays: loves neither wait nor count as sent there.
    assert.deepEqual(
      (await status()).services.map((s) => [s.service, s.pending, s.sent, s.failures, s.last_error]),
      [
        ['listenbrainz', 0, 0, 0, null],
        ['lastfm', 0, 0, 0, null],
      ],
    );
  });

  test("a track without a MusicBrainz recording id is loved on Last.fm only; a Subsonic app's star counts the same", async () => {
    const { lb } = setup;
    const feedback = lb.feedback.length;
    await subsonic('star', 'Second Song');
    await until('the love on Last.fm', () => fmLoves('Second Song').length === 1);
    await t.scrobbling.flush(); // its row marked sent, so the unstar is kept beside it (not in its place)
    await subsonic('unstar', 'Second Song');
    await until('the unlove on Last.fm', () => fmLoves('Second Song').length === 2);
    await settle();
    assert.deepEqual(
      fmLoves('Second Song').map(([method]) => method),
      ['track.love', 'track.unlove'],
    );
    assert.equal(lb.feedback.length, feedback, 'nothing sent to ListenBrainz');
    const kept = await t.database.db.selectFrom('scrobble_loves').select('service').where('track_id', '=', tracks.get('Second Song')!).execute();
    assert.deepEqual(
      kept.map((k) => k.service),
      ['lastfm', 'lastfm'],
      'nothing kept for ListenBrainz either',
    );
  });

  test('Last.fm down and the server restarted between: the love arrives once after; a star, unstar, star meanwhile goes as its last state', async () => {
    const { fm, lb } = setup;
    await fm.down();
    const before = fm.loves.length;
    await star('Long Song', true);
    await until('the failed attempt noticed', async () => (await status()).services[1]!.failures >= 1);
    await star('Second Song', true);
    await star('Second Song', false);
    await star('Second Song', true);
    await until('the love at ListenBrainz meanwhile', () => lb.feedback.at(-1)?.score === 1);

    await t.restart();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(fm.loves.length, before, 'nothing reached Last.fm while it was down');
    await fm.up();
    await until('the loves sent', () => fm.loves.length >= before + 2, 10_000);
    await settle();
    assert.deepEqual(
      fm.loves.slice(before).map((l) => [l.method, l.track]),
      [
        ['track.love', 'Long Song'],
        ['track.love', 'Second Song'],
      ],
    );
    const last = (await status()).services[1]!;
    assert.deepEqual([last.failures, last.last_error, last.pending, last.sent], [0, null, 0, 0]);
  });

  test('a paused service is not told of stars, nor later when it is resumed', async () => {
    const { fm, lb } = setup;
    const [loves, feedback] = [fm.loves.length, lb.feedback.length];
    const paused = await t.http.inject({ method: 'PATCH', url: '/api/v1/me/scrobbling/lastfm', headers: u.auth, payload: { enabled: false } });
    assert.equal(paused.statusCode, 200);
    await star('Long Song', false);
    await until('the unlove at ListenBrainz', () => lb.feedback.length === feedback + 1);
    const resumed = await t.http.inject({ method: 'PATCH', url: '/api/v1/me/scrobbling/lastfm', headers: u.auth, payload: { enabled: true } });
    assert.equal(resumed.statusCode, 200);
    await settle();
    assert.equal(fm.loves.length, loves);
  });
});
