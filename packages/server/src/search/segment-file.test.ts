import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInProcessBus } from '../events/bus.ts';
import { systemClock } from '../time.ts';
import { testDatabase, testDbKind, type TestDatabase } from '../testing/database.ts';
import type { SearchDocument } from './documents.ts';
import { evaluate } from './evaluate.ts';
import { parseQuery } from './query-parser.ts';
import { createSearchRepository } from './repository.ts';
import { segmentOf } from './segment-build.ts';
import { readSegmentFile, writeSegmentFile } from './segment-file.ts';
import { createSearch } from './service.ts';

const docs: SearchDocument[] = [
  { id: 'tr1', kind: 'track', title: 'Do-Wah-Doo', artists: ['Kate Nash'], album: 'Made of Bricks', year: 2007, popularity: 10 },
  { id: 'tr2', kind: 'track', title: 'Fembot', artists: ['Robyn'], album: 'Body Talk Pt. 1', year: 2010, popularity: 20 },
  { id: 'tr3', kind: 'track', title: 'Kröcher 夜に駆ける', artists: ['Åslund'], genres: ['pop'], popularity: 5 },
  { id: 'tr4', kind: 'track', title: 'Hidden', artists: ['Robyn'], popularity: 30, visibility: { public: false, users: ['u1'] } },
];

describe('saved segments', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'runnel-segment-file-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a segment read back answers exactly as the one written', async () => {
    const segment = segmentOf('track', docs);
    const path = join(dir, 'track.segment');
    await writeSegmentFile(path, segment, { kind: 'track', generation: 7 });
    const read = await readSegmentFile(path, { kind: 'track', generation: 7 });
    assert.ok(read);
    assert.deepEqual(read.ids, segment.ids);
    assert.deepEqual(read.terms, segment.terms);
    assert.deepEqual(read.parts(), segment.parts());
    assert.deepEqual(read.audiences, segment.audiences);
    for (const q of ['robyn', 'kroecher', '夜', 'do wah', 'fembto', 'r']) {
      for (const userId of [undefined, 'u1']) {
        assert.deepEqual(evaluate(read, parseQuery(q), { k: 10, userId }), evaluate(segment, parseQuery(q), { k: 10, userId }), q);
      }
    }
    assert.equal(read.find('tr3'), segment.find('tr3'));
  });

  test('a file of another generation or kind, a damaged file and no file read as nothing', async () => {
    const path = join(dir, 'stale.segment');
    await writeSegmentFile(path, segmentOf('track', docs), { kind: 'track', generation: 3 });
    assert.equal(await readSegmentFile(path, { kind: 'track', generation: 4 }), undefined);
    assert.equal(await readSegmentFile(path, { kind: 'album', generation: 3 }), undefined);
    const bytes = readFileSync(path);
    bytes[bytes.length - 20]! ^= 0xff;
    writeFileSync(path, bytes);
    assert.equal(await readSegmentFile(path, { kind: 'track', generation: 3 }), undefined);
    assert.equal(await readSegmentFile(join(dir, 'none.segment'), { kind: 'track', generation: 3 }), undefined);
  });
});

describe(`search start-up from a saved index (${testDbKind})`, () => {
  let database: TestDatabase;
  let dir: string;
  before(async () => {
    database = await testDatabase();
    dir = mkdtempSync(join(tmpdir(), 'runnel-search-saved-'));
  });
  after(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const started = async () => {
    const errors: unknown[] = [];
    const search = createSearch({ db: database.db, events: createInProcessBus(), now: systemClock.now, indexDir: dir, onError: (error) => errors.push(error) });
    await search.start();
    await search.saved();
    assert.deepEqual(errors, []);
    return search;
  };
  const titles = async (search: Awaited<ReturnType<typeof started>>, q: string) =>
    (await search.query({ q, kinds: ['track'], limit: 10, offset: 0 })).results.track!.hits.map((h) => h.id);

  test('is used while the table is unchanged, and not once it changed', async () => {
    const first = await started();
    await first.upsert(docs);
    first.close();

    // Built from the table (the upsert changed it), then saved.
    const second = await started();
    assert.deepEqual(await titles(second, 'robyn'), ['tr2']);
    second.close();

    // A row changed behind search's back (no generation raised): the saved index is what answers.
    const repo = createSearchRepository(database.db);
    await database.db.updateTable('search_documents').set({ title: 'Changed Behind' }).where('id', '=', 'tr2').execute();
    const third = await started();
    assert.deepEqual(await titles(third, 'fembot'), ['tr2'], 'read from the saved file');
    assert.deepEqual(await titles(third, 'behind'), []);
    // A change through search makes the file stale: the next start reads the table.
    await third.upsert([{ ...docs[0]!, title: 'Do Wah Again' }]);
    assert.ok((await repo.generation('track')) > 0);
    third.close();
    const fourth = await started();
    assert.deepEqual(await titles(fourth, 'behind'), ['tr2']);
    assert.deepEqual(await titles(fourth, 'again'), ['tr1']);
    fourth.close();
  });
});
