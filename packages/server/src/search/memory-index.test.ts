import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SearchDocument } from './documents.ts';
import { evaluate, TUNING } from './evaluate.ts';
import { KindIndex } from './memory-index.ts';
import { parseQuery } from './query-parser.ts';
import type { Segment } from './segment.ts';
import { segmentOf } from './segment-build.ts';

/** A deterministic pseudo-random catalogue with a few very common words, so broad queries take the early-stop paths. */
function catalogue(n: number): SearchDocument[] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const common = ['love', 'the', 'night', 'tonight', 'lover', 'time', 'nothing', 'light'];
  const word = () => (random() < 0.5 ? common[Math.floor(random() * random() * common.length)]! : `w${Math.floor(random() * 5000).toString(36)}`);
  const phrase = (max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, word).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    id: `d${i.toString(36)}`,
    kind: 'track' as const,
    title: phrase(4),
    artists: [phrase(2)],
    album: phrase(3),
    year: 1990 + (i % 30),
    popularity: Math.floor(random() * 50),
  }));
}

const ids = (segment: Segment, hits: Array<{ doc: number; score: number }>) => hits.map((h) => `${segment.ids[h.doc]}:${h.score}`);

describe('memory index', () => {
  test('stopping early in rank order returns exactly what scoring everything returns', () => {
    const segment = segmentOf('track', catalogue(40_000));
    const defaults = { ...TUNING };
    const shrunk = { broadWord: 2_000, tierOnePostings: 300, exactTotalUnder: 20, listAtMost: 500, walkDocs: 0 };
    // The rank-order paths (postingsAtMost 0) and scoring from postings (Infinity) must agree with each other too,
    // and so must the walk over documents in rank order, whether it finds the best (walkDocs Infinity) or gives up.
    const reference = new Map<string, string[]>();
    const strategies = [
      defaults,
      { ...shrunk, postingsAtMost: 0 },
      { ...shrunk, postingsAtMost: Infinity },
      { ...shrunk, postingsAtMost: 0, walkDocs: Infinity },
      { ...shrunk, postingsAtMost: 0, walkDocs: 200 },
      { ...shrunk, postingsAtMost: 0, walkDocs: Infinity, scanPostings: 0 },
    ];
    for (const tuning of strategies) {
      Object.assign(TUNING, tuning);
      for (const q of [
        'l',
        't',
        'lo',
        'love',
        'the',
        'the t',
        'love n',
        'night love t',
        'tonihgt',
        'lovr',
        'lone',
        'lone t',
        'nihgt love',
        'tonihgt l',
        'lov the',
        'w1 l',
        'year:2001 love',
        'artist:the l',
        'lo',
        'ni',
        'li',
        'w1 t',
        'wa l',
        'w2 the n',
      ]) {
        const parsed = parseQuery(q);
        const everything = evaluate(segment, parsed, { k: segment.size });
        const top = evaluate(segment, parsed, { k: 10 });
        assert.deepEqual(ids(segment, top.hits), ids(segment, everything.hits.slice(0, 10)), q);
        if (!reference.has(q)) reference.set(q, ids(segment, top.hits));
        assert.deepEqual(ids(segment, top.hits), reference.get(q), `${q}: the same with every strategy`);
        assert.ok(everything.total > 0, q);
        if (parsed.words.length === 1 && tuning.walkDocs === 0) assert.equal(top.total, everything.total, `${q}: one word, exact total`);
        // Where every broad query is answered by the walk, its estimated totals are near the truth.
        if (tuning.walkDocs === Infinity)
          assert.ok(
            Math.abs(top.total - everything.total) <= Math.max(20, everything.total * 0.25),
            `${q}: total ${top.total} for ${everything.total} (${JSON.stringify(tuning)})`,
          );
      }
    }
    Object.assign(TUNING, defaults);
  });

  test('upserts, replacements and removals are searchable at once, across many small segments', () => {
    const index = new KindIndex('track', [
      { id: 'a', kind: 'track', title: 'Zebra', artists: ['Beach House'], popularity: 5 },
      { id: 'b', kind: 'track', title: 'Norway', artists: ['Beach House'], popularity: 4 },
    ]);
    const find = (q: string) => index.search(parseQuery(q), 0, 10, undefined).hits.map((h) => h.id);
    index.upsert([{ id: 'c', kind: 'track', title: 'Zebra Crossing', artists: ['Someone'], popularity: 50 }]);
    assert.deepEqual(find('zebra'), ['a', 'c'], 'whole title first, then popularity');
    index.upsert([{ id: 'a', kind: 'track', title: 'Myth', artists: ['Beach House'], popularity: 5 }]);
    assert.deepEqual(find('zebra'), ['c']);
    assert.deepEqual(find('myth'), ['a']);
    index.remove(['b']);
    assert.deepEqual(find('beach'), ['a']);
    for (let i = 0; i < 20; i++) index.upsert([{ id: `n${i}`, kind: 'track', title: `Night ${i}`, artists: ['X'], popularity: i }]);
    assert.equal(index.search(parseQuery('night'), 0, 5, undefined).total, 20);
    assert.deepEqual(
      index.search(parseQuery('night'), 0, 3, undefined).hits.map((h) => h.id),
      ['n19', 'n18', 'n17'],
    );
    assert.equal(index.size, 22);
  });

  test('a rebuild replays the changes made while it was loading', async () => {
    const index = new KindIndex('track', [{ id: 'a', kind: 'track', title: 'Old', artists: [], popularity: 1 }]);
    await index.rebuild(async function* () {
      yield [{ id: 'a', kind: 'track', title: 'Old', artists: [], popularity: 1 }];
      index.upsert([{ id: 'late', kind: 'track', title: 'Late arrival', artists: [], popularity: 1 }]);
      index.remove(['a']);
    });
    assert.deepEqual(
      index.search(parseQuery('late'), 0, 5, undefined).hits.map((h) => h.id),
      ['late'],
    );
    assert.equal(index.search(parseQuery('old'), 0, 5, undefined).total, 0);
  });

  test('restricted documents are found only by their audience', () => {
    const index = new KindIndex('playlist', [
      { id: 'p1', kind: 'playlist', title: 'Sleep', artists: ['ann'], visibility: { public: false, users: ['u1'] } },
      { id: 'p2', kind: 'playlist', title: 'Sleep well', artists: ['bo'] },
    ]);
    assert.deepEqual(
      index.search(parseQuery('sleep'), 0, 5, 'u1').hits.map((h) => h.id),
      ['p1', 'p2'],
    );
    assert.deepEqual(
      index.search(parseQuery('sleep'), 0, 5, 'u2').hits.map((h) => h.id),
      ['p2'],
    );
    assert.deepEqual(
      index.search(parseQuery('sleep'), 0, 5, undefined).hits.map((h) => h.id),
      ['p2'],
    );
  });
});
