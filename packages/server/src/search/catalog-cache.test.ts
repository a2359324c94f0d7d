import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInProcessBus } from '../events/bus.ts';
import { cachedCatalogDetails } from './catalog-cache.ts';
import type { CatalogDetails } from './routes.ts';

/** A catalogue whose track names can change, counting the ids it is asked for. */
function fakeCatalog() {
  const names = new Map([
    ['t1', 'One'],
    ['t2', 'Two'],
  ]);
  const asked: string[] = [];
  let hold: Promise<void> | undefined;
  const catalog: CatalogDetails = {
    async tracks(ids) {
      asked.push(...ids);
      const rows = ids.map((id) => (names.has(id) ? { id, duration_ms: 1000, artists: [], album: { id: 'a1', name: names.get(id)!, images: [] } } : null));
      await hold;
      return rows;
    },
    albums: async (ids) => ids.map(() => null),
  };
  return { names, asked, catalog, holdReads: (until: Promise<void> | undefined) => (hold = until) };
}

describe('catalogue rows for search results', () => {
  test('are read once, and again after any catalogue change', async () => {
    const events = createInProcessBus();
    const fake = fakeCatalog();
    const { details, close } = cachedCatalogDetails(fake.catalog, events);
    assert.deepEqual(
      (await details.tracks(['t1', 'x'])).map((r) => r?.album.name ?? null),
      ['One', null],
    );
    assert.deepEqual(
      (await details.tracks(['x', 't1', 't2'])).map((r) => r?.album.name ?? null),
      [null, 'One', 'Two'],
    );
    assert.deepEqual(fake.asked, ['t1', 'x', 't2'], 'only what was not read before');
    fake.names.set('t1', 'Uno');
    await events.publish({ type: 'catalog.changed', users: [], data: { changed: { tracks: ['t1'] } } });
    assert.equal((await details.tracks(['t1']))[0]?.album.name, 'Uno');
    close();
  });

  test('a read that raced a change is answered but not kept', async () => {
    const events = createInProcessBus();
    const fake = fakeCatalog();
    const { details, close } = cachedCatalogDetails(fake.catalog, events);
    let release = () => {};
    fake.holdReads(new Promise<void>((resolve) => (release = resolve)));
    const racing = details.tracks(['t1']);
    fake.names.set('t1', 'Uno');
    await events.publish({ type: 'catalog.changed', users: [], data: {} });
    release();
    assert.equal((await racing)[0]?.album.name, 'One', 'read before the change');
    fake.holdReads(undefined);
    assert.equal((await details.tracks(['t1']))[0]?.album.name, 'Uno', 'not served from the cache');
    close();
  });

  test('when full, the least recently used rows go, not all of them', async () => {
    const fake = fakeCatalog();
    const { details, close } = cachedCatalogDetails(fake.catalog, createInProcessBus(), 2);
    await details.tracks(['t1', 't2']);
    await details.tracks(['t1']);
    await details.tracks(['x']);
    await details.tracks(['t1', 't2']);
    assert.deepEqual(fake.asked, ['t1', 't2', 'x', 't2'], 't1 stayed; t2, least recently used, went');
    close();
  });
});
