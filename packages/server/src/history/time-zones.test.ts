import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { MySummary, PublicSummary, SummaryShare, YearSummary } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { play, scanHistoryLibrary, wholeHistory } from './testing.ts';

let t: TestApp;
let done: () => void;
let eva: TestUser;

/**
 * Plays around midnights, local and UTC, in Stockholm (UTC+1, +2 from 29 March 2026 01:00 UTC)
 * and Los Angeles (UTC−8, −7 from 8 March 2026 10:00 UTC). Each has its day in both zones.
 */
const PLAYS = {
  newYear: ['Fembot', '2025-12-31T23:30:00Z'], // Stockholm 1 Jan 2026 00:30; LA 31 Dec 2025 15:30
  evening: ['Foundations', '2026-03-05T04:00:00Z'], // LA 4 Mar 20:00; Stockholm 5 Mar 05:00
  laSpring: ['Foundations', '2026-03-09T07:30:00Z'], // LA 9 Mar 00:30 (PDT; 8 Mar 23:30 were it still PST)
  beforeSpring: ['Mouthwash', '2026-03-28T23:30:00Z'], // Stockholm 29 Mar 00:30 (CET); LA 28 Mar
  afterSpring: ['Zebra', '2026-03-29T22:30:00Z'], // Stockholm 30 Mar 00:30 (CEST; 29 Mar 23:30 were it still CET); LA 29 Mar 15:30
  morning: ['Zebra', '2026-03-30T06:00:00Z'], // Stockholm 30 Mar 08:00; LA 29 Mar 23:00
  laNewYear: ['Fembot', '2027-01-01T05:00:00Z'], // LA 31 Dec 2026 21:00; Stockholm 1 Jan 2027 06:00
} as const;

before(async () => {
  t = await testApp();
  let ids: Record<string, string>;
  ({ ids, done } = await scanHistoryLibrary(t));
  eva = await t.makeUser({ username: 'eva_zones' });
  for (const [title, at] of Object.values(PLAYS)) await play(t, eva, `runnel:track:${ids[title]}`, Date.parse(at));
});
after(async () => {
  await t.close();
  done();
});

const get = (user: TestUser | undefined, url: string) => t.http.inject({ method: 'GET', url, headers: { ...user?.auth } });
const put = (url: string) => t.http.inject({ method: 'PUT', url, headers: eva.auth });
const summaryOf = async (year: number, tz?: string) => {
  const response = await get(eva, `/api/v1/me/summary/${year}${tz ? `?tz=${encodeURIComponent(tz)}` : ''}`);
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as MySummary).summary;
};
/** The plays of some days, by their PLAYS name, newest first; a page of one, so every `next` link must keep the zone. */
const days = async (from: string, to: string, tz?: string) => {
  const names = new Map(Object.entries(PLAYS).map(([name, [, at]]) => [new Date(at).toISOString(), name]));
  const items = await wholeHistory(t, eva, `limit=1&from=${from}&to=${to}${tz ? `&tz=${encodeURIComponent(tz)}` : ''}`);
  return items.map((i) => names.get(i.played_at));
};
const months = (s: YearSummary) => Object.fromEntries(s.months.flatMap((n, i) => (n ? [[i + 1, n]] : [])));

test('from and to are days of the zone given, across New Year and DST changes; UTC without one', async () => {
  assert.deepEqual(await days('2026-01-01', '2026-01-01', 'Europe/Stockholm'), ['newYear']);
  assert.deepEqual(await days('2026-01-01', '2026-01-01'), [], 'in UTC it was still 2025');
  assert.deepEqual(await days('2025-12-31', '2025-12-31'), ['newYear']);
  assert.deepEqual(await days('2026-03-04', '2026-03-04', 'America/Los_Angeles'), ['evening']);
  assert.deepEqual(await days('2026-03-04', '2026-03-04'), []);
  assert.deepEqual(await days('2026-03-09', '2026-03-09', 'America/Los_Angeles'), ['laSpring'], 'after the change: 00:30 PDT');
  assert.deepEqual(await days('2026-03-08', '2026-03-08', 'America/Los_Angeles'), []);
  assert.deepEqual(await days('2026-03-29', '2026-03-29', 'Europe/Stockholm'), ['beforeSpring'], 'a 23-hour day');
  assert.deepEqual(await days('2026-03-30', '2026-03-30', 'Europe/Stockholm'), ['morning', 'afterSpring']);
  assert.deepEqual(await days('2026-03-29', '2026-03-29', 'America/Los_Angeles'), ['morning', 'afterSpring']);
  assert.deepEqual(await days('2026-12-31', '2027-01-01', 'america/los_angeles'), ['laNewYear'], 'a zone in any case');
});

