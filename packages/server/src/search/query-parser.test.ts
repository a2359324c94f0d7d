import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_WORD_LENGTH, MAX_WORDS, parseQuery } from './query-parser.ts';

test('the parser caps what it is handed: query length, word count and word length', () => {
  const started = performance.now();
  const huge = parseQuery('a'.repeat(100_000));
  assert.equal(huge.words.length, 1);
  assert.equal(huge.words[0]!.text.length, MAX_WORD_LENGTH);
  assert.equal(parseQuery('word '.repeat(50_000)).words.length, MAX_WORDS);
  assert.equal(
    parseQuery(`${'x '.repeat(600)}artist:late`).words.every((w) => w.text === 'x'),
    true,
    'text past the cap is not read',
  );
  assert.ok(performance.now() - started < 500);
});
