import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNames } from './collate.ts';

test('names sort as the player’s language does: Å, Ä, Ö after Z in Swedish, with A and O in English', () => {
  const names = ['Zappa', 'Åslund', 'Ärlig', 'Östlund', 'Västerbron', 'Wilco', 'Abba', 'Oasis'];
  assert.deepEqual([...names].sort(compareNames('sv')), ['Abba', 'Oasis', 'Västerbron', 'Wilco', 'Zappa', 'Åslund', 'Ärlig', 'Östlund']);
  assert.deepEqual([...names].sort(compareNames('en')), ['Abba', 'Ärlig', 'Åslund', 'Oasis', 'Östlund', 'Västerbron', 'Wilco', 'Zappa']);
});