test('a summary with a zone counts its year, months and busiest day', async () => {
  const utc = await summaryOf(2026);
  assert.deepEqual([utc.time_zone, utc.plays, months(utc), utc.busiest_day], ['UTC', 5, { 3: 5 }, { date: '2026-03-05', plays: 1 }]);
  const stockholm = await summaryOf(2026, 'Europe/Stockholm');
  assert.deepEqual(
    [stockholm.time_zone, stockholm.plays, months(stockholm), stockholm.busiest_day],
    ['Europe/Stockholm', 6, { 1: 1, 3: 5 }, { date: '2026-03-30', plays: 2 }],
    'the New Year play in January 2026; 30 March starts at 22:00 UTC after the change',
  );
  assert.equal(stockholm.discoveries.tracks, 4, 'Fembot is new in 2026 too: nothing was played before its year began');
  const la = await summaryOf(2026, 'America/Los_Angeles');
  assert.deepEqual([la.plays, months(la), la.busiest_day], [6, { 3: 5, 12: 1 }, { date: '2026-03-29', plays: 2 }]);
  assert.deepEqual(
    [(await summaryOf(2025)).plays, (await summaryOf(2025, 'Europe/Stockholm')).plays, (await summaryOf(2025, 'America/Los_Angeles')).plays],
    [1, 0, 1],
  );
  assert.deepEqual(months(await summaryOf(2027, 'Europe/Stockholm')), { 1: 1 });
  assert.equal((await summaryOf(2027, 'America/Los_Angeles')).plays, 0);
});

test('a shared link keeps the zone it was shared with', async () => {
  const shared = await put('/api/v1/me/summary/2026/share?tz=America/Los_Angeles');
  assert.equal(shared.statusCode, 200, shared.body);
  const link = shared.json() as SummaryShare;
  const open = async () => ((await get(undefined, `/api/v1/summaries/${link.id}`)).json() as PublicSummary).summary;
  assert.deepEqual(await open(), await summaryOf(2026, 'America/Los_Angeles'));
  assert.match((await get(undefined, `/y/${link.id}`)).body, /<b>6<\/b>plays/);
  assert.equal((await summaryOf(2026)).plays, 5, 'the owner’s own view without a zone is still UTC');

  assert.equal((await put('/api/v1/me/summary/2026/share')).json().id, link.id, 'shared again without a zone');
  assert.equal((await open()).time_zone, 'America/Los_Angeles', '…keeps the zone');
  assert.equal((await put('/api/v1/me/summary/2026/share?tz=Europe/Stockholm')).json().id, link.id, 'shared from another zone: the same link');
  assert.deepEqual(await open(), await summaryOf(2026, 'Europe/Stockholm'), '…counted in the new zone');

  const utc = (await put('/api/v1/me/summary/2025/share')).json() as SummaryShare;
  const seen = ((await get(undefined, `/api/v1/summaries/${utc.id}`)).json() as PublicSummary).summary;
  assert.deepEqual([seen.time_zone, seen.plays], ['UTC', 1], 'a link shared without a zone is UTC');
});

test('a zone the server does not know is 400 invalid_time_zone, and nothing is shared', async () => {
  for (const url of ['/api/v1/me/history?tz=Mars%2FOlympus', '/api/v1/me/history?from=2026-01-01&tz=Europe%2FAtlantis', '/api/v1/me/summary/2026?tz=CEST']) {
    const response = await get(eva, url);
    assert.equal(response.statusCode, 400, url);
    assert.equal(response.json().error.code, 'invalid_time_zone', url);
  }
  const refused = await put('/api/v1/me/summary/2027/share?tz=Mars%2FOlympus');
  assert.deepEqual([refused.statusCode, refused.json().error.code], [400, 'invalid_time_zone']);
  assert.equal(((await get(eva, '/api/v1/me/summary/2027')).json() as MySummary).share, null);
});
