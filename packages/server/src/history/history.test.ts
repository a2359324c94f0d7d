import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { after, before, test } from 'node:test';
import type { HistoryImportResult, HistoryItem, MySummary, PublicSummary, SummaryShare } from '@runnel/api';
import { zipStream } from '../downloads/zip.ts';
import { localUri } from '../playlists/local.ts';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { comparable, importFile, play, scanHistoryLibrary, wholeHistory } from './testing.ts';

let t: TestApp;
let ids: Record<string, string>;
let done: () => void;
let ana: TestUser;
before(async () => {
  t = await testApp();
  ({ ids, done } = await scanHistoryLibrary(t));
  ana = await t.makeUser({ username: 'ana_history' });
  const at = (iso: string) => Date.parse(iso);
  const uri = (title: string) => `runnel:track:${ids[title]}`;
  // Two years of listening: 2025 has Robyn only; 2026 brings Kate Nash and Beach House.
  await play(t, ana, uri('Fembot'), at('2025-06-01T10:00:00Z'));
  await play(t, ana, uri('Fembot'), at('2025-12-31T23:59:59Z'));
  await play(t, ana, uri('Fembot'), at('2026-01-01T00:00:00Z'));
  for (const [i, day] of ['03', '03', '03', '04'].entries()) await play(t, ana, uri('Foundations'), at(`2026-03-${day}T08:0${i}:00Z`));
  await play(t, ana, uri('Mouthwash'), at('2026-03-04T09:00:00Z'));
  await play(t, ana, uri('Zebra'), at('2026-07-14T21:30:00Z'));
  // A file of this listener's own, played in the web player: a track the catalogue lacks.
  await play(t, ana, localUri({ key: 'k1', artist: 'Nils Frahm', album: 'Spaces', title: 'Says', duration_ms: 600_000 }), at('2026-07-15T22:00:00Z'));
});
after(async () => {
  await t.close();
  done();
});

const trackOf = (item: HistoryItem) => (item.track ?? {}) as Record<string, unknown>;
const get = async (user: TestUser | undefined, url: string) => t.http.inject({ method: 'GET', url, headers: { ...user?.auth } });
const summaryOf = async (user: TestUser, year: number) => ((await get(user, `/api/v1/me/summary/${year}`)).json() as MySummary).summary;
const top = async (user: TestUser, kind: string) =>
  ((await get(user, `/api/v1/me/top/${kind}?time_range=all_time&limit=50`)).json() as { items: { id: string }[] }).items.map((i) => i.id);

test('a ListenBrainz export imported into a fresh account gives the same history, summaries and top lists; a second import changes nothing', async () => {
  const exported = await get(ana, '/api/v1/me/history/export');
  assert.equal(exported.statusCode, 200);
  assert.match(exported.headers['content-disposition'] as string, /attachment; filename="runnel-listens-.*\.json"/);
  const listens = exported.json() as { listened_at: number; track_metadata: { additional_info: { duration_ms: number } } }[];
  assert.equal(listens.length, 10);
  assert.deepEqual(listens[0], {
    listened_at: Date.parse('2025-06-01T10:00:00Z') / 1000,
    track_metadata: {
      artist_name: 'Robyn',
      track_name: 'Fembot',
      release_name: 'Body Talk',
      additional_info: {
        duration_ms: listens[0]!.track_metadata.additional_info.duration_ms,
        tracknumber: 3,
        artist_names: ['Robyn'],
        media_player: 'Runnel',
        submission_client: 'Runnel',
      },
    },
  } as never);

  const ben = await t.makeUser({ username: 'ben_history' });
  const imported = await importFile(t, ben, exported.body);
  assert.equal(imported.statusCode, 200, imported.body);
  assert.deepEqual(imported.json(), { listens: 10, added: 10, duplicates: 0, matched: 9, unmatched: 1 } satisfies HistoryImportResult);

  const history = comparable(await wholeHistory(t, ana));
  assert.equal(history.length, 10);
  assert.deepEqual(comparable(await wholeHistory(t, ben)), history, 'the same tracks at the same seconds');
  for (const year of [2025, 2026]) assert.deepEqual(await summaryOf(ben, year), await summaryOf(ana, year), `the ${year} summary`);
  for (const kind of ['tracks', 'albums', 'artists']) assert.deepEqual(await top(ben, kind), await top(ana, kind), `top ${kind}`);

  // Again, and as JSON lines: nothing new, nothing counted twice.
  const lines = await get(ana, '/api/v1/me/history/export?format=jsonl');
  assert.equal(lines.body.trim().split('\n').length, 10);
  const again = await importFile(t, ben, lines.body, 'application/x-ndjson');
  assert.deepEqual(again.json(), { listens: 10, added: 0, duplicates: 10, matched: 9, unmatched: 1 });
  assert.deepEqual(comparable(await wholeHistory(t, ben)), history);
  assert.deepEqual(await summaryOf(ben, 2026), await summaryOf(ana, 2026));
  const allTimeCounts = (userId: string) =>
    t.database.db
      .selectFrom('top_counts_user')
      .select(['kind', 'item_id', 'plays'])
      .where('user_id', '=', userId)
      .where('day', '=', -1)
      .orderBy('kind')
      .orderBy('item_id')
      .execute();
  assert.deepEqual(await allTimeCounts(ben.me.id), await allTimeCounts(ana.me.id), 'all-time counts equal, not doubled');
  // Imported plays are not scrobbled (nothing queued for any service) and are not "currently playing".
  assert.equal((await t.database.db.selectFrom('scrobble_outbox').select('id').where('user_id', '=', ben.me.id).execute()).length, 0);
  assert.equal(((await get(ben, '/api/v1/me/player/queue')).json() as { currently_playing: string | null }).currently_playing, null);
});

