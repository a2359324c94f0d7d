import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { generateTone } from '../../server/src/library/generate.ts';
import { requireTool } from '../../server/src/tools/tools.ts';
import { createApi } from '../src/api.ts';
import { Cache } from '../src/cache.ts';
import { cardCode, createCardReader, readCardLines } from '../src/cards.ts';
import { evdevText } from '../src/evdev.ts';
import { memoryLog } from '../src/log.ts';
import { Output } from '../src/output.ts';
import { Player } from '../src/player.ts';
import { sleep, tempDir } from './fixture.ts';

test('card lines: a code per line; empty, huge, binary and odd lines are ignored with a log line', async () => {
  const log = memoryLog();
  const codes: string[] = [];
  const input = new PassThrough();
  readCardLines(input, (c) => codes.push(c), log);
  input.write('0004567890\n\n   \r\n04:A3:2F:1B\r\n');
  input.write('x'.repeat(100_000)); // no newline yet: not kept
  input.write(`${'y'.repeat(100_000)}\nAB`);
  input.write(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x0a]));
  input.write('CD\n../../etc/passwd\nlearn\nkarte_1-2\nhé\n');
  await sleep(10);
  assert.deepEqual(codes, ['0004567890', '04A32F1B', 'CD', 'karte_1-2'], 'AB and the binary bytes were one line');
  const ignored = log.lines.filter((l) => /ignored/.test(l));
  assert.equal(ignored.length, 7, log.lines.join('\n'));
  assert.ok(log.lines.some((l) => l.startsWith('a card line too long, ignored {"bytes":200000}')));
  assert.equal(cardCode(` ${'9'.repeat(64)} `, log), '9'.repeat(64));
  assert.equal(cardCode('9'.repeat(65), log), null);
});

test('a USB reader read from its input device types the code and Enter', async () => {
  const dir = tempDir('runnel-box-evdev-');
  const event = (code: number, value: number, type = 1) => {
    const b = Buffer.alloc(24);
    b.writeUInt16LE(type, 16);
    b.writeUInt16LE(code, 18);
    b.writeInt32LE(value, 20);
    return b;
  };
  // "0a7", shift+"b", Enter: presses (1), releases (0), a repeat (2) and a sync event between.
  const keys = [11, 30, 8].flatMap((k) => [event(k, 1), event(0, 0, 0), event(k, 0)]);
  const shifted = [event(42, 1), event(48, 1), event(48, 2), event(48, 0), event(42, 0)];
  const all = Buffer.concat([...keys, ...shifted, event(28, 1), event(28, 0)]);
  writeFileSync(join(dir, 'event0'), all);
  const codes: string[] = [];
  const log = memoryLog();
  readCardLines(evdevText(join(dir, 'event0'), log, 64), (c) => codes.push(c), log);
  for (let waited = 0; !codes.length && waited < 3000; waited += 20) await sleep(20);
  assert.deepEqual(codes, ['0a7B']);
});

let tone: string;
let server: Server;
let answer: (res: import('node:http').ServerResponse) => void = () => {};
let base: string;
before(async () => {
  tone = join(tempDir('runnel-box-cards-'), 't.mp3');
  await generateTone({ path: tone, format: 'mp3v24', seconds: 1, frequency: 550, tags: {} });
  // The far side of the HTTP boundary answering badly (not a stand-in for any module of ours).
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

const CARD = { code: 'C4RD', uri: 'runnel:album:alb1', name: 'Cached', uris: ['runnel:track:trk1'], assigned: false };

/** A box's card reader over a real cache (one cached card and track) and player (discarding, paced). */
function reader(online: boolean) {
  const dir = tempDir('runnel-box-cache-');
  const log = memoryLog();
  const cache = new Cache(dir, log);
  cache.setCard(CARD);
  mkdirSync(join(dir, 'tracks'), { recursive: true });
  copyFileSync(tone, join(dir, 'tracks', 'trk1'));
  const output = new Output({ write: () => {}, close: async () => {} });
  let changes = 0;
  const player = new Player({ output, ffmpeg: requireTool('ffmpeg'), input: async (uri) => cache.track(uri), changed: () => {}, log });
  const api = createApi(base, 'token');
  const cards = createCardReader({ api, deviceId: 'box-test-1', cache, player, online: () => online, changed: () => changes++, log });
  return { dir, log, cache, player, cards, output, changes: () => changes };
}

test('tapping a card plays it; the same card pauses it, and again resumes it (offline, from the cache)', async () => {
  const { player, cards, output, log, changes } = reader(false);
  try {
    await cards.read('C4RD');
    assert.deepEqual([player.list.playing, player.list.contextUri, player.list.uris], [true, CARD.uri, CARD.uris]);
    // ffmpeg starts on the cached file (slowly, on a loaded machine).
    for (let waited = 0; output.positionMs <= 100 && waited < 5000; waited += 20) await sleep(20);
    assert.ok(output.positionMs > 100, 'it plays from the cached file');
    await cards.read('C4RD');
    assert.equal(player.list.playing, false);
    await cards.read('C4RD');
    assert.equal(player.list.playing, true);
    await cards.read('UNKNOWN');
    assert.equal(player.list.playing, true, 'an unknown card changes nothing');
    assert.ok(log.lines.some((l) => l.startsWith('an unknown card (offline, not cached)')));
    assert.equal(changes(), 3);
  } finally {
    player.close();
  }
});

test('bad server answers: the box logs them, plays a cached card from the cache, and goes on', async () => {
  const { player, cards, log, cache, dir } = reader(true);
  const cases: [string, (res: import('node:http').ServerResponse) => void][] = [
    ['not JSON', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"uri": "runnel:al')],
    ['a 500 page', (res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>')],
    ['the wrong shape', (res) => res.writeHead(200).end(JSON.stringify({ ...CARD, uris: ['/etc/passwd', 7] }))],
    ['a null', (res) => res.writeHead(200).end('null')],
    ['no answer in time', () => {}],
  ];
  try {
    for (const [what, bad] of cases) {
      answer = bad;
      const seen = log.lines.length;
      const started = Date.now();
      await cards.read('C4RD');
      assert.ok(Date.now() - started < 4000, `${what}: the read gave up in time`);
      assert.equal(player.list.contextUri, CARD.uri, what);
      assert.ok(
        log.lines.slice(seen).some((l) => l.startsWith('the server did not answer for the card: playing it from the cache')),
        `${what}: ${log.lines.slice(seen).join('\n')}`,
      );
    }
    // An uncached card with a bad answer: logged, nothing played.
    answer = (res) => res.writeHead(200).end('[]');
    await cards.read('OTHER');
    assert.ok(log.lines.at(-1)!.startsWith('the server did not answer for the card {'));
    // The server forgot the card: so does the box.
    answer = (res) => res.writeHead(404).end(JSON.stringify({ error: { status: 404, code: 'card_not_found', message: 'Card not found' } }));
    await cards.read('C4RD');
    assert.equal(cache.card('C4RD'), undefined);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'cards.json'), 'utf8')), {});
  } finally {
    player.close();
  }
});
