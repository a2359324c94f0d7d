import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Lyrics } from '@runnel/api';
import { generateTone } from '../library/generate.ts';
import { asUser, RELAXED_XSD, rest, xmllint } from '../subsonic/testing.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { parseLyrics } from './parse.ts';

/** A stand-in for LRCLIB's `GET /api/get`: lyrics for one title, 404 for the rest; it can be "down". */
function lrclibStandIn() {
  const asked: URLSearchParams[] = [];
  const state = { down: false };
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    asked.push(url.searchParams);
    if (state.down) return void response.writeHead(503).end();
    if (url.pathname !== '/api/get') return void response.writeHead(404).end();
    if (url.searchParams.get('track_name') !== 'Online') return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":404}');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id: 1, trackName: 'Online', plainLyrics: 'From the net\nagain', syncedLyrics: '[00:00.50] From the net\n[00:01.50] again' }));
  });
  return { server, asked, state };
}

describe('lyrics', () => {
  let app: TestApp;
  let user: TestUser & { username: string };
  let music: string;
  const lrclib = lrclibStandIn();
  const ids = new Map<string, string>();
  const lyricsOf = (title: string) => app.http.inject({ method: 'GET', url: `/api/v1/tracks/${ids.get(title)}/lyrics`, headers: user.auth });

  before(async () => {
    await new Promise<void>((resolve) => lrclib.server.listen(0, '127.0.0.1', resolve));
    const address = lrclib.server.address() as { port: number };
    app = await testApp({ lrclibUrl: `http://127.0.0.1:${address.port}` });
    music = mkdtempSync(join(tmpdir(), 'runnel-lyrics-'));
    const outside = mkdtempSync(join(tmpdir(), 'runnel-lyrics-outside-'));
    const album = join(music, 'Singer', 'Words');
    const tone = (title: string, n: number, format: 'flac' | 'mp3v24', extra: Record<string, string> = {}) =>
      generateTone({
        path: join(album, `0${n} ${title}.${format === 'flac' ? 'flac' : 'mp3'}`),
        format,
        seconds: 3,
        tags: { title, artist: 'Singer', album_artist: 'Singer', album: 'Words', track: String(n), date: '2020', ...extra },
      });
    await Promise.all([
      tone('Embedded', 1, 'flac', { lyrics: '[ar:Singer]\n[00:00.20]First line\n[00:01.00]Second line\n[00:02.00][00:02.50]Twice' }),
      tone('Sidecar', 2, 'mp3v24'),
      tone('Online', 3, 'mp3v24'),
      tone('Nothing', 4, 'mp3v24'),
      tone('Linked', 5, 'mp3v24'),
    ]);
    writeFileSync(join(album, '02 Sidecar.lrc'), '\uFEFF[offset:+200]\r\n[00:01.20]From the file\r\n[00:02.20]Still the file\r\n');
    // A .lrc that is a link out of the library is not read.
    writeFileSync(join(outside, 'secret.lrc'), '[00:00.00]not for you');
    symlinkSync(join(outside, 'secret.lrc'), join(album, '05 Linked.lrc'));
    await app.library.addFolder(music);
    await app.library.scan('full');
    const [words] = (await app.catalog.listAlbums('name', 5, 0)).items;
    for (const t of (await app.catalog.albumTracks(words!.id, 50, 0)).items) ids.set(t.name, t.id);
    const username = `lyr_${Math.random().toString(36).slice(2, 7)}`;
    user = { ...(await app.makeUser({ username })), username };
  });
  after(async () => {
    await app.close();
    lrclib.server.close();
    rmSync(music, { recursive: true, force: true });
  });

  test('from the tags, synced: LRC header tags dropped, a line sung twice listed twice, in time order', async () => {
    const answer = await lyricsOf('Embedded');
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(answer.json() as Lyrics, {
      source: 'tags',
      synced: true,
      lines: [
        { start_ms: 200, text: 'First line' },
        { start_ms: 1000, text: 'Second line' },
        { start_ms: 2000, text: 'Twice' },
        { start_ms: 2500, text: 'Twice' },
      ],
    });
  });

  test('from a .lrc beside the file (byte-order mark, CRLF and [offset:] handled); a link out of the library is not read', async () => {
    assert.deepEqual(((await lyricsOf('Sidecar')).json() as Lyrics).lines, [
      { start_ms: 1000, text: 'From the file' },
      { start_ms: 2000, text: 'Still the file' },
    ]);
    assert.equal(((await lyricsOf('Sidecar')).json() as Lyrics).source, 'file');
    const linked = await lyricsOf('Linked');
    assert.equal(linked.statusCode, 404);
  });

  test('from LRCLIB when the track has none: asked once with its title, artist, album and length, then kept', async () => {
    const before = lrclib.asked.length;
    const answer = (await lyricsOf('Online')).json() as Lyrics;
    assert.deepEqual(answer, {
      source: 'lrclib',
      synced: true,
      lines: [
        { start_ms: 500, text: 'From the net' },
        { start_ms: 1500, text: 'again' },
      ],
    });
    const asked = lrclib.asked.at(-1)!;
    assert.deepEqual([asked.get('track_name'), asked.get('artist_name'), asked.get('album_name'), asked.get('duration')], ['Online', 'Singer', 'Words', '3']);
    await lyricsOf('Online');
    assert.equal(lrclib.asked.length, before + 1, 'the second request is answered from what was kept');
  });

  test("none anywhere: 404 lyrics_not_found, and LRCLIB's 'none' is kept too; while it is down nothing is kept", async () => {
    lrclib.state.down = true;
    const before = lrclib.asked.length;
    assert.equal((await lyricsOf('Nothing')).json().error.code, 'lyrics_not_found');
    lrclib.state.down = false;
    assert.equal((await lyricsOf('Nothing')).statusCode, 404);
    assert.equal(lrclib.asked.length, before + 2, 'asked again after it was down');
    await lyricsOf('Nothing');
    assert.equal(lrclib.asked.length, before + 2, 'its none is kept');
  });

  test('getLyricsBySongId serves the same, synced, XSD-valid; getLyrics gives the text', async () => {
    const me = asUser(user);
    for (const [title, first] of [
      ['Embedded', { start: 200, value: 'First line' }],
      ['Sidecar', { start: 1000, value: 'From the file' }],
      ['Online', { start: 500, value: 'From the net' }],
    ] as const) {
      const answer = await rest(app, 'getLyricsBySongId', { ...me, id: ids.get(title)! });
      const list = answer.json.lyricsList as { structuredLyrics: { synced: boolean; line: { start?: number; value: string }[] }[] };
      assert.equal(list.structuredLyrics[0]!.synced, true, title);
      assert.deepEqual(list.structuredLyrics[0]!.line[0], first, title);
      const xml = await rest(app, 'getLyricsBySongId', { ...me, f: 'xml', id: ids.get(title)! });
      assert.match(xml.body, /<lyricsList><structuredLyrics [^>]*synced="true"><line start="\d+">/);
    }
    const none = await rest(app, 'getLyricsBySongId', { ...me, id: ids.get('Nothing')! });
    assert.equal((none.json.lyricsList as { structuredLyrics?: unknown[] }).structuredLyrics?.length ?? 0, 0, 'none: an empty list');
    const text = await rest(app, 'getLyrics', { ...me, f: 'xml', artist: 'Singer', title: 'Sidecar' });
    assert.equal(xmllint(text.body, RELAXED_XSD()), '');
    assert.match(text.body, /From the file&#10;Still the file/);
  });
});

describe('parseLyrics', () => {
  test('plain text stays plain, blank verse lines kept, edges trimmed', () => {
    assert.deepEqual(parseLyrics('\nOne\n\nTwo\n'), {
      synced: false,
      lines: [
        { start_ms: null, text: 'One' },
        { start_ms: null, text: '' },
        { start_ms: null, text: 'Two' },
      ],
    });
  });
  test('a text with some stamped lines and some not is plain', () => {
    assert.equal(parseLyrics('[00:01.00]a\nb').synced, false);
  });
});
