import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import type { Request } from 'playwright-core';
import { signedIn, startE2E, type E2E } from './browser.ts';
import { scanTracks } from './library-fixture.ts';
import type { TestUser } from '../../server/src/testing/app.ts';

/**
 * Cross-site request forgery and WebSocket hijacking from a page on another port of the same
 * host: "same site", so the SameSite=Lax session cookie goes along with its requests.
 */
let e2e: E2E;
let attacker: Server;
let attackerUrl = '';
let victim: TestUser;
let friend: TestUser;
let albumId = '';
let trackId = '';

before(async () => {
  e2e = await startE2E();
  await scanTracks(e2e.app, [{ title: 'Lantern', artist: 'Quiet Rooms', album: 'Small Hours', seconds: 4 }]);
  albumId = (await e2e.app.catalog.listAlbums('name', 1, 0)).items[0]!.id;
  trackId = (await e2e.app.catalog.albumTracks(albumId, 1, 0)).items[0]!.id;
  victim = await e2e.app.makeUser({ username: 'victim', password: 'victim-pass' });
  friend = await e2e.app.makeUser({ username: 'friend', password: 'friend-pass' });
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackPage(e2e.url, trackId));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const address = attacker.address();
  attackerUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});
after(async () => {
  await new Promise((resolve) => attacker.close(resolve));
  await e2e.close();
});

/** What the attack page can change: the victim's queue, API tokens, app password and playlists. */
async function victimState() {
  const read = async (url: string) => (await e2e.app.http.inject({ method: 'GET', url, headers: victim.auth })).json();
  const queue = await read('/api/v1/me/player/queue');
  return {
    queue: { next_up: queue.next_up.map((i: { uri: string }) => i.uri), shuffle: queue.shuffle, repeat: queue.repeat },
    tokens: (await read('/api/v1/me/tokens')).items.map((t: { id: string }) => t.id),
    appPassword: await read('/api/v1/me/app-password'),
    playlists: (await read('/api/v1/me/playlists')).items.map((p: { name: string }) => p.name),
  };
}

