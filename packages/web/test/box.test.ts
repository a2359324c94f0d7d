import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sizeOf, sleep, spawnBox, tempDir, type BoxProcess } from '../../box/test/fixture.ts';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';

let e2e: E2E;
let box: BoxProcess | undefined;
const out = join(tempDir('runnel-web-box-'), 'kitchen.pcm');
before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [
    { title: 'Card One', artist: 'Tokens', album: 'Kitchen Songs', seconds: 20, format: 'mp3v24' },
    { title: 'Card Two', artist: 'Tokens', album: 'Kitchen Songs', seconds: 20, format: 'flac' },
  ]);
  const owner = await e2e.app.makeUser({ username: 'boxowner', password: 'box-owner', product: 'premium' });
  const made = await e2e.app.http.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: owner.auth, payload: { name: 'Kitchen box' } });
  const token = (made.json() as { token: string }).token;
  box = spawnBox(['--server', e2e.url, '--token', token, '--name', 'Kitchen', '--output', `file:${out}`, '--data', tempDir('runnel-web-box-data-')]);
  await box.waitLog(/online/);
});
after(async () => {
  await box?.stop();
  await e2e.close();
});

test('the web player puts an album on a card the box reads; the box plays it; Pause in the web player stops it within 500 ms', async (ctx) => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(page, e2e.url, 'boxowner', 'box-owner');
  await page
    .getByRole('link', { name: /Kitchen Songs/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Put on a card' }).click();
  await page.getByRole('status').filter({ hasText: 'Tap a card on Kitchen now' }).waitFor();
  // The reader types the card's id and Enter.
  box!.card('04:A3:2F:1B');
  await page.getByRole('status').filter({ hasText: 'Card 04A32F1B plays Kitchen Songs on Kitchen' }).waitFor();
  await screenshot(page, 'box-card-assigned');

  // The card plays the album on the box at once (as it will at every tap); the web player shows it playing there.
  await page.getByTestId('np-remote').filter({ hasText: 'Playing on Kitchen' }).waitFor();
  assert.equal(await page.getByTestId('np-title').innerText(), 'Card One');
  for (let i = 0; i < 120 && sizeOf(out) < 44_100 * 4; i++) await sleep(50);
  assert.ok(sizeOf(out) >= 44_100 * 4, `the box wrote a second of audio (${sizeOf(out)} bytes):\n${box!.log.slice(-20).join('\n')}`);

  // Pause from the web player's bar: the output stops growing (watched from before the click).
  let last = { size: sizeOf(out), at: Date.now() };
  let watching = true;
  const watched = (async () => {
    while (watching) {
      await sleep(5);
      const size = sizeOf(out);
      if (size !== last.size) last = { size, at: Date.now() };
    }
  })();
  await sleep(100);
  assert.ok(Date.now() - last.at < 100, 'the output was growing before the click');
  const clicked = Date.now();
  await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: 'Pause', exact: true }).click();
  await sleep(800);
  watching = false;
  await watched;
  ctx.diagnostic(
    `Pause clicked in the web player → the box's output last grew ${last.at - clicked} ms later (${Math.round((last.size / (44_100 * 4)) * 1000)} ms of audio written in all)`,
  );
  assert.ok(last.at - clicked <= 500, 'the box stops within 500 ms');
  await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: 'Play', exact: true }).waitFor();
  // Tapping the card again resumes it.
  box!.card('04A32F1B');
  await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await screenshot(page, 'box-playing');

  // While the box plays, a track chosen in the web player plays on the box: this tab is its remote.
  await page.getByRole('row', { name: /Card Two/ }).dblclick();
  await page.getByTestId('np-title').filter({ hasText: 'Card Two' }).waitFor();
  assert.match(await page.getByTestId('np-remote').innerText(), /Playing on Kitchen/);
  assert.ok(!(await page.evaluate(() => [...document.querySelectorAll('audio')].some((a) => !a.paused))), 'nothing plays in the tab');
});
