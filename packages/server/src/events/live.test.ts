import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { listenLocally, testApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
let base: string;
before(async () => {
  t = await testApp();
  const origin = await listenLocally(t);
  base = origin.replace('http', 'ws');
});
after(() => t.close());

/** Opens the live channel and collects its messages. */
function connect(
  headers: Record<string, string>,
  query = '',
): Promise<{ socket: WebSocket; messages: { type: string; data: unknown }[]; next: (type: string) => Promise<{ data: unknown }> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base}/api/v1/events${query}`, { headers });
    const messages: { type: string; data: unknown }[] = [];
    const waiters: [string, (m: { data: unknown }) => void][] = [];
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      messages.push(message);
      for (const [i, [type, done]] of waiters.entries()) {
        if (type === message.type) {
          waiters.splice(i, 1);
          done(message);
          break;
        }
      }
    });
    const next = (type: string) => {
      const seen = messages.find((m) => m.type === type);
      if (seen) {
        messages.splice(messages.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise<{ data: unknown }>((done) => waiters.push([type, done]));
    };
    socket.once('open', () => resolve({ socket, messages, next }));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

test('the live channel refuses strangers', async () => {
  await assert.rejects(connect({}), /HTTP 401/);
  await assert.rejects(connect({ authorization: 'Bearer rs_nope' }), /HTTP 401/);
});

test("two sessions of one user both see that user's events; another user sees none", async () => {
  const anna = await t.makeUser();
  const other = await t.makeUser();
  const first = await connect(anna.auth);
  const second = await connect({}, `?access_token=${encodeURIComponent(anna.token)}`);
  const stranger = await connect(other.auth);
  assert.deepEqual((await first.next('hello')).data, { user_id: anna.me.id });
  await second.next('hello');
  await stranger.next('hello');

  await t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: anna.auth, payload: { display_name: 'Anna B' } });
  const [a, b] = await Promise.all([first.next('user.updated'), second.next('user.updated')]);
  assert.equal((a.data as { display_name: string }).display_name, 'Anna B');
  assert.deepEqual(a.data, b.data);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(stranger.messages.filter((m) => m.type === 'user.updated').length, 0);
  for (const c of [first, second, stranger]) c.socket.close();
});
