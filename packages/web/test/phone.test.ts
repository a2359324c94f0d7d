import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { audit, MAIN_VIEWS } from './axe.ts';
import { screenshot, signIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';
import { requireTool } from '../../server/src/tools/tools.ts';

/** A phone: 390×844 CSS pixels, touch, a retina screen. bypassCSP: for axe (see axe.ts). */
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, bypassCSP: true };

/** Album art for the screenshots: smooth gradients, big enough for a phone's full-screen player. */
const art = mkdtempSync(join(tmpdir(), 'runnel-phone-art-'));
function cover(name: string, gradient: string): string {
  const path = join(art, `${name}.png`);
  execFileSync(requireTool('ffmpeg'), ['-v', 'error', '-f', 'lavfi', '-i', `gradients=s=600x600:${gradient}:duration=1`, '-frames:v', '1', path]);
  return path;
}

let e2e: E2E;
let playlistId = '';
let albumId = '';
let ownerId = '';
before(async () => {
  e2e = await startE2E();
  const dusk = cover('dusk', 'c0=0x2b1055:c1=0xd53369:c2=0xffb88c:n=3:x0=300:y0=460:x1=600:y1=0:type=radial');
  const ice = cover('ice', 'c0=0x0f2027:c1=0x2c5364:c2=0x00d2ff:n=3:x0=0:y0=600:x1=600:y1=0:type=linear');
  const ember = cover('ember', 'c0=0xff512f:c1=0xdd2476:c2=0x3a1c71:n=3:x0=0:y0=0:x1=600:y1=600:type=linear');
  await scanTracks(e2e.app, [
    { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream', seconds: 40, picture: dusk },
    { title: 'Silver Soul', artist: 'Beach House', album: 'Teen Dream', seconds: 40, picture: dusk },
    { title: 'Norway', artist: 'Beach House', album: 'Teen Dream', seconds: 40, picture: dusk },
    { title: 'Dancing On My Own', artist: 'Robyn', album: 'Body Talk', seconds: 40, picture: ice },
    { title: 'Fembot', artist: 'Robyn', album: 'Body Talk', seconds: 40, picture: ice },
    { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks', seconds: 40, picture: ember },
  ]);
  const owner = await e2e.app.makeUser({ username: 'pia', password: 'pia-pass', role: 'admin' });
  ownerId = owner.me.id;
  const albums = (await e2e.app.catalog.listAlbums('name', 10, 0)).items;
  albumId = albums.find((a) => a.name === 'Teen Dream')!.id;
  const uris: string[] = [];
  for (const album of albums) for (const t of (await e2e.app.catalog.album(album.id)).tracks.items) uris.push(t.uri);
  playlistId = (await e2e.app.playlists.create(ownerId, { name: 'Road trip' })).id;
  await e2e.app.playlists.add(playlistId, ownerId, uris.slice(0, 5), undefined);
  await e2e.app.playlists.create(ownerId, { name: 'Sleep' });
});
after(async () => {
  await e2e.close();
  rmSync(art, { recursive: true, force: true });
});

/** Goes to a path inside the player, as its own links do (no reload: what plays keeps playing). */
async function go(page: Page, path: string) {
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Nothing wider than the screen: neither the page nor the view's own scrolling area (else: what sticks out). */
async function fits(page: Page, what: string) {
  const wider = await page.evaluate(() => {
    const view = document.getElementById('main')!;
    const by = Math.max(document.documentElement.scrollWidth - innerWidth, view.scrollWidth - view.clientWidth);
    if (by <= 0) return null;
    const edge = view.getBoundingClientRect().right;
    const out = [...view.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > edge + 0.5);
    return `${by}px, by ${out.map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', ')}`;
  });
  assert.equal(wider, null, `${what} is wider than the screen`);
}

/** Visible, enabled and wholly on the screen. */
async function reachable(control: Locator, what: string) {
  await control.waitFor();
  assert.ok(await control.isEnabled(), `${what} is enabled`);
  const box = (await control.boundingBox())!;
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844, `${what} is on the screen: ${JSON.stringify(box)}`);
  assert.ok(box.width >= 44 && box.height >= 44, `${what} is big enough for a finger: ${box.width}×${box.height}`);
}

/** The compact bar's play/pause and next; the full-screen player's every control, then closed again. */
async function checkPlayer(page: Page, where: string, closeWith: 'Escape' | 'button') {
  const bar = page.getByRole('contentinfo', { name: 'Now playing' });
  await reachable(bar.getByRole('button', { name: /^(Play|Pause)$/ }), `${where}: play/pause in the bar`);
  await reachable(bar.getByRole('button', { name: 'Next' }), `${where}: next in the bar`);
  const opener = bar.getByRole('button', { name: /Zebra|Silver Soul|Norway/ });
  await opener.tap();
  const full = page.getByRole('dialog', { name: 'Now playing' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Close the player');
  for (const name of [/^(Play|Pause)$/, 'Previous', 'Next', 'Shuffle', /^Repeat/, 'Close the player'])
    await reachable(full.getByRole('button', { name }), `${where}: ${String(name)} in the full-screen player`);
  const seek = full.getByRole('slider', { name: 'Seek' });
  assert.ok((await seek.isVisible()) && (await seek.isEnabled()), `${where}: seek`);
  if (closeWith === 'Escape') await page.keyboard.press('Escape');
  else await full.getByRole('button', { name: 'Close the player' }).tap();
  await full.waitFor({ state: 'hidden' });
  assert.equal(await opener.evaluate((button) => document.activeElement === button), true, `${where}: focus is back on the bar`);
}

test('at 390×844 every main view passes axe (WCAG 2.1 AA), fits the width, and keeps the player in reach', async () => {
  const page = await (await e2e.browser.newContext(PHONE)).newPage();
  await signIn(page, e2e.url, 'pia', 'pia-pass');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'no sidebar on a phone');
  const tabs = page.getByRole('navigation', { name: 'Tabs' });
  assert.deepEqual(
    (await tabs.getByRole('link').allInnerTexts()).map((t) => t.trim()),
    ['Home', 'Search', 'Library', 'Queue'],
  );
  for (const tab of await tabs.getByRole('link').all()) await reachable(tab, `the ${await tab.innerText()} tab`);
  await page.getByRole('heading', { name: "What's new" }).waitFor();
  await page.getByRole('link', { name: /Body Talk/ }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('.album-grid img')].every((img) => (img as HTMLImageElement).complete));
  await screenshot(page, 'phone-home');

  // Play an album with a tap, then pause: the controls stay, and nothing moves while the views are checked.
  await page.getByRole('link', { name: /Teen Dream/ }).tap();
  await page.getByRole('heading', { name: 'Teen Dream' }).waitFor();
  await page.getByRole('row', { name: /Zebra/ }).tap();
  await page.waitForFunction(() => [...document.querySelectorAll('audio')].some((a) => !a.paused && a.currentTime > 0.3));
  assert.equal(await page.getByTestId('np-title').innerText(), 'Zebra');
  await screenshot(page, 'phone-album-playing');
  await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: 'Pause' }).tap();

  const views: (readonly [string, string])[] = [
    ['/', "What's new"],
    ...MAIN_VIEWS,
    [`/playlist/${playlistId}`, 'Road trip'],
    [`/album/${albumId}`, 'Teen Dream'],
    ['/search/beach', 'Search'],
  ];
  for (const [i, [path, heading]] of views.entries()) {
    await go(page, path);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    if (path.startsWith('/search')) await page.getByRole('grid', { name: 'Tracks found' }).waitFor();
    assert.deepEqual(await audit(page), [], path);
    await fits(page, path);
    await checkPlayer(page, path, i % 2 ? 'Escape' : 'button');
  }

  // And at 360 px, the narrowest phone the layout is made for: still nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  for (const [path, heading] of views) {
    await go(page, path);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    await fits(page, `${path} at 360 px`);
  }
  await page.setViewportSize(PHONE.viewport!);
  await go(page, `/album/${albumId}`);

  // The full-screen player, itself checked.
  await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: /Zebra/ }).tap();
  const full = page.getByRole('dialog', { name: 'Now playing' });
  await full.waitFor();
  assert.deepEqual(await audit(page), [], 'the full-screen player');
  await fits(page, 'the full-screen player');
  await full.getByRole('button', { name: 'Play', exact: true }).tap();
  await full.getByRole('button', { name: 'Pause' }).waitFor();
  await page.waitForTimeout(1500);
  await screenshot(page, 'phone-now-playing');
  await full.getByRole('button', { name: 'Go to album' }).tap();
  await full.waitFor({ state: 'hidden' });
  await page.getByRole('heading', { name: 'Teen Dream' }).waitFor();

  // Library: the sidebar's places and the playlists.
  await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Library' }).tap();
  await page.getByRole('heading', { name: 'Library' }).waitFor();
  const places = page.getByRole('navigation', { name: 'Your music' });
  for (const name of ['Radio', 'Inbox', 'Starred', 'Local files', 'Downloads']) await places.getByRole('link', { name }).waitFor();
  await places.getByRole('group', { name: 'Playlists' }).getByRole('link', { name: 'Sleep' }).waitFor();
  await screenshot(page, 'phone-library');
  await places.getByRole('link', { name: 'Road trip' }).tap();
  await page.getByRole('heading', { name: 'Road trip' }).waitFor();

  // Search: its tab, its own box, results as you type.
  await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Search' }).tap();
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('robyn');
  await page.getByRole('row', { name: /Fembot/ }).waitFor();
  assert.equal(await box.inputValue(), 'robyn', 'the box keeps what was typed as the results come');
  assert.equal(new URL(page.url()).pathname, '/search/robyn');
  await screenshot(page, 'phone-search');
  await page.context().close();
});

