import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

/**
 * What a Subsonic app does with Runnel, in a real browser: the user makes an app password in
 * Settings, the app signs a stream URL with a token (md5 of app password + salt), and an
 * `<audio>` element plays it — the original, and a transcode.
 */
let e2e: E2E;
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk', seconds: 6 },
    { title: 'Hang With Me', artist: 'Robyn', album: 'Body Talk', seconds: 6, format: 'flac', noise: true },
  ]);
  await e2e.app.makeUser({ username: 'phone', password: 'phone-main-pass' });
});
after(() => e2e.close());

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

test('an app password from Settings signs a stream URL that plays in <audio>', async () => {
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, e2e.url, 'phone', 'phone-main-pass');
  await page.goto(`${e2e.url}/settings`);
  await page.getByRole('heading', { name: 'Phone and desktop apps' }).waitFor();
  await page.getByRole('button', { name: 'Create app password' }).click();
  const appPassword = (await page.getByTestId('app-password').innerText()).trim();
  assert.match(appPassword, /^[A-Za-z0-9]{24}$/);
  await page.getByRole('heading', { name: 'Phone and desktop apps' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-apps');

  const { items } = await e2e.app.catalog.listAlbums('name', 10, 0);
  const album = await e2e.app.catalog.album(items[0]!.id);
  const [mp3, flac] = ['Dancing On My Own', 'Hang With Me'].map((name) => album.tracks.items.find((t) => t.name === name)!.id);
  const salt = 'a1b2c3';
  const auth = `u=phone&t=${md5(appPassword + salt)}&s=${salt}&v=1.16.1&c=e2e`;
  for (const [label, src] of [
    ['original', `/rest/stream.view?${auth}&id=${mp3}`],
    ['transcode', `/rest/stream.view?${auth}&id=${flac}&format=mp3&maxBitRate=128`],
  ] as const) {
    const played = await page.evaluate(async (url) => {
      const audio = new Audio(url);
      await audio.play();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still at ${audio.currentTime}`)), 10_000);
        audio.addEventListener('timeupdate', () => {
          if (audio.currentTime > 1) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      audio.pause();
      return audio.currentTime;
    }, `${e2e.url}${src}`);
    assert.ok(played > 1, `${label}: currentTime ${played}`);
  }

  // A wrong token never plays: the answer is an error envelope, not audio.
  const wrong = await page.evaluate(
    async (url) => {
      const audio = new Audio(url);
      return audio.play().then(
        () => 'played',
        () => 'refused',
      );
    },
    `${e2e.url}/rest/stream.view?u=phone&t=${md5(`nope${salt}`)}&s=${salt}&v=1.16.1&c=e2e&id=${mp3}`,
  );
  assert.equal(wrong, 'refused');
});
