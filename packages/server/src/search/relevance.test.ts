import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createInProcessBus } from '../events/bus.ts';
import { testDatabase, testDbKind, type TestDatabase } from '../testing/database.ts';
import { systemClock } from '../time.ts';
import type { SearchDocument, SearchKind } from './documents.ts';
import { createSearch, type Search } from './service.ts';

interface CorpusTrack {
  id: string;
  title: string;
  artists: string[];
  album: string;
  year: number;
  genres: string[];
  popularity: number;
}
interface Expectation {
  q: string;
  type: SearchKind;
  top: string | null;
  why: string;
}
interface Corpus {
  tracks: CorpusTrack[];
}
interface Queries {
  queries: Expectation[];
  best_match: Array<{ q: string; type: SearchKind; name: string }>;
}

const corpusFile = (name: string) => new URL(`./corpus/${name}`, import.meta.url);
const read = <T>(name: string) => JSON.parse(readFileSync(corpusFile(name), 'utf8')) as T;

const RANKED: SearchKind[] = ['track', 'album', 'artist'];
/** Set to write corpus/rankings.tsv from this run, after a ranking change made on purpose. */
const UPDATE_RANKINGS = process.env.RUNNEL_UPDATE_RANKINGS === '1';

/**
 * One line per query of corpus/rankings.tsv: the query, how many tracks match, then the top
 * 10 track, album and artist ids (space-separated), tab-separated. A ranking change shows
 * in its diff as the queries whose lines changed.
 */
interface Ranking {
  q: string;
  trackTotal: number;
  ids: Record<SearchKind, string[]>;
}

const rankingLine = (r: Ranking) => [r.q, String(r.trackTotal), ...RANKED.map((kind) => r.ids[kind].join(' '))].join('\t');

function parseRankings(text: string): Map<string, Ranking> {
  const out = new Map<string, Ranking>();
  for (const line of text.split('\n').filter(Boolean)) {
    const [q, total, ...lists] = line.split('\t');
    out.set(q!, {
      q: q!,
      trackTotal: Number(total),
      ids: Object.fromEntries(RANKED.map((kind, i) => [kind, lists[i] ? lists[i].split(' ') : []])) as Record<SearchKind, string[]>,
    });
  }
  return out;
}

/** Tracks as given; albums and artists derived from them (popularity: their best track's). */
function documents(corpus: Corpus): SearchDocument[] {
  const docs: SearchDocument[] = [];
  const albums = new Map<string, SearchDocument>();
  const artists = new Map<string, SearchDocument>();
  for (const t of corpus.tracks) {
    docs.push({ id: t.id, kind: 'track', title: t.title, artists: t.artists, album: t.album, year: t.year, genres: t.genres, popularity: t.popularity });
    const albumKey = `${t.album}\u0000${t.artists[0]}`;
    const album = albums.get(albumKey) ?? {
      id: `al${albums.size + 1}`,
      kind: 'album',
      title: t.album,
      artists: [t.artists[0]!],
      year: t.year,
      genres: t.genres,
      popularity: 0,
    };
    album.popularity = Math.max(album.popularity!, t.popularity);
    albums.set(albumKey, album);
    for (const name of t.artists) {
      const artist = artists.get(name) ?? { id: `ar${artists.size + 1}`, kind: 'artist', title: name, artists: [], genres: t.genres, popularity: 0 };
      artist.popularity = Math.max(artist.popularity!, t.popularity);
      artists.set(name, artist);
    }
  }
  return [...docs, ...albums.values(), ...artists.values()];
}

