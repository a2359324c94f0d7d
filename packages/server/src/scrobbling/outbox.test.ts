import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp, TestUser } from '../testing/app.ts';
import { scrobblingApp, until } from './testing.ts';

const PLAYS = 60;

describe('the scrobble outbox: services down, the server restarted, every play still arrives exactly once', () => {
  const tokens: Record<string, string> = { 'lb-token-bob': 'bob_lb' };
  let setup: Awaited<ReturnType<typeof scrobblingApp>>;
  let t: TestApp;
  let u: TestUser;
  let tracks: Map<string, string>;
  const status = () => setup.status(u);

  before(async () => {
    setup = await scrobblingApp(tokens, 'bob_fm');
    ({ t, tracks } = setup);
    u = await t.makeUser({ username: 'bob' });
    assert.equal(
      (await t.http.inject({ method: 'PUT', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth, payload: { token: 'lb-token-bob' } })).statusCode,
      200,
    );
    const start = await t.http.inject({ method: 'POST', url: '/api/v1/me/scrobbling/lastfm/connect', headers: u.auth });
    const back = new URL((await fetch(start.json().url as string, { redirect: 'manual' })).headers.get('location')!);
    assert.equal((await t.http.inject({ method: 'GET', url: back.pathname + back.search, headers: u.auth })).headers.location, '/settings?scrobbling=lastfm');
  });
  after(() => setup.close());

  test(`${PLAYS} plays while both services are down, across a restart: each arrives once, with its own time`, async (c) => {
    const [brainz, last] = [setup.lb, setup.fm];
    await brainz.down();
    await last.down();
    // Plays as a player sends them: some live, most kept while offline and sent later with their times.
    const base = Date.UTC(2026, 11, 5, 8, 0, 0);
    const times = Array.from({ length: PLAYS }, (_, i) => base + i * 61_000);
    const names = ['Long Song', 'Second Song'];
    for (const [i, at] of times.entries()) {
      const uri = `runnel:track:${tracks.get(names[i % 2]!)}`;
      const sent = await t.http.inject({
        method: 'POST',
        url: '/api/v1/me/player/recently-played',
        headers: u.auth,
        payload: { uri, played_at: at, play_id: `offline-${i}` },
      });
      assert.equal(sent.statusCode, 204);
    }
    await until('a failed attempt at each', async () => (await status()).services.every((s) => s.failures >= 1 && s.pending === PLAYS));
    const failing = (await status()).services;
    c.diagnostic(failing.map((s) => `${s.service}: ${s.pending} waiting, ${s.failures} failures, "${s.last_error}"`).join('; '));
    assert.ok(failing.every((s) => s.last_error && s.last_error_at && s.sent === 0));

    await t.restart();
    // Still down after the restart: nothing is lost, nothing sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(
      (await status()).services.map((s) => s.pending),
      [PLAYS, PLAYS],
    );
    await brainz.up();
    await last.up();
    const ms = await until('every play sent', async () => (await status()).services.every((s) => s.pending === 0), 15_000);
    c.diagnostic(`all sent ${ms} ms after the services came back`);

    const listens = brainz.listens.filter((l) => l.type !== 'playing_now');
    assert.equal(listens.length, PLAYS, 'ListenBrainz: each play once');
    assert.deepEqual(
      listens.map((l) => l.listened_at! * 1000).sort((a, b) => a - b),
      times,
    );
    assert.ok(
      listens.every((l) => l.type === 'import' && l.user === 'bob_lb'),
      'sent in batches, as imports',
    );
    const scrobbles = last.scrobbles.filter((s) => s.method === 'track.scrobble');
    assert.equal(scrobbles.length, PLAYS, 'Last.fm: each play once');
    assert.deepEqual(
      scrobbles.map((s) => s.timestamp! * 1000).sort((a, b) => a - b),
      times,
    );
    assert.ok(Math.max(...scrobbles.map((s) => s.batch)) <= 50, 'Last.fm batches of at most 50');
    assert.deepEqual(
      scrobbles.slice(0, 2).map((s) => [s.artist, s.track, s.album]),
      [
        ['Scrobbler', 'Long Song', 'Away'],
        ['Scrobbler', 'Second Song', 'Away'],
      ],
    );
    const done = (await status()).services;
    assert.deepEqual(
      done.map((s) => [s.sent, s.failures, s.last_error]),
      [
        [PLAYS, 0, null],
        [PLAYS, 0, null],
      ],
    );
  });

  test('ListenBrainz answers 429 with its reset time: the play waits that long, then goes once', async (c) => {
    const brainz = setup.lb;
    brainz.limit(1, 2);
    const at = Date.UTC(2026, 11, 6, 8, 0, 0);
    const before = brainz.submits.length;
    await t.http.inject({
      method: 'POST',
      url: '/api/v1/me/player/recently-played',
      headers: u.auth,
      payload: { uri: `runnel:track:${tracks.get('Long Song')}`, played_at: at, play_id: 'rate-limited' },
    });
    await until('the play sent', async () => brainz.listens.some((l) => l.listened_at === at / 1000), 10_000);
    const [refused, taken] = brainz.submits.slice(before);
    c.diagnostic(`tried again ${Math.round(taken! - refused!)} ms after the 429 (asked: 2 s; the outbox's own back-off here: 100 ms)`);
    assert.ok(taken! - refused! >= 1900, `tried again after ${Math.round(taken! - refused!)} ms`);
    assert.equal(brainz.listens.filter((l) => l.listened_at === at / 1000).length, 1, 'once');
  });

  test('a token the service stops accepting: the plays wait until the listener connects again, then they go', async () => {
    const brainz = setup.lb;
    delete tokens['lb-token-bob']; // revoked at ListenBrainz
    const at = Date.UTC(2026, 11, 6, 9, 0, 0);
    const uri = `runnel:track:${tracks.get('Long Song')}`;
    await t.http.inject({
      method: 'POST',
      url: '/api/v1/me/player/recently-played',
      headers: u.auth,
      payload: { uri, played_at: at, play_id: 'after-revoke' },
    });
    await until('the refusal noticed', async () => (await status()).services[0]!.needs_reconnect);
    const refused = (await status()).services[0]!;
    assert.deepEqual([refused.pending, refused.connected], [1, true]);
    assert.match(refused.last_error!, /refused the token/);

    tokens['lb-token-bob-2'] = 'bob_lb';
    const again = await t.http.inject({ method: 'PUT', url: '/api/v1/me/scrobbling/listenbrainz', headers: u.auth, payload: { token: 'lb-token-bob-2' } });
    assert.equal(again.statusCode, 200);
    await until('the waiting play sent', async () => (await status()).services[0]!.pending === 0);
    assert.equal(brainz.listens.filter((l) => l.listened_at === at / 1000).length, 1);
    assert.equal((await status()).services[0]!.needs_reconnect, false);
  });
});
