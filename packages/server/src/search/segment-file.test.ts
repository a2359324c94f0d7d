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
    const saved = await readSegmentFile(path, { kind: 'track', upTo: 7 });
    assert.equal(saved?.generation, 7);
    const read = saved.segment;
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

  test('a file newer than the table or of another kind, a damaged file and no file read as nothing', async () => {
    const path = join(dir, 'stale.segment');
    await writeSegmentFile(path, segmentOf('track', docs), { kind: 'track', generation: 3 });
    assert.equal((await readSegmentFile(path, { kind: 'track', upTo: 4 }))?.generation, 3, 'an older file is read (then caught up)');
    assert.equal(await readSegmentFile(path, { kind: 'track', upTo: 2 }), undefined);
    assert.equal(await readSegmentFile(path, { kind: 'album', upTo: 3 }), undefined);
    const bytes = readFileSync(path);
    bytes[bytes.length - 20]! ^= 0xff;
    writeFileSync(path, bytes);
    assert.equal(await readSegmentFile(path, { kind: 'track', upTo: 3 }), undefined);
    assert.equal(await readSegmentFile(join(dir, 'none.segment'), { kind: 'track', upTo: 3 }), undefined);
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

  test('is read and caught up with what was written since, not rebuilt from the table; a damaged file is', async () => {
    // An empty table: built from it (no file yet) and saved at generation 0.
    const first = await started();
    assert.deepEqual(first.stats().loads.track, { from: 'table', generation: 0 });
    await first.upsert(docs);
    await first.remove(['tr1'], 'track');
    await first.upsert([{ ...docs[1]!, title: 'Fembot Again' }]);
    await first.remove(['tr3'], 'track');
    await first.upsert([docs[2]!]);
    first.close();

    const second = await started();
    assert.deepEqual(
      second.stats().loads.track,
      { from: 'file', generation: 0, removed: 2, stored: 3 },
      'the file and the rows since: tr2–tr4 stored, tr1 and tr3 removed',
    );
    assert.deepEqual(await titles(second, 'again'), ['tr2']);
    assert.deepEqual(await titles(second, 'do wah'), [], 'removed since the file');
    assert.deepEqual(await titles(second, 'kroecher'), ['tr3'], 'removed, then stored again');
    second.close();

    const file = join(dir, 'track.segment');
    const bytes = readFileSync(file);
    bytes[bytes.length - 20]! ^= 0xff;
    writeFileSync(file, bytes);
    const repo = createSearchRepository(database.db);
    const third = await started();
    assert.deepEqual(third.stats().loads.track, { from: 'table', generation: await repo.generation('track') }, 'a damaged file is ignored');
    assert.deepEqual(await titles(third, 'again'), ['tr2']);
    assert.deepEqual(await titles(third, 'do wah'), []);
    third.close();

    const fourth = await started();
    assert.deepEqual(fourth.stats().loads.track, { from: 'file', generation: await repo.generation('track'), removed: 0, stored: 0 }, 'saved again');
    assert.deepEqual(await titles(fourth, 'kroecher'), ['tr3']);
    fourth.close();
  });
});
