import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedWhileRunning } from './in-flight.ts';

test('calls for a key while its lookup runs share it; later calls and failures are not kept', async () => {
  let calls = 0;
  let fail = false;
  const lookup = sharedWhileRunning(async (key: string) => {
    calls += 1;
    await new Promise((r) => setTimeout(r, 10));
    if (fail) throw new Error('gone');
    return `${key}:${calls}`;
  });
  assert.deepEqual(await Promise.all([lookup('a'), lookup('a'), lookup('b')]), ['a:2', 'a:2', 'b:2']);
  assert.equal(calls, 2, 'one lookup per key');
  assert.equal(await lookup('a'), 'a:3', 'a settled lookup is not reused');
  fail = true;
  await assert.rejects(Promise.all([lookup('a'), lookup('a')]), /gone/);
  fail = false;
  assert.equal(await lookup('a'), 'a:5', 'a failure is not kept');
});
