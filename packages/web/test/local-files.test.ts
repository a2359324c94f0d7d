import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';

let e2e: E2E;
const dir = mkdtempSync(join(tmpdir(), 'runnel-local-'));
const file = join(dir, 'zebra.mp3');
before(async () => {
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=12', '-metadata', 'title=Zebra', '-metadata', 'artist=Beach House', '-metadata', 'album=Teen Dream', '-b:a', '128k', file]);
  e2e = await startE2E();
});
after(async () => {
  await e2e.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a local file picked from disk shows its tags and plays in the same player, also after a reload', async () => {
  await e2e.app.makeUser({ username: 'local', password: 'local-pass' });
  const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signIn(page, e2e.url, 'local', 'local-pass');
  await page.getByRole('link', { name: 'Local files' }).click();
  await page.getByTestId('local-file-input').setInputFiles(file);
  const row = page.getByRole('listitem').filter({ hasText: 'Zebra' });
  await row.waitFor();
  assert.match(await row.innerText(), /Beach House/);
  assert.match(await row.innerText(), /0:12/);
  await page.getByRole('button', { name: 'Play Zebra' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => a.currentTime > 0.5));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Zebra');
  await screenshot(page, 'local-files');

  await page.reload();
  await page.getByRole('button', { name: 'Play Zebra' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => a.currentTime > 0.5));
});
