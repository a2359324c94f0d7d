import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventBus } from '../events/bus.ts';
import { createRedisBus } from '../events/redis-bus.ts';
import { testDatabase, testDbKind, type TestDatabase } from '../testing/database.ts';
import { systemClock } from '../time.ts';
import type { DocumentSource, SearchDocument, SearchKind } from './documents.ts';
import { createSearchRepository } from './repository.ts';
import { createSearch, type Search } from './service.ts';
import { within1s } from '../testing/within.ts';

/** Nodes of a cluster: one database, one data folder on shared storage, a Redis bus each. */
const REDIS = process.env.RUNNEL_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const SEEDED = 3_000;

const track = (i: number, title = `Seeded ${i % 97} Song`): SearchDocument => ({
  id: `t${String(i).padStart(5, '0')}`,
  kind: 'track',
  title,
  artists: [`Band ${i % 31}`],
  popularity: i % 100,
});

/** The catalogue stand-in each node reads on `catalog.changed`; `asked` counts its reads. */
function catalogue() {
  const docs = new Map<string, SearchDocument>();
  const source = {
    asked: 0,
    kinds: ['track'] as SearchKind[],
    async *documents(kind: SearchKind, ids?: readonly string[]) {
      source.asked++;
      yield [...docs.values()].filter((d) => d.kind === kind && (!ids || ids.includes(d.id)));
    },
  } satisfies DocumentSource & { asked: number };
  return { docs, source };
}

describe(`search across nodes (${testDbKind}, Redis bus, shared data folder)`, () => {
  let database: TestDatabase;
  let dataDir: string;
  const started: Array<{ search: Search; bus: EventBus }> = [];
  const shared = catalogue();

  const startNode = async (source: DocumentSource) => {
    const bus = await createRedisBus(REDIS);
    const errors: unknown[] = [];
    const search = createSearch({
      db: database.db,
      events: bus,
      sources: [source],
      now: systemClock.now,
      indexDir: join(dataDir, 'search'),
      onError: (e) => errors.push(e),
    });
    started.push({ search, bus });
    return { search, bus, errors, loading: search.start() };
  };
  /** Every track the query finds, page by page (a node may take more edits while another loads than one page holds). */
  const ids = async (search: Search, q: string) => {
    const found: string[] = [];
    for (let offset = 0; ; offset += 50) {
      const hits = (await search.query({ q, kinds: ['track'], limit: 50, offset })).results.track!.hits;
      found.push(...hits.map((h) => h.id));
      if (hits.length < 50) return found.sort();
    }
  };

  before(async () => {
    database = await testDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'runnel-search-nodes-'));
    const repo = createSearchRepository(database.db);
    const seed = Array.from({ length: SEEDED }, (_, i) => track(i));
    await repo.upsert(seed, 0);
    for (const doc of seed) shared.docs.set(doc.id, doc);
  });
  after(async () => {
    for (const { search, bus } of started) {
      search.close();
      await bus.close();
    }
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let a: Awaited<ReturnType<typeof startNode>>;
  let b: Awaited<ReturnType<typeof startNode>>;
  const sourceOfB = catalogue();

  test('a new node reads the saved index and the rows changed since, and answers with the latest edits and removals', async () => {
    a = await startNode(shared.source);
    await a.loading;
    await a.search.saved();
    assert.equal(a.search.stats().loads.track?.from, 'table', 'the first node builds from the table and saves');

    await a.search.upsert([track(1, 'Edited Marmalade'), track(2, 'Edited Marmalade Two'), track(SEEDED + 1, 'Added Marmalade')]);
    await a.search.remove([track(3).id, track(4).id], 'track');
    await a.search.remove([track(5).id], 'track');
    await a.search.upsert([track(5, 'Returned Marmalade')]);

    // B's own source is empty: what it answers comes from the file and the table.
    for (const doc of shared.docs.values()) sourceOfB.docs.set(doc.id, doc);
    b = await startNode(sourceOfB.source);
    await b.loading;
    assert.deepEqual(b.errors, []);
    assert.deepEqual(b.search.stats().loads.track, { from: 'file', generation: 1, removed: 3, stored: 4 }, 'not rebuilt from the table');
    assert.deepEqual(await ids(b.search, 'marmalade'), [track(1).id, track(2).id, track(5).id, track(SEEDED + 1).id]);
    const seeded3 = await ids(b.search, 'seeded 3 song');
    assert.ok(seeded3.length > 10 && !seeded3.includes(track(3).id), 'track 3 was removed since the file');
    assert.deepEqual(seeded3, await ids(a.search, 'seeded 3 song'));
    assert.deepEqual(await ids(b.search, 'seeded 4 song'), (await ids(a.search, 'seeded 4 song')).sort());
    assert.equal(b.search.stats().documents.track, a.search.stats().documents.track);
  });

  test('an edit on one node is searchable on the other within 1 s, and written once', async () => {
    const writes = await createSearchRepository(database.db).generation('track');
    shared.docs.set(track(7).id, track(7, 'Quokka Overture'));
    const askedOnB = sourceOfB.source.asked;
    await a.bus.publish({ type: 'catalog.changed', data: { kind: 'track', ids: [track(7).id] } });
    assert.deepEqual(await within1s(() => ids(b.search, 'quokka'), [track(7).id]), [track(7).id], 'found on B within 1 s');
    assert.deepEqual(await within1s(() => ids(a.search, 'quokka'), [track(7).id]), [track(7).id], 'and on A');
    await b.search.settled();
    assert.equal(sourceOfB.source.asked, askedOnB, 'B did not re-read the catalogue: A wrote the rows');
    assert.equal(await createSearchRepository(database.db).generation('track'), writes + 1, 'one write');

    await b.search.remove([track(7).id], 'track');
    assert.deepEqual(await within1s(() => ids(a.search, 'quokka'), []), [], 'a removal on B is gone on A within 1 s');
  });

  test('a node that starts while edits keep coming misses none of them', async (context) => {
    let writing = true;
    let written = 0;
    const edits = (async () => {
      while (writing || written < 40) {
        await a.search.upsert([track(10_000 + written, `Wombat Chorus ${written}`)]);
        if (written % 5 === 4) await a.search.remove([track(100 + written).id], 'track');
        written++;
      }
    })();
    const c = await startNode(catalogue().source);
    const before = written;
    await c.loading;
    context.diagnostic(`${written - before} edits made while the new node loaded`);
    writing = false;
    await edits;
    const all = Array.from({ length: written }, (_, i) => track(10_000 + i).id).sort();
    assert.deepEqual(await within1s(() => ids(c.search, 'wombat chorus'), all), all, `all ${written} edits found on the new node`);
    const count = a.search.stats().documents.track;
    assert.equal(await within1s(() => c.search.stats().documents.track, count), count, 'and every removal');
    assert.equal(c.search.stats().loads.track?.from, 'file');
  });
});
