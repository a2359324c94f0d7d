import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../src/testing/app.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

const login = (password: string, remoteAddress: string) =>
  t.http.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username: 'guru', password } });

test('a burst of wrong passwords is throttled; the right password from another address still works', async () => {
  await t.makeUser({ username: 'guru', password: 'jazzmatazz-vol-1' });
  const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`wrong-${i}`, '203.0.113.9')));
  const codes = burst.map((r) => r.statusCode);
  assert.ok(codes.every((c) => c === 401 || c === 429), `unexpected ${codes}`);
  assert.ok(codes.filter((c) => c === 401).length <= 5, `only 5 guesses may be checked, ${codes.filter((c) => c === 401).length} were`);
  const limited = burst.find((r) => r.statusCode === 429)!;
  assert.equal(limited.json().error.code, 'too_many_attempts');
  assert.ok(Number(limited.headers['retry-after']) > 0);

  const rightFromAttacker = await login('jazzmatazz-vol-1', '203.0.113.9');
  assert.equal(rightFromAttacker.statusCode, 429, 'the guessing address stays locked, even with the right password');

  const owner = await login('jazzmatazz-vol-1', '198.51.100.7');
  assert.equal(owner.statusCode, 200, 'the owner signs in from elsewhere');
});

test('one address spraying many usernames is throttled too', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 35; i++) {
    const r = await t.http.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.50', payload: { username: `spray${i}`, password: 'x' } });
    codes.push(r.statusCode);
  }
  assert.equal(codes.at(-1), 429);
});
