import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LANGUAGES, type Language } from '@runnel/api';
import { collationKey, compareIndexLetters, indexLetter, sortByName } from './collation.ts';
import { bestLanguage, listenerLanguage } from './negotiate.ts';

const byKey = (language: Language) => (a: string, b: string) => {
  const [x, y] = [collationKey(a, language), collationKey(b, language)];
  return x < y ? -1 : x > y ? 1 : 0;
};

// Names as libraries have them: accents, ligatures, case, digits, punctuation, other scripts.
const NAMES = [
  ...['Zappa', 'Åslund', 'Ärlig', 'Östlund', 'Västerbron', 'Wilco', 'Abba', 'Oasis', 'ABBA', 'abba', 'Äbba', 'Aerosmith', 'Æther', 'Øystein'],
  ...['Über', 'Ulf', 'Yello', 'Zz Top', 'Zäta', 'Ølvis', 'Édith Piaf', 'Eels', 'Straße', 'Strauss', 'Strand', '10cc', '2Pac', '!!!', 'AC/DC'],
  ...['a-ha', 'A Tribe', 'Ökenfolk', 'Ödmjuk', 'Åka', 'Ängel', 'Vasa', 'Wasa', 'Björk', 'Bjorn', 'Mötley Crüe', 'Sigur Rós', 'Dżem', 'Łona'],
  ...['Черный', 'Ελλάδα', '日本語', 'Ångström', 'Ånglok', 'Åhlén', 'Ähnlich', 'Ørsted', 'Sæter', 'Saab', 'Søren', 'Sören', 'Sorbet'],
];

describe('collation keys', () => {
  for (const language of LANGUAGES) {
    test(`${language}: sorting by key is Intl.Collator's order (CLDR) at the first level`, () => {
      const collator = new Intl.Collator(language, { sensitivity: 'base' });
      const sorted = [...NAMES].sort(byKey(language));
      for (let i = 1; i < sorted.length; i++) {
        assert.ok(collator.compare(sorted[i - 1]!, sorted[i]!) <= 0, `${language}: ${sorted[i - 1]} before ${sorted[i]}`);
      }
    });
  }

  test('issue 22: Å, Ä, Ö after Z in Swedish, V and W apart; folded into A and O in English', () => {
    const names = ['Zappa', 'Åslund', 'Ärlig', 'Östlund', 'Västerbron', 'Wilco', 'Abba', 'Oasis'];
    assert.deepEqual([...names].sort(byKey('sv')), ['Abba', 'Oasis', 'Västerbron', 'Wilco', 'Zappa', 'Åslund', 'Ärlig', 'Östlund']);
    assert.deepEqual([...names].sort(byKey('en')), ['Abba', 'Ärlig', 'Åslund', 'Oasis', 'Östlund', 'Västerbron', 'Wilco', 'Zappa']);
  });

  test('a leading "The" is ignored, as before; equal names tie-break on accents', () => {
    assert.deepEqual(['The Wilco', 'Abba', 'The Zappa'].sort(byKey('en')), ['Abba', 'The Wilco', 'The Zappa']);
    assert.deepEqual(['Ärlig', 'Arlig'].sort(byKey('en')), ['Arlig', 'Ärlig']);
    assert.notEqual(collationKey('Ärlig', 'en'), collationKey('Arlig', 'en'));
  });

  test('index letters: the language’s own letters, folded ones under their base, else #', () => {
    assert.deepEqual(
      ['Åslund', 'Ärlig', 'Östlund', 'Æther', 'Øystein', 'Über', 'The Wilco', '10cc', '日本語'].map((n) => indexLetter(n, 'sv')),
      ['Å', 'Ä', 'Ö', 'Ä', 'Ö', 'Y', 'W', '#', '#'],
    );
    assert.deepEqual(
      ['Åslund', 'Ärlig', 'Östlund', 'Æther', 'Øystein', 'Über', 'The Wilco', '10cc', '日本語'].map((n) => indexLetter(n, 'en')),
      ['A', 'A', 'O', 'A', 'O', 'U', 'W', '#', '#'],
    );
    assert.deepEqual(
      ['#', 'Ö', 'Z', 'Å', 'A', 'Ä'].sort((a, b) => compareIndexLetters(a, b, 'sv')),
      ['A', 'Z', 'Å', 'Ä', 'Ö', '#'],
    );
  });

  test('sortByName: the keys’ order, names equal in every way by id, the input left alone', () => {
    const items = [
      { id: 'c', name: 'Åka' },
      { id: 'b', name: 'Mix' },
      { id: 'a', name: 'Mix' },
      { id: 'd', name: 'Zappa' },
    ];
    assert.deepEqual(
      sortByName(items, 'sv').map((i) => i.id),
      ['a', 'b', 'd', 'c'],
    );
    assert.deepEqual(
      sortByName(items, 'en').map((i) => i.id),
      ['c', 'a', 'b', 'd'],
    );
    assert.deepEqual(
      items.map((i) => i.id),
      ['c', 'b', 'a', 'd'],
    );
  });
});

describe('the listener’s language', () => {
  test('Accept-Language: the best supported by q-value then order, regions matching their language, q=0 refusing', () => {
    assert.equal(bestLanguage(undefined), 'en');
    assert.equal(bestLanguage(''), 'en');
    assert.equal(bestLanguage('sv-SE,sv;q=0.9,en-US;q=0.8'), 'sv');
    assert.equal(bestLanguage('de-DE,de;q=0.9,sv;q=0.5,en;q=0.4'), 'sv');
    assert.equal(bestLanguage('en;q=0.5, sv;q=0.8'), 'sv');
    assert.equal(bestLanguage('sv;q=0, en'), 'en');
    assert.equal(bestLanguage('fr, *'), 'en');
    assert.equal(bestLanguage('SV'), 'sv');
    assert.equal(bestLanguage('sv;q=nonsense'), 'sv');
  });

  test('a chosen language wins over the header', () => {
    assert.equal(listenerLanguage('sv', 'en'), 'sv');
    assert.equal(listenerLanguage(null, 'sv'), 'sv');
    assert.equal(listenerLanguage(undefined, undefined), 'en');
  });
});