/** A finger on the screen, through Chromium's touch input: touch-action and pointer events as on a phone. */
async function fingerDrag(page: Page, from: Locator, toY: number) {
  const box = (await from.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = (y: number) => [{ x: box.x + box.width / 2, y }];
  const start = box.y + box.height / 2;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(start) });
  for (let step = 1; step <= 8; step++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(start + ((toY - start) * step) / 8) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A playlist item's track name (the item's track is a catalogue object, which names a track). */
const trackName = (item: { track: object | null } | undefined) => (item?.track && 'name' in item.track ? String(item.track.name) : undefined);
const order = async () => (await e2e.app.playlists.items(playlistId, ownerId, 50, 0)).items.map(trackName);

test('a playlist is reordered by touch: a finger drags a row by its handle, and the server keeps the new order', async () => {
  const page = await (await e2e.browser.newContext(PHONE)).newPage();
  await signIn(page, e2e.url, 'pia', 'pia-pass');
  await go(page, `/playlist/${playlistId}`);
  const before = await order();
  const moved = before[0]!;
  const rows = page.getByRole('grid', { name: 'Tracks of Road trip' }).getByRole('row');
  await rows.filter({ hasText: before[3]! }).waitFor();
  const handle = page.getByRole('button', { name: `Move ${moved}` });
  await reachable(handle, 'the drag handle');
  // Down past the third row: the first goes between the third and the fourth.
  const third = (await rows.filter({ hasText: before[2]! }).boundingBox())!;
  await fingerDrag(page, handle, third.y + third.height * 0.8);
  const expected = [before[1], before[2], moved, before[3], before[4]];
  for (let i = 0; i < 50 && JSON.stringify(await order()) !== JSON.stringify(expected); i++) await page.waitForTimeout(100);
  assert.deepEqual(await order(), expected);
  await page.getByRole('gridcell', { name: moved }).nth(0).waitFor();
  assert.equal((await rows.nth(3).innerText()).split('\n')[0], moved, 'the list shows it in its new place');

  // The handle is a keyboard control too: ↑ moves the row back up by one.
  await page.getByRole('button', { name: `Move ${moved}` }).focus();
  await page.keyboard.press('ArrowUp');
  const back = [before[1], moved, before[2], before[3], before[4]];
  for (let i = 0; i < 50 && JSON.stringify(await order()) !== JSON.stringify(back); i++) await page.waitForTimeout(100);
  assert.deepEqual(await order(), back);
  await page.context().close();
});

