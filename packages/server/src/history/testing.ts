import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryItem, HistoryPage } from '@runnel/api';
import { generateTone } from '../library/generate.ts';
import type { TestApp, TestUser } from '../testing/app.ts';

/** A small scanned library for the history tests: three artists, four tracks. */
export const TRACKS = [
  { title: 'Foundations', artist: 'Kate Nash', album: 'Made of Bricks' },
  { title: 'Mouthwash', artist: 'Kate Nash', album: 'Made of Bricks' },
  { title: 'Fembot', artist: 'Robyn', album: 'Body Talk' },
  { title: 'Zebra', artist: 'Beach House', album: 'Teen Dream' },
];

/** Scans TRACKS (2 s tones) into the app; returns track ids by title and a clean-up. */
export async function scanHistoryLibrary(t: TestApp): Promise<{ ids: Record<string, string>; done: () => void }> {
  const music = mkdtempSync(join(tmpdir(), 'runnel-history-music-'));
  await Promise.all(
    TRACKS.map((track, i) =>
      generateTone({
        path: join(music, track.artist, track.album, `0${i + 1} ${track.title}.mp3`),
        format: 'mp3v24',
        seconds: 2,
        frequency: 220 + i * 110,
        tags: { title: track.title, artist: track.artist, album_artist: track.artist, album: track.album, track: String(i + 1) },
      }),
    ),
  );
  await t.library.addFolder(music);
  await t.library.scan('full');
  const ids: Record<string, string> = {};
  for (const album of (await t.catalog.listAlbums('name', 50, 0)).items)
    for (const track of (await t.catalog.albumTracks(album.id, 50, 0)).items) ids[track.name] = track.id;
  assert.equal(Object.keys(ids).length, TRACKS.length);
  return { ids, done: () => rmSync(music, { recursive: true, force: true }) };
}

/** Reports a play as a player does, at a given time. */
export async function play(t: TestApp, user: TestUser, uri: string, at: number) {
  const response = await t.http.inject({ method: 'POST', url: '/api/v1/me/player/recently-played', headers: user.auth, payload: { uri, played_at: at } });
  assert.equal(response.statusCode, 204, response.body);
}

/** A user's whole history through the API, following `next` links (newest first). */
export async function wholeHistory(t: TestApp, user: TestUser, query = 'limit=3'): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  for (let url: string | null = `/api/v1/me/history?${query}`; url;) {
    const response: { statusCode: number; body: string; json(): unknown } = await t.http.inject({ method: 'GET', url, headers: user.auth });
    assert.equal(response.statusCode, 200, response.body);
    const page = response.json() as HistoryPage;
    items.push(...page.items);
    url = page.next;
  }
  return items;
}

/** Posts a file to the import route. */
export const importFile = (t: TestApp, user: TestUser | undefined, body: string | Buffer, type = 'application/json') =>
  t.http.inject({ method: 'POST', url: '/api/v1/me/history/import', headers: { ...user?.auth, 'content-type': type }, payload: body });

/**
 * What two histories are compared by: the track and the second it was played. A track the
 * catalogue lacks is compared by its names (a local file's key, which device holds it, is no
 * part of a ListenBrainz listen).
 */
export const comparable = (items: HistoryItem[]) =>
  items.map((i) => ({
    uri: i.uri.startsWith('runnel:local:') ? i.uri.split(':').slice(3).join(':') : i.uri,
    track: ((i.track as Record<string, unknown> | null)?.name as string | undefined) ?? null,
    second: Math.floor(Date.parse(i.played_at) / 1000),
  }));
