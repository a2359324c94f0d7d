import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { folderTrackFiles, generateAudio } from '../src/streaming/testing.ts';
import { testApp, type TestApp, type TestUser } from '../src/testing/app.ts';

/**
 * Clients that send a request a byte at a time are cut off once the configured time to
 * receive it has passed (408, then the socket closes), so they cannot hold connections for
 * ever; responses that take long to read (audio) and WebSockets are not.
 */
const REQUEST_MS = 2000;
const HEADERS_MS = 1000;
/** Node looks for late requests at intervals (a quarter of the headers limit here), and the machine is slow. */
const SLACK_MS = 1500;

let t: TestApp;
let user: TestUser;
let dir: string;
let port: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runnel-slow-'));
  await generateAudio(join(dir, 'long.mp3'), 'tone', 90, ['-c:a', 'libmp3lame', '-b:a', '320k']);
  t = await testApp({ timeouts: { requestMs: REQUEST_MS, headersMs: HEADERS_MS }, streaming: { files: await folderTrackFiles(dir) } });
  user = await t.makeUser();
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  const address = t.http.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  closedAfterMs: number;
  answer: string;
}

/** Opens a socket, writes `start`, then one byte of `trickle` every `everyMs` until the server closes it (or `giveUpMs`). */
function trickle(start: string, trickle: string, everyMs: number, giveUpMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const opened = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let answer = '';
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(trickle[i++ % trickle.length]!);
    }, everyMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${giveUpMs} ms (answer so far: ${JSON.stringify(answer.slice(0, 80))})`));
    }, giveUpMs);
    socket.on('connect', () => socket.write(start));
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ closedAfterMs: performance.now() - opened, answer });
    });
  });
}

test('bodies and headers sent a byte at a time are cut off at the configured timeouts', async () => {
  const body = (auth: string) =>
    `POST /api/v1/me/playlists HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"`;
  const slowBodies = Array.from({ length: 10 }, (_, i) =>
    trickle(body(i % 2 ? `Authorization: Bearer ${user.token}\r\n` : ''), 'aaaa', 500, REQUEST_MS + SLACK_MS * 3),
  );
  const slowHeaders = Array.from({ length: 10 }, () => trickle('GET /health HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n', 100, HEADERS_MS + SLACK_MS * 3));
  const bodies = await Promise.all(slowBodies);
  const headers = await Promise.all(slowHeaders);
  const worst = (list: Outcome[]) => Math.round(Math.max(...list.map((o) => o.closedAfterMs)));
  console.log(`slow requests: bodies closed within ${worst(bodies)} ms (limit ${REQUEST_MS}), headers within ${worst(headers)} ms (limit ${HEADERS_MS})`);
  for (const outcome of bodies) {
    assert.ok(outcome.closedAfterMs < REQUEST_MS + SLACK_MS, `a slow body was closed after ${outcome.closedAfterMs} ms`);
    // The anonymous ones were answered 401 at once (the body still unread), then cut off.
    assert.match(outcome.answer, /HTTP\/1\.1 (408|401)/);
  }
  for (const outcome of headers) {
    assert.ok(outcome.closedAfterMs < HEADERS_MS + SLACK_MS, `slow headers were closed after ${outcome.closedAfterMs} ms`);
    assert.match(outcome.answer, /^HTTP\/1\.1 408/);
  }
  // The server still answers.
  assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
});

test('a long audio response read slowly, and a WebSocket, outlive the request timeout', async () => {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    socket.on('end', resolve);
    socket.on('error', reject);
  });
  socket.write(`GET /api/v1/tracks/long/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${user.token}\r\nConnection: close\r\n\r\n`);
  const events = new WebSocket(`ws://127.0.0.1:${port}/api/v1/events`, { headers: user.auth });
  await new Promise((resolve, reject) => events.once('open', resolve).once('error', reject));

  // A listener who pauses: reads nothing for longer than the request timeout.
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.pause();
  await new Promise((resolve) => setTimeout(resolve, REQUEST_MS + SLACK_MS));
  assert.equal(events.readyState, WebSocket.OPEN, 'the WebSocket is still open');
  socket.resume();
  await ended;
  events.close();

  const all = Buffer.concat(chunks);
  const split = all.indexOf('\r\n\r\n');
  const head = all.subarray(0, split).toString();
  assert.match(head, /^HTTP\/1\.1 200/);
  // A free listener's stream is transcoded as it is sent (chunked): the whole of it arrived.
  const audio = dechunk(all.subarray(split + 4));
  const expected = (90 * 160_000) / 8;
  assert.ok(audio.length > expected * 0.95, `${audio.length} bytes of audio arrived, not about ${expected}`);
});

/** The body of a chunked response; throws when the final chunk never came (the stream was cut). */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at);
    assert.ok(lineEnd > 0, 'the stream ended before its last chunk');
    const size = parseInt(body.subarray(at, lineEnd).toString(), 16);
    // A body that is not chunked (a whole file sent as is) must fail here, not loop for ever.
    assert.ok(Number.isInteger(size) && size >= 0, `not a chunk size: ${JSON.stringify(body.subarray(at, lineEnd).toString().slice(0, 40))}`);
    if (size === 0) return Buffer.concat(parts);
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
