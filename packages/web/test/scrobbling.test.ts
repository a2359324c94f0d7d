import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lastfmStandIn, listenBrainzStandIn, type StandIn } from '../../server/src/scrobbling/testing.ts';
import { screenshot, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';
import { seekAudible } from './offline-page.ts';

let e2e: E2E;
let albumId = '';
let lb: Awaited<ReturnType<typeof listenBrainzStandIn>>;
let fm: Awaited<ReturnType<typeof lastfmStandIn>>;
before(async () => {
  lb = await listenBrainzStandIn({ 'token-of-cleo': 'cleo_lb' });
  fm = await lastfmStandIn('runnel-key', 'runnel-secret', 'cleo_fm');
  e2e = await startE2E({
    app: {
      scrobbling: {
        listenbrainzUrl: lb.url,
        lastfm: { key: 'runnel-key', secret: 'runnel-secret', apiUrl: fm.url, authUrl: fm.authUrl },
        retryBaseMs: 100,
        pollMs: 50,
      },
    },
  });
  await scanTracks(e2e.app, [{ title: 'Counted', artist: 'Scrobbled', album: 'Sent Out', seconds: 40 }]);
  await e2e.app.makeUser({ username: 'cleo', password: 'cleo-pass', product: 'premium' });
  albumId = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
});
after(async () => {
  await e2e.close();
  await Promise.all([lb, fm].map((s: StandIn) => s.close()));
});

test('Settings connects ListenBrainz (token) and Last.fm (its web authentication); a play goes to both and shows as sent', async () => {
  const page = await signedIn(e2e, 'cleo', 'cleo-pass');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${e2e.url}/settings`);
  const brainz = page.getByRole('region', { name: 'ListenBrainz' });
  await brainz.getByLabel('ListenBrainz user token').fill('not-the-token');
  await brainz.getByRole('button', { name: 'Connect ListenBrainz' }).click();
  await brainz.getByRole('alert').filter({ hasText: 'did not accept' }).waitFor();
  await brainz.getByLabel('ListenBrainz user token').fill('token-of-cleo');
  await brainz.getByRole('button', { name: 'Connect ListenBrainz' }).click();
  await brainz.getByText('Connected as cleo_lb').waitFor();

  // Last.fm: off to its page (the stand-in allows at once) and back to Settings.
  await page.getByRole('region', { name: 'Last.fm' }).getByRole('button', { name: 'Connect Last.fm' }).click();
  await page.waitForURL(/\/settings\?scrobbling=lastfm$/);
  await page.getByRole('status').filter({ hasText: 'Last.fm is connected.' }).waitFor();
  await page.getByRole('region', { name: 'Last.fm' }).getByText('Connected as cleo_fm').waitFor();

  // Play: "now playing" reaches both within 2 s of the track starting; past half, the play counts.
  await page.goto(`${e2e.url}/album/${albumId}`);
  await page.getByRole('row', { name: /Counted/ }).dblclick();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0));
  const started = Date.now();
  while (!(lb.listens.some((l) => l.type === 'playing_now') && fm.scrobbles.some((s) => s.method === 'track.updateNowPlaying'))) {
    assert.ok(Date.now() - started < 2000, 'now playing at both within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await seekAudible(page, 0.55);
  await page.goto(`${e2e.url}/settings`);
  // The play reaches both services (the keepalive request outlives the page it was sent from)…
  const sentAt = Date.now();
  while (!(lb.listens.some((l) => l.type === 'single') && fm.scrobbles.some((s) => s.method === 'track.scrobble'))) {
    const waited = Date.now() - sentAt;
    assert.ok(
      waited < 10_000,
      `the play reached ListenBrainz and Last.fm within 10 s: ${JSON.stringify({ lb: lb.listens.map((l) => l.type), fm: fm.scrobbles.map((x) => x.method) })}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // …and Settings, open meanwhile, shows it sent at its next look (every 2 s while plays wait).
  await page
    .getByTestId('scrobbles-listenbrainz')
    .filter({ hasText: /^1 play sent/ })
    .waitFor({ timeout: 10_000 });
  await page
    .getByTestId('scrobbles-lastfm')
    .filter({ hasText: /^1 play sent/ })
    .waitFor({ timeout: 10_000 });
  const listen = lb.listens.find((l) => l.type === 'single')!;
  assert.deepEqual(
    [listen.track_metadata.artist_name, listen.track_metadata.track_name, listen.track_metadata.release_name],
    ['Scrobbled', 'Counted', 'Sent Out'],
  );
  assert.ok(Math.abs(listen.listened_at! * 1000 - started) < 5000, `listened_at is when the track began: ${listen.listened_at! * 1000 - started} ms off`);
  assert.equal(fm.scrobbles.filter((s) => s.method === 'track.scrobble').length, 1);
  await page.getByRole('heading', { name: 'Scrobbling' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'scrobbling-settings');
  assert.deepEqual(errors, []);
});
