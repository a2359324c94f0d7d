import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { requireTool } from '../../server/src/tools/tools.ts';

let e2e: E2E;
const dir = mkdtempSync(join(tmpdir(), 'runnel-local-'));
const zebra = join(dir, 'zebra.mp3');
const lover = join(dir, 'lover.mp3');
before(async () => {
  const tone = (path: string, frequency: number, title: string) =>
    execFileSync(requireTool('ffmpeg'), [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${frequency}:duration=12`,
      '-metadata',
      `title=${title}`,
      '-metadata',
      'artist=Beach House',
      '-metadata',
      'album=Teen Dream',
      '-b:a',
      '128k',
      path,
    ]);
  tone(zebra, 440, 'Zebra');
  tone(lover, 330, 'Lover of Mine');
  e2e = await startE2E();
  await e2e.app.makeUser({ username: 'local', password: 'local-pass' });
});
after(async () => {
  await e2e.close();
  rmSync(dir, { recursive: true, force: true });
});

const sounding = (page: Page) => page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.5));

test('a local file picked from disk shows its tags and plays in the same player, also after a reload', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, e2e.url, 'local', 'local-pass');
  await page.getByRole('link', { name: 'Local files' }).click();
  await page.getByTestId('local-file-input').setInputFiles(zebra);
  const row = page.getByRole('grid', { name: 'Local files' }).getByRole('row', { name: /Zebra/ });
  await row.waitFor();
  assert.match(await row.innerText(), /Beach House/);
  assert.match(await row.innerText(), /Teen Dream/);
  assert.match(await row.innerText(), /0:12/);
  await row.getByText('Zebra').dblclick();
  await sounding(page);
  assert.equal(await page.getByTestId('np-title').innerText(), 'Zebra');
  await page.waitForFunction(() => document.querySelector('[data-testid="np-elapsed"]')?.textContent === '0:01', null, { timeout: 3000 });
  await screenshot(page, 'local-files');

  await page.reload();
  await page.getByRole('grid', { name: 'Local files' }).getByRole('row', { name: /Zebra/ }).getByText('Zebra').dblclick();
  await sounding(page);
  await context.close();
});

test('local files go into a playlist (menu and drag), play from it here, and show as unavailable on a device without them', async () => {
  const laptop = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await laptop.newPage();
  await signIn(page, e2e.url, 'local', 'local-pass');
  await page.getByRole('button', { name: '+ New playlist' }).click();
  await page.getByRole('textbox', { name: 'Name of the new playlist' }).fill('Found');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Found' }).waitFor();
  const playlistUrl = page.url();

  await page.getByRole('link', { name: 'Local files' }).click();
  await page.getByTestId('local-file-input').setInputFiles([zebra, lover]);
  const files = page.getByRole('grid', { name: 'Local files' });
  // By the row menu…
  await files.getByRole('row', { name: /Zebra/ }).getByText('Zebra').click({ button: 'right' });
  await page.getByRole('menuitem', { name: /Add to playlist/ }).click();
  await page.getByRole('group', { name: 'Playlists' }).getByRole('menuitem', { name: 'Found' }).click();
  // …and by dragging onto the playlist in the sidebar.
  await files.getByRole('row', { name: /Lover of Mine/ }).dragTo(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Found' }));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Found' }).click();
  const tracks = page.getByRole('grid', { name: 'Tracks of Found' });
  await tracks.getByRole('row', { name: /Lover of Mine/ }).waitFor();
  const zebraRow = tracks.getByRole('row', { name: /Zebra/ });
  assert.match(await zebraRow.innerText(), /Beach House[\s\S]*Teen Dream[\s\S]*0:12/);
  assert.equal(await zebraRow.getAttribute('aria-disabled'), null, 'the file is on this device');
  await zebraRow.getByText('Zebra').dblclick();
  await sounding(page);
  assert.equal(await page.getByTestId('np-title').innerText(), 'Zebra');
  await screenshot(page, 'playlist-local');

  // Another device of the same user: the entries are there, but the files are not.
  const phone = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await phone.newPage();
  await signIn(other, e2e.url, 'local', 'local-pass');
  await other.goto(playlistUrl);
  const elsewhere = other.getByRole('grid', { name: 'Tracks of Found' }).getByRole('row', { name: /Zebra/ });
  await elsewhere.waitFor();
  assert.equal(await elsewhere.getAttribute('aria-disabled'), 'true');
  assert.match((await elsewhere.getAttribute('title')) ?? '', /not on this device/);
  assert.ok(await other.getByRole('main').getByRole('button', { name: 'Play', exact: true }).isDisabled(), 'nothing in the playlist can play here');
  await elsewhere.getByText('Zebra').dblclick({ force: true }); // playwright will not click what is aria-disabled; a person can
  // The double-click is handled once its first click's selection shows; playing would have
  // filled the now-playing bar from the same handler, by the next frame.
  await other.getByRole('grid', { name: 'Tracks of Found' }).getByRole('row', { name: /Zebra/, selected: true }).waitFor();
  await other.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.equal(await other.getByTestId('np-title').innerText(), 'Nothing playing');
  await elsewhere.hover({ force: true });
  await screenshot(other, 'playlist-local-elsewhere');
  await phone.close();
  await laptop.close();
});
