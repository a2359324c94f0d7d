import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lastfm } from './lastfm.ts';
import { lastfmStandIn } from './testing.ts';

let fm: Awaited<ReturnType<typeof lastfmStandIn>>;
before(async () => (fm = await lastfmStandIn('key', 'secret', 'ann_fm')));
after(() => fm.close());

const track = { artists: ['Band'], title: 'Song', album: 'Record', albumArtist: 'Band', durationMs: 200_000, trackNumber: 1, mbid: null };

test('Last.fm: at most 5 calls a second from this server, however many are asked for at once', async (ctx) => {
  const client = lastfm({ key: 'key', secret: 'secret', apiUrl: fm.url, authUrl: fm.authUrl });
  const back = (await fetch(client.authorizeUrl('http://runnel.test/back'), { redirect: 'manual' })).headers.get('location')!;
  const { key } = await client.session(new URL(back).searchParams.get('token')!);
  const from = fm.calls.length;
  // Twelve listeners' now-playing and plays in the same moment.
  await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      i % 2 ? client.nowPlaying(key, track) : client.submit(key, [{ id: `p${i}`, listenedAt: Date.UTC(2026, 11, 1, 12, i), track }]),
    ),
  );
  const calls = fm.calls.slice(from);
  const busiest = Math.max(...calls.map((at) => calls.filter((other) => other >= at && other < at + 1000).length));
  ctx.diagnostic(`12 calls over ${Math.round(calls.at(-1)! - calls[0]!)} ms; the busiest second held ${busiest}`);
  assert.equal(calls.length, 12);
  assert.ok(busiest <= 5, `${busiest} calls within one second`);
  assert.equal(fm.scrobbles.filter((s) => s.method === 'track.scrobble').length, 6, 'every play taken');
});