test('a page on another port cannot change the signed-in user’s state or listen to their live channel; the player still can', async () => {
  const player = await signedIn(e2e, 'victim', 'victim-pass');
  const inboxLink = player.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inbox/ });
  await inboxLink.waitFor();
  const before = await victimState();

  // The attack, in the victim's browser (same cookies), from http://127.0.0.1:OTHER.
  const attack = await player.context().newPage();
  // Playwright sees each forged POST; fetch responses are then withheld from the page
  // (Cross-Origin-Resource-Policy), which it reports as a failure *after* the answer came.
  const forged = new Map<Request, { url: string; status?: number; failure?: string }>();
  attack.on('request', (request) => {
    if (request.method() === 'POST' && request.url().startsWith(e2e.url)) forged.set(request, { url: request.url() });
  });
  attack.on('response', (response) => {
    const entry = forged.get(response.request());
    if (entry) entry.status = response.status();
  });
  attack.on('requestfailed', (request) => {
    const entry = forged.get(request);
    if (entry) entry.failure = request.failure()?.errorText;
  });
  // Every forged request answered (or blocked): what the server did with them is then known.
  const answered = () => forged.size === 24 && [...forged.values()].every((f) => f.status !== undefined || f.failure !== undefined);
  const allAnswered = new Promise<void>((resolve) => {
    const check = () => answered() && resolve();
    attack.on('response', check);
    attack.on('requestfailed', check);
  });
  await attack.goto(attackerUrl);
  await attack.waitForFunction(() => (window as unknown as { attackDone?: boolean }).attackDone === true, undefined, { timeout: 15_000 });
  await allAnswered;

  // Something for the hijacked socket to receive, had it opened.
  await e2e.app.social.send(friend.me.id, { uri: `runnel:album:${albumId}`, to: [victim.me.id], message: 'for your ears only' });
  await inboxLink.getByLabel('1 unread').waitFor(); // the player's own socket got it
  // The attack socket was refused: it closed without opening, so it can receive nothing later.
  await attack.waitForFunction(() => (window as unknown as { socketReport: { closed: boolean } }).socketReport.closed, undefined, { timeout: 15_000 });
  const socket = await attack.evaluate(() => (window as unknown as { socketReport: { opened: boolean; messages: string[] } }).socketReport);
  assert.equal(socket.opened, false, 'the attack socket opened');
  assert.deepEqual(socket.messages, [], 'the attack socket received messages');

  // Every forged request reached the server and was refused; nothing changed.
  const seen = [...forged.values()];
  assert.equal(seen.length, 24, JSON.stringify(seen));
  for (const entry of seen) assert.ok(entry.status === 403 || entry.failure === 'net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin', JSON.stringify(entry));
  assert.ok(seen.filter((f) => f.status === 403).length >= 12, 'the forms saw their 403s');
  assert.deepEqual(await victimState(), before);

  // The web player itself still changes state: add to the queue from the UI, create a playlist with its fetch.
  await player.getByRole('link', { name: /Small Hours/ }).click();
  await player.getByRole('row').filter({ hasText: 'Lantern' }).getByText('Lantern').click({ button: 'right' });
  await player.getByRole('menuitem', { name: 'Add to queue' }).click();
  const status = await player.evaluate(async () => {
    const response = await fetch('/api/v1/me/playlists', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Made at home' }),
    });
    return response.status;
  });
  assert.equal(status, 201);
  for (let i = 0; i < 50 && (await victimState()).queue.next_up.length === 0; i++) await player.waitForTimeout(100);
  const now = await victimState();
  assert.deepEqual(now.queue.next_up, [`runnel:track:${trackId}`]);
  assert.deepEqual(now.playlists, ['Made at home']);

  // A bearer-token client is not CSRF-able and works from anywhere.
  const script = await fetch(`${e2e.url}/api/v1/me/playlists`, {
    method: 'POST',
    headers: { ...victim.auth, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'From a script' }),
  });
  assert.equal(script.status, 201);
});

/**
 * HTML forms of the three types a form can send, and no-cors fetches of the same, to routes
 * that change state (the queue and app password read no body; playlists and tokens get JSON
 * smuggled in the body: a text/plain form sends `{"name":"Pwned","x":"="}`); then a WebSocket.
 */
function attackPage(runnel: string, trackId: string): string {
  const targets = [
    `${runnel}/api/v1/me/player/queue?uri=runnel:track:${trackId}`,
    `${runnel}/api/v1/me/app-password`,
    `${runnel}/api/v1/me/playlists`,
    `${runnel}/api/v1/me/tokens`,
  ];
  const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];
  const forms = types.flatMap((type, i) =>
    targets.map(
      (action, j) => `<iframe name="f${i}${j}"></iframe>
<form method="POST" enctype="${type}" action="${action}" target="f${i}${j}"><input name='{"name":"Pwned","x":"' value='"}'></form>`,
    ),
  );
  return `<!doctype html><title>Free music</title>${forms.join('\n')}
<script>
window.socketReport = { opened: false, closed: false, messages: [] };
const socket = new WebSocket(${JSON.stringify(runnel.replace(/^http/, 'ws') + '/api/v1/events')});
socket.onopen = () => { window.socketReport.opened = true; };
socket.onmessage = (event) => { window.socketReport.messages.push(String(event.data)); };
socket.onclose = () => { window.socketReport.closed = true; };
(async () => {
  for (const form of document.forms) form.submit();
  const body = JSON.stringify({ name: 'Pwned' });
  const sent = [];
  for (const type of ${JSON.stringify(types)}) {
    for (const url of ${JSON.stringify(targets)}) {
      sent.push(fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': type }, body }).catch(() => undefined));
    }
  }
  await Promise.all(sent);
  window.attackDone = true;
})();
</script>`;
}
