import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActiveCredentials, PrincipalCache, revokes, type Principal } from './credentials.ts';

test('a credential is looked up once while it stands, and again once a revocation names it', async () => {
  let clock = 1_000_000;
  const valid = new Map([
    ['sA', clock + 3_600_000],
    ['tB', Infinity],
  ]);
  let lookups = 0;
  const active = new ActiveCredentials(
    async (userId, credential) => {
      lookups += 1;
      return userId === 'u1' ? valid.get(credential) : undefined;
    },
    () => clock,
  );

  const answers = await Promise.all(Array.from({ length: 1000 }, () => active.check('u1', 'sA')));
  assert.ok(answers.every(Boolean));
  assert.equal(await active.check('u1', 'tB'), true);
  assert.equal(lookups, 2, 'requests arriving together share one lookup; later ones answer from memory');

  valid.delete('sA');
  active.forget({ user_id: 'u1', scope: 'only', credentials: ['sA'] });
  assert.equal(await active.check('u1', 'sA'), false);
  assert.equal(await active.check('u1', 'tB'), true);
  assert.equal(lookups, 3, 'only the named credential was dropped');

  assert.equal(await active.check('u2', 'tB'), false, 'another user is looked up, not answered from memory');
  assert.equal(lookups, 4);
  assert.equal(await active.check('u1', 'tB'), true);
  const before = lookups;
  clock += 61_000;
  assert.equal(await active.check('u1', 'tB'), true);
  assert.equal(lookups, before + 1, 'answers are trusted for a minute at most');
});

test('an expired session stands no longer, even when it was cached', async () => {
  let clock = 0;
  const active = new ActiveCredentials(
    async () => 30_000,
    () => clock,
  );
  assert.equal(await active.check('u1', 'sA'), true);
  clock = 30_001;
  assert.equal(await active.check('u1', 'sA'), false);
});

test('which credentials a revocation ends', () => {
  assert.equal(revokes({ user_id: 'u1', scope: 'only', credentials: ['sA'] }, 'u1', 'sA'), true);
  assert.equal(revokes({ user_id: 'u1', scope: 'only', credentials: ['sA'] }, 'u1', 'sB'), false);
  assert.equal(revokes({ user_id: 'u1', scope: 'only', credentials: ['sA'] }, 'u2', 'sA'), false);
  assert.equal(revokes({ user_id: 'u1', scope: 'sessions', except: 'sA' }, 'u1', 'sA'), false);
  assert.equal(revokes({ user_id: 'u1', scope: 'sessions', except: 'sA' }, 'u1', 'sB'), true);
  assert.equal(revokes({ user_id: 'u1', scope: 'sessions' }, 'u1', 'tB'), false, 'API tokens outlive a password change');
  assert.equal(revokes({ user_id: 'u1', scope: 'all' }, 'u1', 'tB'), true);
});

test('a full principal cache drops the least recently used entry only', () => {
  const cache = new PrincipalCache(() => 0, 2);
  const principal = (id: string) => ({ user: { id } }) as unknown as Principal;
  cache.set('h1', principal('u1'), Infinity);
  cache.set('h2', principal('u2'), Infinity);
  assert.ok(cache.get('h1'));
  cache.set('h3', principal('u3'), Infinity);
  assert.ok(cache.get('h1'));
  assert.ok(cache.get('h3'));
  assert.equal(cache.get('h2'), undefined);
});
