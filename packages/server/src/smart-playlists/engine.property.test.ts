import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import { SmartDefinition } from '@runnel/api';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { bruteForce } from './brute-force.ts';
import { createSmartEngine, type SmartEngine } from './engine.ts';
import { randomDefinition } from './random-rules.ts';
import { randomLibrary, rng, type TrackFacts } from './test-library.ts';

const SEED = Number(process.env.SMART_SEED ?? 20261207);
const CASES = Number(process.env.SMART_CASES ?? (process.env.RUNNEL_TEST_DB ? 300 : 500));
const valid = new Ajv({ strict: false }).compile(SmartDefinition);

describe(`smart playlist engine against a brute-force filter (seed ${SEED})`, () => {
  let t: TestApp;
  let u: TestUser;
  let engine: SmartEngine;
  let facts: TrackFacts[];
  let now: number;
  const random = rng(SEED);

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    const other = await t.makeUser();
    ({ facts, now } = await randomLibrary(t, random, 320, u.me.id, other.me.id));
    engine = createSmartEngine({ db: t.database.db, dbKind: t.database.kind, now: () => t.clock.now() });
  });
  after(() => t.close());

  test(`${CASES} random rule sets select what the brute force selects, in its order`, async () => {
    let nonEmpty = 0;
    for (let i = 0; i < CASES; i++) {
      const definition = randomDefinition(random, facts, now);
      const context = `case ${i}: ${JSON.stringify(definition)}`;
      assert.ok(valid(definition), `${context}\n${JSON.stringify(valid.errors)}`);
      const expected = bruteForce(definition, facts, now);
      const count = await engine.count(u.me.id, definition);
      assert.equal(count.matched, expected.matched, context);
      assert.equal(count.total, expected.ids.length, context);
      const { ids, total } = await engine.page(u.me.id, definition, 0, 10_000);
      assert.equal(total, expected.ids.length, context);
      if (definition.sort?.some((k) => k.field === 'random')) {
        // A random order: the same tracks (all of them, or `limit` of those matched).
        const matched = new Set(bruteForce({ rules: definition.rules }, facts, now).ids);
        assert.equal(new Set(ids).size, ids.length, context);
        assert.ok(
          ids.every((id) => matched.has(id)),
          context,
        );
        if (definition.limit === undefined) assert.deepEqual([...ids].sort(), [...expected.ids].sort(), context);
      } else {
        assert.deepEqual(ids, expected.ids, context);
        // A page from the middle is the same slice.
        const offset = Math.floor(random() * (ids.length + 2));
        const page = await engine.page(u.me.id, definition, offset, 7);
        assert.deepEqual(page.ids, expected.ids.slice(offset, offset + 7), `${context} (offset ${offset})`);
      }
      if (expected.matched > 0 && expected.matched < facts.length) nonEmpty += 1;
    }
    // The generator is worth something only if most cases split the library.
    assert.ok(nonEmpty > CASES / 3, `only ${nonEmpty} of ${CASES} cases matched some but not all tracks`);
  });

  test('through the API: the live count, and a smart playlist made of random rules reads as the brute force says', async () => {
    for (let i = 0; i < 15; i++) {
      const definition = randomDefinition(random, facts, now);
      if (definition.sort?.some((k) => k.field === 'random')) continue;
      const expected = bruteForce(definition, facts, now);
      const counted = await t.http.inject({ method: 'POST', url: '/api/v1/me/smart-playlists/count', headers: u.auth, payload: { definition } });
      assert.equal(counted.statusCode, 200, counted.body);
      assert.deepEqual(counted.json(), { matched: expected.matched, total: expected.ids.length });
      const made = await t.http.inject({ method: 'POST', url: '/api/v1/me/smart-playlists', headers: u.auth, payload: { name: `Case ${i}`, definition } });
      assert.equal(made.statusCode, 201, made.body);
      const id = made.json().id as string;
      const read = await t.http.inject({ method: 'GET', url: `/api/v1/playlists/${id}/tracks?limit=50`, headers: u.auth });
      assert.equal(read.statusCode, 200, read.body);
      const body = read.json() as { total: number; items: { track: { id: string } }[] };
      assert.equal(body.total, expected.ids.length);
      assert.deepEqual(
        body.items.map((item) => item.track.id),
        expected.ids.slice(0, 50),
      );
    }
  });
});
