import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp, type TestUser } from '../testing/app.ts';
import { markedWords } from './exact-marks.ts';

describe('search in Swedish: typed å, ä, ö find their own letters first', () => {
  let t: TestApp;
  let u: TestUser;
  const names = async (q: string, language: string, type = 'track') => {
    const response = await t.http.inject({
      method: 'GET',
      url: `/api/v1/search?${new URLSearchParams({ q, type })}`,
      headers: { ...u.auth, 'accept-language': language },
    });
    assert.equal(response.statusCode, 200);
    const body = response.json();
    return {
      items: (body[`${type}s`].items as { name: string }[]).map((i) => i.name),
      best: body.best_match?.item.name as string | undefined,
      total: body[`${type}s`].total as number,
    };
  };

  before(async () => {
    t = await testApp();
    u = await t.makeUser();
    // The plain spellings are far more played: language-neutral ranking puts them first.
    await t.search.upsert([
      { id: 'tr1', kind: 'track', title: 'Ostlig vind', artists: ['Band'], album: 'Vind', popularity: 90 },
      { id: 'tr2', kind: 'track', title: 'Östlig vind', artists: ['Band'], album: 'Vind', popularity: 10 },
      { id: 'tr3', kind: 'track', title: 'Har du sett', artists: ['Band'], album: 'Vind', popularity: 80 },
      { id: 'tr4', kind: 'track', title: 'Här du sett', artists: ['Band'], album: 'Vind', popularity: 5 },
    ]);
  });
  after(() => t.close());

  test('only the words with marks count as typed with marks', () => {
    assert.deepEqual(markedWords('Östlig vind'), ['östlig']);
    assert.deepEqual(markedWords('ostlig'), []);
    assert.deepEqual(markedWords('Beyoncé här'), ['beyoncé', 'här']);
  });

  test('in Swedish, "öst" ranks Östlig first; "ost" still finds both, and English keeps the neutral order', async () => {
    const sv = await names('öst', 'sv-SE');
    assert.deepEqual(sv.items, ['Östlig vind', 'Ostlig vind']);
    assert.equal(sv.best, 'Östlig vind');
    assert.equal(sv.total, 2);
    assert.deepEqual((await names('ost', 'sv-SE')).items, ['Ostlig vind', 'Östlig vind'], 'typing o still finds ö');
    assert.deepEqual((await names('öst', 'en-GB')).items, ['Ostlig vind', 'Östlig vind'], 'search itself is language-neutral');
    assert.deepEqual((await names('här du', 'sv')).items, ['Här du sett', 'Har du sett']);
  });

  test("the listener's own choice of language wins over the browser's", async () => {
    assert.equal((await t.http.inject({ method: 'PATCH', url: '/api/v1/me', headers: u.auth, payload: { language: 'sv' } })).statusCode, 200);
    assert.deepEqual((await names('öst', 'en-US')).items, ['Östlig vind', 'Ostlig vind']);
  });
});