test('the 2026 summary: plays, minutes, tops, discoveries, months and the busiest day', async () => {
  const s = await summaryOf(ana, 2026);
  assert.equal(s.plays, 8);
  assert.deepEqual(
    s.top_tracks.map((x) => [x.name, x.plays]),
    [
      ['Foundations', 4],
      ['Fembot', 1],
      ['Mouthwash', 1],
      ['Says', 1],
      ['Zebra', 1],
    ],
  );
  assert.deepEqual(s.top_artists[0], { id: s.top_artists[0]!.id, name: 'Kate Nash', plays: 5 });
  assert.deepEqual(
    s.top_albums.map((x) => [x.name, x.artist, x.plays]),
    [
      ['Made of Bricks', 'Kate Nash', 5],
      ['Body Talk', 'Robyn', 1],
      ['Spaces', 'Nils Frahm', 1],
      ['Teen Dream', 'Beach House', 1],
    ],
  );
  assert.equal(s.discoveries.tracks, 4, 'Foundations, Mouthwash, Zebra, Says; not Fembot (2025)');
  assert.deepEqual(s.discoveries.top_artists.map((a) => a.name).sort(), ['Beach House', 'Kate Nash', 'Nils Frahm']);
  assert.equal(s.discoveries.artists, 3);
  assert.deepEqual(s.months, [1, 0, 5, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
  assert.deepEqual(s.busiest_day, { date: '2026-03-03', plays: 3 });
  assert.ok(s.minutes >= 10 && s.minutes <= 11, `about 10 minutes of Says and 7 × 2 s (${s.minutes})`);
  assert.equal((await summaryOf(ana, 2024)).plays, 0);
});

test('history pages by time both ways, by days and by words', async () => {
  const all = await wholeHistory(t, ana, 'limit=50');
  assert.deepEqual(comparable(await wholeHistory(t, ana, 'limit=2')), comparable(all), 'pages of 2 join up to the whole');
  const first = (await get(ana, '/api/v1/me/history?limit=2')).json();
  const second = (await get(ana, first.next)).json();
  assert.equal(first.previous, null);
  assert.deepEqual((await get(ana, second.previous)).json().items, first.items, 'previous of the second page is the first');
  const march = await wholeHistory(t, ana, 'from=2026-03-04&to=2026-03-04');
  assert.deepEqual(
    march.map((i) => trackOf(i).name),
    ['Mouthwash', 'Foundations'],
  );
  const kate = await wholeHistory(t, ana, 'q=KATE%20bricks');
  assert.equal(kate.length, 5);
  assert.deepEqual(
    (await wholeHistory(t, ana, 'q=nils')).map((i) => i.uri.startsWith('runnel:local:')),
    [true],
  );
  assert.equal((await wholeHistory(t, ana, 'q=100%25')).length, 0, '% is a character, not a wildcard');
  assert.equal((await get(ana, '/api/v1/me/history?from=2026-02-31')).statusCode, 400);
});

test('listens of tracks this server lacks are kept by name; ListenBrainz’s zip export is read', async () => {
  const cara = await t.makeUser({ username: 'cara_history' });
  const listen = (at: number, track: string, artist: string, extra: object = {}) =>
    JSON.stringify({ listened_at: at, track_metadata: { artist_name: artist, track_name: track, ...extra } });
  const month = [
    listen(1767225600, 'zebra', 'beach house', { release_name: 'Teen Dream' }),
    listen(1767225900, 'Windowlicker', 'Aphex Twin', { additional_info: { recording_mbid: '0A7E6F83-0000-4000-8000-000000000001', duration_ms: 366_000 } }),
  ].join('\n');
  const zip = await buffer(
    zipStream([
      { name: 'user.json', mtime: new Date(), bytes: Buffer.from('{"user_id":1,"username":"cara"}') },
      { name: 'listens/2026/1.jsonl', mtime: new Date(), bytes: Buffer.from(month) },
      { name: 'feedback.jsonl', mtime: new Date(), bytes: Buffer.from('{"score":1}') },
    ]),
  );
  const imported = await importFile(t, cara, zip, 'application/zip');
  assert.deepEqual(imported.json(), { listens: 2, added: 2, duplicates: 0, matched: 1, unmatched: 1 });
  const history = await wholeHistory(t, cara);
  assert.equal(history[1]!.uri, `runnel:track:${ids.Zebra}`, 'matched by artist and title, whatever their case');
  assert.deepEqual({ name: trackOf(history[0]!).name, is_local: trackOf(history[0]!).is_local }, { name: 'Windowlicker', is_local: true });
  const back = (await get(cara, '/api/v1/me/history/export')).json() as {
    track_metadata: { additional_info: { recording_mbid?: string; duration_ms?: number } };
  }[];
  assert.deepEqual(back[1]!.track_metadata.additional_info.recording_mbid, '0a7e6f83-0000-4000-8000-000000000001');
  assert.equal(back[1]!.track_metadata.additional_info.duration_ms, 366_000);
  assert.equal((await summaryOf(cara, 2026)).minutes, 6, '366 s of Windowlicker and 2 s of Zebra');
});

test('malformed files are refused whole with 400 history_import_invalid, and nothing is added', async () => {
  const dan = await t.makeUser({ username: 'dan_history' });
  const good = '{"listened_at": 1767225600, "track_metadata": {"artist_name": "Robyn", "track_name": "Fembot"}}';
  const cases: [string, string | Buffer, string?][] = [
    ['not JSON', 'hello'],
    ['cut short', `[${good}, {"listened_at": 1`],
    ['no track name', `[${good}, {"listened_at": 1, "track_metadata": {"artist_name": "x"}}]`],
    ['a bad time', `${good}\n{"listened_at": "yesterday", "track_metadata": {"artist_name": "x", "track_name": "y"}}`],
    ['not a listen', '[1, 2]'],
    ['trailing text', `[${good}] and more`],
    ['a zip of other things', await buffer(zipStream([{ name: 'a.txt', mtime: new Date(), bytes: Buffer.from('x') }])), 'application/zip'],
    ['a damaged zip', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40)]), 'application/zip'],
    ['an empty body', ''],
  ];
  for (const [what, body, type] of cases) {
    const response = await importFile(t, dan, body, type);
    assert.equal(response.statusCode, 400, `${what}: ${response.body}`);
    assert.equal(response.json().error.code, 'history_import_invalid', what);
  }
  assert.equal((await importFile(t, dan, good, 'text/html')).statusCode, 415);
  assert.equal((await importFile(t, undefined, good)).statusCode, 401);
  assert.equal((await wholeHistory(t, dan)).length, 0);
});