test('the play queue is reordered by touch too, after queueing from a row’s menu', async () => {
  const page = await (await e2e.browser.newContext(PHONE)).newPage();
  await signIn(page, e2e.url, 'pia', 'pia-pass');
  await go(page, `/album/${albumId}`);
  await page.getByRole('row', { name: /Zebra/ }).tap();
  await page.getByRole('contentinfo', { name: 'Now playing' }).getByRole('button', { name: 'Pause' }).tap();
  for (const title of ['Silver Soul', 'Norway']) {
    await page.getByRole('button', { name: `More for ${title}` }).tap();
    const item = page.getByRole('menuitem', { name: 'Add to queue' });
    await reachable(item, 'Add to queue in the row’s menu');
    await item.tap();
  }
  // The menu's "Add to playlist" works without the sidebar the desktop has.
  await page.getByRole('button', { name: 'More for Norway' }).tap();
  await page.getByRole('menuitem', { name: /Add to playlist/ }).tap();
  await page.getByRole('menuitem', { name: 'Sleep' }).tap();
  const sleep = (await e2e.app.playlists.listMine(ownerId, 10, 0)).items.find((p) => p.name === 'Sleep')!;
  for (let i = 0; i < 50 && (await e2e.app.playlists.get(sleep.id, ownerId)).tracks.total === 0; i++) await page.waitForTimeout(100);
  assert.equal(trackName((await e2e.app.playlists.get(sleep.id, ownerId)).tracks.items[0]), 'Norway');

  await page.getByRole('navigation', { name: 'Tabs' }).getByRole('link', { name: 'Queue' }).tap();
  const nextUp = page.getByRole('list', { name: 'Next up' });
  const titles = async () => (await nextUp.locator('.title').allInnerTexts()).map((t) => t.trim());
  await nextUp.getByText('Norway').waitFor();
  assert.deepEqual(await titles(), ['Silver Soul', 'Norway']);
  const first = (await nextUp.getByRole('listitem').first().boundingBox())!;
  await fingerDrag(page, page.getByRole('button', { name: 'Drag Norway' }), first.y + 4);
  await page.waitForFunction(() => document.querySelector('[aria-label="Next up"] .title')?.textContent === 'Norway');
  assert.deepEqual(await titles(), ['Norway', 'Silver Soul']);
  await screenshot(page, 'phone-queue');
  await page.context().close();
});