describe(`relevance corpus (${testDbKind})`, () => {
  const corpus = read<Corpus>('tracks.json');
  const queries = read<Queries>('queries.json');
  const docs = documents(corpus);
  const byKey = new Map(docs.map((d) => [`${d.kind}:${d.id}`, d]));
  const label = (d: SearchDocument) => (d.kind === 'artist' ? d.title : `${d.title} — ${d.artists[0]}`);
  let database: TestDatabase;
  let search: Search;

  before(async () => {
    database = await testDatabase();
    const writer = createSearch({ db: database.db, events: createInProcessBus(), now: systemClock.now });
    await writer.start();
    await writer.upsert(docs);
    writer.close();
    // A second instance loads everything back from the table, as a restarted node would.
    search = createSearch({ db: database.db, events: createInProcessBus(), now: systemClock.now });
    await search.start();
  });
  after(async () => {
    search.close();
    await database.drop();
  });

  test('the corpus is big enough and covers what the issue asks', () => {
    assert.ok(corpus.tracks.length >= 500, `${corpus.tracks.length} tracks`);
    assert.ok(queries.queries.length >= 60, `${queries.queries.length} queries`);
    for (const name of [
      'Kate Nash',
      'Beach House',
      'Robyn',
      'Hot Chip',
      'Jace Everett',
      'Anna Bergendahl',
      'Royal Philharmonic Orchestra',
      'You Me At Six',
      'Guru',
      'Felix Kröcher',
      'Bosse',
      'Johnossi',
    ]) {
      assert.ok(
        corpus.tracks.some((t) => t.artists.includes(name)),
        name,
      );
    }
  });

  test('every query finds its expected top result', async () => {
    const failures: string[] = [];
    for (const e of queries.queries) {
      const { results } = await search.query({ q: e.q, kinds: [e.type], limit: 10, offset: 0 });
      const hits = results[e.type]!.hits;
      const got = hits.map((h) => label(byKey.get(`${h.kind}:${h.id}`)!));
      if ((got[0] ?? null) !== e.top) failures.push(`${JSON.stringify(e.q)} (${e.why}): expected ${e.top}, got [${got.slice(0, 3).join(' | ')}]`);
    }
    assert.deepEqual(failures, []);
  });

  test('the best match over tracks, albums and artists', async () => {
    for (const e of queries.best_match) {
      const { best } = await search.query({ q: e.q, kinds: ['track', 'album', 'artist'], limit: 5, offset: 0 });
      assert.equal(best?.kind, e.type, e.q);
      assert.equal(byKey.get(`${best.kind}:${best.id}`)?.title, e.name, e.q);
    }
  });

  test("results and their order are identical on SQLite and PostgreSQL (every query's committed top 10)", async () => {
    const got: Ranking[] = [];
    for (const q of new Set(queries.queries.map((e) => e.q))) {
      const { results } = await search.query({ q, kinds: RANKED, limit: 10, offset: 0 });
      got.push({
        q,
        trackTotal: results.track!.total,
        ids: Object.fromEntries(RANKED.map((kind) => [kind, results[kind]!.hits.map((h) => h.id)])) as Record<SearchKind, string[]>,
      });
    }
    if (UPDATE_RANKINGS) writeFileSync(corpusFile('rankings.tsv'), got.map(rankingLine).join('\n') + '\n');
    const committed = parseRankings(readFileSync(corpusFile('rankings.tsv'), 'utf8'));
    const name = (kind: SearchKind, id: string | undefined) => (id === undefined ? 'nothing' : `${id} (${label(byKey.get(`${kind}:${id}`)!)})`);
    // Each query that moved, by the first rank of each kind where it differs: what was there, what is now.
    const moved: string[] = [];
    for (const now of got) {
      const before = committed.get(now.q);
      if (!before) {
        moved.push(`${JSON.stringify(now.q)}: not in rankings.tsv`);
        continue;
      }
      if (before.trackTotal !== now.trackTotal) moved.push(`${JSON.stringify(now.q)}: ${now.trackTotal} tracks match, were ${before.trackTotal}`);
      for (const kind of RANKED) {
        const rank = Array.from({ length: Math.max(before.ids[kind].length, now.ids[kind].length) }, (_, i) => i).find(
          (i) => before.ids[kind][i] !== now.ids[kind][i],
        );
        if (rank !== undefined)
          moved.push(`${JSON.stringify(now.q)} ${kind} #${rank + 1}: ${name(kind, now.ids[kind][rank])}, was ${name(kind, before.ids[kind][rank])}`);
      }
    }
    assert.deepEqual(moved, [], 'if the ranking changed on purpose, run this test with RUNNEL_UPDATE_RANKINGS=1 and commit corpus/rankings.tsv');
  });
});