test('a summary shared by link shows only the summary; turned off, it is gone', async () => {
  const shared = await t.http.inject({ method: 'PUT', url: '/api/v1/me/summary/2026/share', headers: ana.auth });
  assert.equal(shared.statusCode, 200, shared.body);
  const link = shared.json() as SummaryShare;
  assert.match(link.url, new RegExp(`/y/${link.id}$`));
  assert.equal(
    (await t.http.inject({ method: 'PUT', url: '/api/v1/me/summary/2026/share', headers: ana.auth })).json().id,
    link.id,
    'sharing again: the same link',
  );
  assert.deepEqual(((await get(ana, '/api/v1/me/summary/2026')).json() as MySummary).share, link);

  const open = await get(undefined, `/api/v1/summaries/${link.id}`);
  assert.equal(open.statusCode, 200);
  const seen = open.json() as PublicSummary;
  assert.deepEqual(Object.keys(seen).sort(), ['display_name', 'summary']);
  assert.deepEqual(seen.summary, await summaryOf(ana, 2026));
  const page = await get(undefined, `/y/${link.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<meta property="og:title" content="ana_history’s 2026 in music">/);
  assert.match(page.body, /Kate Nash/);
  assert.doesNotMatch(page.body, /runnel:|\/api\/v1\/me/, 'no private links or ids');
  // A visitor whose browser asks for Swedish reads it in Swedish.
  const swedish = await t.http.inject({ method: 'GET', url: `/y/${link.id}`, headers: { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' } });
  assert.match(swedish.body, /<html lang="sv">/);
  assert.match(swedish.body, /<meta property="og:title" content="ana_historys 2026 i musik">/);
  assert.match(swedish.body, /Toppartister/);

  assert.equal((await t.http.inject({ method: 'DELETE', url: '/api/v1/me/summary/2026/share', headers: ana.auth })).statusCode, 204);
  assert.equal((await get(undefined, `/api/v1/summaries/${link.id}`)).json().error.code, 'summary_link_not_found');
  assert.equal((await get(undefined, `/y/${link.id}`)).statusCode, 404);
  assert.match(
    (await t.http.inject({ method: 'GET', url: `/y/${link.id}`, headers: { 'accept-language': 'sv' } })).body,
    /Den här sammanfattningen delas inte/,
  );
  assert.equal(((await get(ana, '/api/v1/me/summary/2026')).json() as MySummary).share, null);
});
