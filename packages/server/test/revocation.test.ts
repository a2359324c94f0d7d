import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp, type App } from '../src/app.ts';
import type { EventBus } from '../src/events/bus.ts';
import { CLOSE_REVOKED } from '../src/events/live.ts';
import { createRedisBus } from '../src/events/redis-bus.ts';
import { createMetrics } from '../src/http/metrics.ts';
import { folderTrackFiles, generateAudio } from '../src/streaming/testing.ts';
import { listenLocally, testApp, type TestApp, type TestUser } from '../src/testing/app.ts';
import { testDatabase, type TestDatabase } from '../src/testing/database.ts';

/**
 * Ending a credential (sign-out, API token revoked, password changed, user deleted) ends
 * what it opened: the live socket is closed with 4401 and signed stream URLs it asked for
 * are refused, within 2 s, on every node. Over real HTTP and WebSocket connections.
 */
const WITHIN_MS = 2000;

let audioDir: string;
before(async () => {
  audioDir = mkdtempSync(join(tmpdir(), 'runnel-revoke-'));
  await generateAudio(join(audioDir, 'song.mp3'), 'tone', 3, ['-c:a', 'libmp3lame', '-b:a', '64k']);
});
after(() => rmSync(audioDir, { recursive: true, force: true }));

async function listen(http: FastifyInstance): Promise<string> {
  await http.listen({ host: '127.0.0.1', port: 0 });
  const address = http.server.address();
  assert.ok(address && typeof address === 'object');
  return `127.0.0.1:${address.port}`;
}

/** A client of one node, signed in with a bearer token (a session or an API token). */
function client(host: string, token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`http://${host}${path}`, {
      method,
      headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    call,
    /** Opens the live channel; `closed` settles with the close code and when it came. */
    async socket() {
      const socket = new WebSocket(`ws://${host}/api/v1/events?access_token=${encodeURIComponent(token)}`);
      const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => {
        socket.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: performance.now() }));
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('message', () => resolve()); // the hello
        socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
        socket.once('error', reject);
      });
      return { socket, closed };
    },
    async streamUrl(): Promise<string> {
      const response = await call('GET', '/api/v1/tracks/song/stream-url');
      assert.equal(response.status, 200, await response.clone().text());
      return `http://${host}${((await response.json()) as { url: string }).url}`;
    },
  };
}

/** Plays the first bytes of a signed URL without other credentials; the status. */
async function play(url: string): Promise<number> {
  const response = await fetch(url, { headers: { range: 'bytes=0-99' } });
  await response.arrayBuffer();
  return response.status;
}

type Opened = { socket: WebSocket; closed: Promise<{ code: number; reason: string; at: number }> };

/** Revokes, then checks that the socket closes with 4401 and the URL is refused within 2 s; reports the time taken. */
async function assertEnded(t: TestContext, opened: Opened, url: string, revoke: () => Promise<Response>) {
  assert.ok([200, 206].includes(await play(url)), 'the URL plays before');
  const start = performance.now();
  const response = await revoke();
  assert.ok(response.ok, `revoking answered ${response.status}`);
  const timeout = new Promise<never>((_resolve, reject) =>
    setTimeout(() => reject(new Error('the socket is still open 2 s after the revocation')), WITHIN_MS).unref(),
  );
  const closed = await Promise.race([opened.closed, timeout]);
  assert.equal(closed.code, CLOSE_REVOKED);
  let status = await play(url);
  while (status !== 401 && performance.now() - start < WITHIN_MS) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    status = await play(url);
  }
  assert.equal(status, 401, 'the stream URL is refused');
  t.diagnostic(
    `socket closed ${(closed.at - start).toFixed(1)} ms after the revoking request was sent; stream URL refused after ${(performance.now() - start).toFixed(1)} ms`,
  );
}

/** The socket stays open a moment longer and the URL still plays: another credential was not touched. */
async function assertUntouched(opened: Opened, url: string) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(opened.socket.readyState, WebSocket.OPEN);
  assert.ok([200, 206].includes(await play(url)));
}

