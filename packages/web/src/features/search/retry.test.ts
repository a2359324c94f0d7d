import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../api/client.ts';
import { retrySearch, searchRetryDelay, searchStarting } from './retry.ts';

const starting = new ApiError(503, 'search_starting', 'Search is still loading its index');

test('while search is starting, the player keeps asking every 2 s for two minutes', () => {
  assert.ok(searchStarting(starting));
  assert.ok(retrySearch(0, starting) && retrySearch(59, starting));
  assert.ok(!retrySearch(60, starting));
  assert.equal(searchRetryDelay(5, starting), 2_000);
});

test('other failures: twice with back-off for server errors, never for a bad request', () => {
  const broken = new ApiError(500, 'internal_error', 'boom');
  assert.ok(retrySearch(0, broken) && retrySearch(1, broken) && !retrySearch(2, broken));
  assert.deepEqual(
    [0, 1].map((n) => searchRetryDelay(n, broken)),
    [1_000, 2_000],
  );
  assert.ok(!retrySearch(0, new ApiError(400, 'invalid_request', 'bad')));
  assert.ok(retrySearch(0, new TypeError('Failed to fetch')), 'a network error is tried again');
});
