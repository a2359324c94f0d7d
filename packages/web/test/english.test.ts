import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { intlFor } from '../src/i18n/translate.ts';
import type { MessageKey } from '../src/i18n/languages.ts';
import { catalogue, englishDetector } from './english.ts';

// The Swedish walks (swedish*.test.ts) find English by englishDetector: these check the
// detector itself, against messages formatted as the player formats them.

const en = catalogue('en');
const detector = englishDetector();

type Values = Record<string, string | number | Date | ((chunks: string[]) => string)>;

/**
 * Values that take a message through each branch of its plurals and selects: a plural with
 * 0, 1 and 5, a select with each of its options (and one it lacks, for `other`); names and
 * numbers as a sample. At most `limit` combinations.
 */
function sampleValues(message: string, limit = 64): Values[] {
  const choices = new Map<string, Values[string][]>();
  const visit = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.plural) choices.set(el.value, [0, 1, 5]);
      else if (el.type === TYPE.select) choices.set(el.value, [...Object.keys(el.options).filter((o) => o !== 'other'), 'zz-other']);
      else if (el.type === TYPE.number) choices.set(el.value, [7]);
      else if (el.type === TYPE.date || el.type === TYPE.time) choices.set(el.value, [new Date(Date.UTC(2026, 4, 17, 12))]);
      else if (el.type === TYPE.tag) choices.set(el.value, [(chunks: string[]) => chunks.join('')]);
      else if (el.type === TYPE.argument && !choices.has(el.value)) choices.set(el.value, ['Zq']);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) visit(option.value);
      if (el.type === TYPE.tag) visit(el.children);
    }
  };
  visit(parse(message));
  let combos: Values[] = [{}];
  for (const [name, values] of choices) combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
  return combos.slice(0, limit);
}

const format = (language: 'en' | 'sv', key: string, values: Values) =>
  [intlFor(language).formatMessage({ id: key as MessageKey }, values)].flat().join('').replace(/\s+/g, ' ').trim();

test('the detector knows every English message, plurals and selects included, however its values read', () => {
  const icu = Object.keys(en).filter((key) => /\{\w+, ?(plural|select)/.test(en[key]!));
  assert.ok(icu.length >= 55, `${icu.length} messages with plurals or selects`);
  assert.ok(detector.english.length > 700, `${detector.english.length} English texts to look for`);
  const missed: string[] = [];
  let checked = 0;
  for (const key of Object.keys(en))
    for (const values of sampleValues(en[key]!)) {
      const english = format('en', key, values);
      const swedish = format('sv', key, values);
      // Said the same in both (or nothing but the values): not English.
      if (english === swedish || !/\p{L}/u.test(english.replaceAll('Zq', ''))) continue;
      checked++;
      if (!detector.which(english)) missed.push(`${key}: ${english}`);
    }
  assert.deepEqual(missed, []);
  assert.ok(checked > 800, `${checked} English texts formatted`);
});

test('the detector takes no Swedish message for English, whatever its values', () => {
  const sv = catalogue('sv');
  const taken: string[] = [];
  for (const key of Object.keys(sv))
    for (const values of sampleValues(en[key]!)) {
      const swedish = format('sv', key, values);
      const found = swedish && detector.which(swedish);
      if (found) taken.push(`${key}: “${swedish}” as ${found.key}: “${found.text}”`);
    }
  assert.deepEqual(taken, []);
});

test('for example: a plural, a select and a nested select read in English are found, in Swedish not', () => {
  for (const [key, values] of [
    ['admin.issues', { count: 3 }],
    ['plans.bitrate', { kbps: 'original' }],
    ['admin.scanning', { phase: 'read', walked: 1, read: 0, speed: 0 }],
  ] as const) {
    assert.equal(detector.which(format('en', key, values))?.key, key, format('en', key, values));
    assert.equal(detector.which(format('sv', key, values)), undefined, format('sv', key, values));
  }
});
