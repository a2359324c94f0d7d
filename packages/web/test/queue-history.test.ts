import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';
import { requireTool } from '../../server/src/tools/tools.ts';

let e2e: E2E;
const dir = mkdtempSync(join(tmpdir(), 'runnel-history-'));
const zebra = join(dir, 'zebra.mp3');
before(async () => {
  execFileSync(requireTool('ffmpeg'), [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=6',
    '-metadata',
    'title=Zebra',
    '-metadata',
    'artist=Beach House',
    '-b:a',
    '128k',
    zebra,
  ]);
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Red Revelations', artist: 'Jace Everett', album: 'Red Revelations', seconds: 4 },
    { title: 'I Feel Better', artist: 'Jace Everett', album: 'Red Revelations', seconds: 4 },
  ]);
  await e2e.app.makeUser({ username: 'listener', password: 'listener-pass' });
});
after(async () => {
  await e2e.close();
  rmSync(dir, { recursive: true, force: true });
});

const historyTitles = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[aria-label="History"] .track .title')].map((cell) => cell.firstChild?.textContent));

async function openQueue(page: Page) {
  await page.getByRole('link', { name: 'Play queue' }).click();
  await page.getByRole('heading', { name: 'History' }).waitFor();
}

test('the play queue shows the history of what played, from every device, newest first; it survives a reload', async () => {
  const laptop = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const phone = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(laptop, e2e.url, 'listener', 'listener-pass');
  await signIn(phone, e2e.url, 'listener', 'listener-pass');
  await openQueue(phone);
  await phone.getByText(/Tracks you play show here/).waitFor();

  // The laptop plays the album through: both tracks count (half of a short track).
  await laptop
    .getByRole('link', { name: /Red Revelations/ })
    .first()
    .click();
  await laptop
    .getByRole('row', { name: /Red Revelations/ })
    .getByText('Red Revelations')
    .dblclick();
  await phone.waitForFunction(() => (document.querySelector('[aria-label="History"]')?.textContent ?? '').includes('I Feel Better'), null, { timeout: 15_000 });
  assert.deepEqual(await historyTitles(phone), ['I Feel Better', 'Red Revelations'], 'newest first, without reloading');

  // A local file played on the laptop is in the history everywhere, playable only there.
  await laptop.getByRole('link', { name: 'Local files' }).click();
  await laptop.getByTestId('local-file-input').setInputFiles(zebra);
  await laptop.getByRole('grid', { name: 'Local files' }).getByText('Zebra').dblclick();
  await phone.getByRole('grid', { name: 'History' }).getByRole('row', { name: /Zebra/ }).waitFor({ timeout: 15_000 });
  assert.equal(await phone.getByRole('grid', { name: 'History' }).getByRole('row', { name: /Zebra/ }).getAttribute('aria-disabled'), 'true');
  await openQueue(laptop);
  const here = laptop.getByRole('grid', { name: 'History' }).getByRole('row', { name: /Zebra/ });
  await here.waitFor();
  assert.equal(await here.getAttribute('aria-disabled'), null);
  await screenshot(laptop, 'queue-history');

  await phone.reload();
  await phone.getByRole('grid', { name: 'History' }).getByRole('row', { name: /Zebra/ }).waitFor();
  assert.deepEqual(await historyTitles(phone), ['Zebra', 'I Feel Better', 'Red Revelations'], 'kept by the server');

  // A history row plays like any track row.
  await phone.getByRole('grid', { name: 'History' }).locator('.title', { hasText: 'Red Revelations' }).dblclick();
  await phone.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await phone.getByTestId('np-title').innerText(), 'Red Revelations');
});
