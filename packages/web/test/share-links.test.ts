import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let albumId = '';
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 4, cover: 30 },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 4, cover: 30 },
  ]);
  await e2e.app.makeUser({ username: 'ann', password: 'ann-pass' });
  albumId = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
});
after(() => e2e.close());

test('a public link made in the player opens and plays for someone with no account; turned off, it says so', async () => {
  const ann = await signedIn(e2e, 'ann', 'ann-pass');
  await ann.goto(`${e2e.url}/album/${albumId}`);
  await ann.getByRole('button', { name: 'Send to…' }).click();
  const dialog = ann.getByRole('dialog', { name: 'Send “Teen Dream”' });
  await dialog.getByRole('button', { name: 'Create public link' }).click();
  const box = dialog.getByRole('textbox', { name: 'Public link' });
  await box.waitFor();
  const url = await box.inputValue();
  assert.match(url, new RegExp(`^${e2e.url}/s/[A-Za-z0-9_-]+$`));
  await dialog.getByRole('status').waitFor();
  await screenshot(ann, 'share-link-made');

  // A stranger: a fresh browser context with no cookies.
  const stranger = await (await e2e.browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
  const opened = await stranger.goto(url);
  assert.equal(opened?.status(), 200);
  await stranger.getByRole('heading', { name: 'Teen Dream' }).waitFor();
  assert.equal(await stranger.locator('meta[property="og:title"]').getAttribute('content'), 'Teen Dream');
  await stranger.getByText('shared by ann').waitFor();
  await screenshot(stranger, 'share-link-page');
  // The cover loads (a picture the page may show: same origin, under its security policy).
  await stranger.waitForFunction(() => ((document.querySelector('header img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
  await stranger
    .locator('audio')
    .first()
    .evaluate((a: HTMLAudioElement) => a.play());
  await stranger.waitForFunction(() => {
    const audio = document.querySelector('audio');
    return audio !== null && !audio.paused && audio.currentTime > 0.5;
  });
  await screenshot(stranger, 'share-link-page');

  // Ann turns it off in Settings; the stranger's next visit is told so.
  await ann.keyboard.press('Escape');
  await ann.goto(`${e2e.url}/settings`);
  const links = ann.getByRole('list', { name: 'Your public links' });
  await links.getByText(/opened 1 time/).waitFor();
  await links.getByRole('button', { name: 'Turn off the link to Teen Dream' }).click();
  await links.getByText('No links yet', { exact: false }).waitFor();
  const again = await stranger.goto(url);
  assert.equal(again?.status(), 410);
  await stranger.getByRole('heading', { name: /turned off/ }).waitFor();
});