describe('revoking a credential ends its live socket and stream URLs (one node)', () => {
  let app: TestApp;
  let host: string;
  before(async () => {
    app = await testApp({ streaming: { files: await folderTrackFiles(audioDir) } });
    host = new URL(await listenLocally(app)).host;
  });
  after(() => app.close());

  const signIn = async (user: TestUser) => (await app.accounts.login(user.me.username!, user.password, '127.0.0.1', null)).access_token;

  test('sign-out', async (t) => {
    const user = await app.makeUser();
    const other = client(host, await signIn(user));
    const me = client(host, user.token);
    const [mine, theirs] = await Promise.all([me.socket(), other.socket()]);
    const [myUrl, theirUrl] = await Promise.all([me.streamUrl(), other.streamUrl()]);
    await assertEnded(t, mine, myUrl, () => me.call('POST', '/api/v1/auth/logout'));
    await assertUntouched(theirs, theirUrl);
    theirs.socket.close();
  });

  test('API token revoked', async (t) => {
    const user = await app.makeUser();
    const session = client(host, user.token);
    const created = (await (await session.call('POST', '/api/v1/me/tokens', { name: 'script' })).json()) as { id: string; token: string };
    const tokenClient = client(host, created.token);
    const [byToken, bySession] = await Promise.all([tokenClient.socket(), session.socket()]);
    const [tokenUrl, sessionUrl] = await Promise.all([tokenClient.streamUrl(), session.streamUrl()]);
    await assertEnded(t, byToken, tokenUrl, () => session.call('DELETE', `/api/v1/me/tokens/${created.id}`));
    await assertUntouched(bySession, sessionUrl);
    bySession.socket.close();
  });

  test('password change ends the other sessions, not the one that changed it', async (t) => {
    const user = await app.makeUser();
    const changer = client(host, user.token);
    const elsewhere = client(host, await signIn(user));
    const [kept, ended] = await Promise.all([changer.socket(), elsewhere.socket()]);
    const [keptUrl, endedUrl] = await Promise.all([changer.streamUrl(), elsewhere.streamUrl()]);
    await assertEnded(t, ended, endedUrl, () =>
      changer.call('PUT', '/api/v1/me/password', { current_password: user.password, new_password: 'a brand new password' }),
    );
    await assertUntouched(kept, keptUrl);
    kept.socket.close();
  });

  test('user deleted by an administrator', async (t) => {
    const admin = client(host, (await app.makeUser({ role: 'admin' })).token);
    const user = await app.makeUser();
    const me = client(host, user.token);
    const opened = await me.socket();
    await assertEnded(t, opened, await me.streamUrl(), () => admin.call('DELETE', `/api/v1/admin/users/${user.me.id}`));
  });
});

describe('revoking a credential on one node ends its socket and stream URLs on the other (Redis bus)', () => {
  const REDIS = process.env.RUNNEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';
  let database: TestDatabase;
  let dataDir: string;
  const nodes: { app: App; bus: EventBus; host: string }[] = [];
  before(async () => {
    database = await testDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'runnel-nodes-')); // shared, as the stream key must be
    for (let i = 0; i < 2; i++) {
      const bus = await createRedisBus(REDIS);
      const app = await buildApp({
        db: database.db,
        dbKind: database.kind,
        events: bus,
        metrics: createMetrics(),
        logger: false,
        sessionTtlS: 3600,
        dataDir,
        streaming: { files: await folderTrackFiles(audioDir) },
      });
      nodes.push({ app, bus, host: await listen(app.http) });
    }
  });
  after(async () => {
    for (const { app, bus } of nodes) {
      await app.http.close();
      await bus.close();
    }
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('sign-out through node A closes the socket on node B and B refuses the stream URL', async (t) => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    await a.app.accounts.createUser({ username: 'two-nodes', password: 'two-nodes-pass' });
    const { access_token } = await a.app.accounts.login('two-nodes', 'two-nodes-pass', '127.0.0.1', null);
    const onA = client(a.host, access_token);
    const onB = client(b.host, access_token);
    const opened = await onB.socket();
    const url = await onB.streamUrl(); // asked on B and played on B: B's caches know the session
    await assertEnded(t, opened, url, () => onA.call('POST', '/api/v1/auth/logout'));
  });
});
