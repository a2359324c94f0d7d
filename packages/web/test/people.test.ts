import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signedIn, startE2E, untilFindable, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let albumId = '';
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [{ title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 6, cover: 200 }]);
  await e2e.app.makeUser({ username: 'ann', password: 'ann-pass' });
  const bodil = await e2e.app.makeUser({ username: 'bodil', password: 'bodil-pass' });
  await e2e.app.playlists.create(bodil.me.id, { name: 'Bodil’s picks' });
  await e2e.app.playlists.create(bodil.me.id, { name: 'Secret', public: false });
  albumId = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
  await untilFindable(e2e.app, 'bodil');
});
after(() => e2e.close());

test('find someone by search, open their profile, follow them; People shows what they are playing; they see their new follower', async () => {
  const ann = await signedIn(e2e, 'ann', 'ann-pass');
  const bodil = await signedIn(e2e, 'bodil', 'bodil-pass');

  await ann.getByRole('searchbox', { name: 'Search' }).fill('bodil');
  await ann.getByRole('list', { name: 'People found' }).getByRole('link', { name: 'bodil' }).click();
  await ann.getByRole('heading', { name: 'bodil' }).waitFor();
  await ann.getByRole('list', { name: 'Playlists of bodil' }).getByRole('link', { name: 'Bodil’s picks' }).waitFor();
  assert.equal(await ann.getByText('Secret').count(), 0, 'private playlists are not on a profile');
  await ann.getByRole('button', { name: 'Follow' }).click();
  await ann.getByText('1 follower').waitFor();

  // Bodil plays something; Ann's People tab says so.
  await bodil.goto(`${e2e.url}/album/${albumId}`);
  await bodil.getByRole('main').getByRole('button', { name: 'Play', exact: true }).click();
  await bodil.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  await ann.goto(`${e2e.url}/people`);
  const following = ann.getByRole('list', { name: 'People you follow' });
  await following.getByText('Listening to').waitFor({ timeout: 20_000 });
  await following.getByRole('link', { name: 'Zebra' }).waitFor();
  await screenshot(ann, 'people');

  await bodil.getByRole('link', { name: 'Home' }).click();
  await bodil.getByRole('tab', { name: 'People' }).click();
  const followers = bodil.getByRole('list', { name: 'Your followers' });
  await followers.getByRole('link', { name: 'ann' }).waitFor();
  // Following back from the list.
  await followers.getByRole('button', { name: 'Follow' }).click();
  await bodil.getByRole('list', { name: 'People you follow' }).getByRole('link', { name: 'ann' }).waitFor();
});

test('the Feed shows what the people you follow do; listening privately (Settings) keeps plays out', async () => {
  const ann = await signedIn(e2e, 'ann', 'ann-pass');
  const bodil = await signedIn(e2e, 'bodil', 'bodil-pass');
  // Bodil (followed by Ann since the test above) stars a track and makes a public playlist.
  await bodil.goto(`${e2e.url}/album/${albumId}`);
  await bodil.getByRole('grid', { name: 'Tracks of Teen Dream' }).getByText('Zebra').click({ button: 'right' });
  await bodil.getByRole('menuitem', { name: 'Star', exact: true }).click();
  await bodil.evaluate(async () =>
    fetch('/api/v1/me/playlists', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Summer' }) }),
  );
  // And plays it to the end (as the player reports after 30 seconds, or half a short track).
  const zebra = (await e2e.app.catalog.album(albumId)).tracks.items[0]!.uri;
  await bodil.evaluate(
    async (uri) =>
      fetch('/api/v1/me/player/recently-played', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri }) }),
    zebra,
  );

  await ann.goto(`${e2e.url}/feed`);
  const feed = ann.getByRole('list', { name: 'Feed' });
  await feed.getByRole('listitem').filter({ hasText: 'made the playlist Summer' }).waitFor();
  await feed.getByText('starred').waitFor();
  await feed.getByText('listened to').first().waitFor();
  await screenshot(ann, 'feed');
  await ann.getByRole('tab', { name: "What's new" }).click();
  await ann
    .getByRole('list', { name: 'New playlists from people you follow' })
    .getByRole('link', { name: /Summer/ })
    .waitFor();

  await bodil.goto(`${e2e.url}/settings`);
  const share = bodil.getByLabel('Share what I listen to with the people who follow me');
  assert.equal(await share.isChecked(), true);
  const saved = bodil.waitForResponse((r) => r.url().endsWith('/api/v1/me/social-settings') && r.request().method() === 'PUT');
  await share.uncheck();
  await saved;
  await ann.goto(`${e2e.url}/feed`);
  await feed.getByText('starred').waitFor();
  assert.equal(await feed.getByText('listened to').count(), 0, 'plays are private now');
});
