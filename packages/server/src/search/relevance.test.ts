import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  /** sha256 of every query's top 10 ids: the same on SQLite and PostgreSQL. */
  fingerprint: string;
}

const read = <T>(name: string) => JSON.parse(readFileSync(new URL(`./corpus/${name}`, import.meta.url), 'utf8')) as T;

/** Tracks as given; albums and artists derived from them (popularity: their best track's). */
function documents(corpus: Corpus): SearchDocument[] {
  const docs: SearchDocument[] = [];
  const albums = new Map<string, SearchDocument>();
  const artists = new Map<string, SearchDocument>();
  for (const t of corpus.tracks) {
    docs.push({ id: t.id, kind: 'track', title: t.title, artists: t.artists, album: t.album, year: t.year, genres: t.genres, popularity: t.popularity });
    const albumKey = `${t.album}\u0000${t.artists[0]}`;
    const album = albums.get(albumKey) ?? { id: `al${albums.size + 1}`, kind: 'album', title: t.album, artists: [t.artists[0]!], year: t.year, genres: t.genres, popularity: 0 };
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
    for (const name of ['Kate Nash', 'Beach House', 'Robyn', 'Hot Chip', 'Jace Everett', 'Anna Bergendahl', 'Royal Philharmonic Orchestra', 'You Me At Six', 'Guru', 'Felix Kröcher', 'Bosse', 'Johnossi']) {
      assert.ok(corpus.tracks.some((t) => t.artists.includes(name)), name);
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

  test('results and their order are identical on SQLite and PostgreSQL (a committed fingerprint)', async () => {
    const hash = createHash('sha256');
    for (const e of queries.queries) {
      const { results } = await search.query({ q: e.q, kinds: ['track', 'album', 'artist'], limit: 10, offset: 0 });
      hash.update(JSON.stringify([e.q, results.track!.hits.map((h) => h.id), results.album!.hits.map((h) => h.id), results.artist!.hits.map((h) => h.id), results.track!.total]));
    }
    assert.equal(hash.digest('hex'), queries.fingerprint, 'if ranking changed on purpose, update fingerprint in corpus/queries.json');
  });
});
