import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedEdits, fold, foldAlternate, indexTokens, queryWords } from './normalize.ts';
import { Field, parseQuery, TEXT_FIELDS } from './query-parser.ts';

describe('normalisation', () => {
  test('folds case and accents, and spells out special letters', () => {
    assert.equal(fold('Åslund'), 'aslund');
    assert.equal(fold('Felix Kröcher'), 'felix krocher');
    assert.equal(fold('Straße'), 'strasse');
    assert.equal(fold('Ærø'), 'aero');
    assert.equal(fold('Ｆｕｌｌ　ｗｉｄｔｈ'), 'full width');
    assert.equal(foldAlternate('Kröcher'), 'kroecher');
    assert.equal(foldAlternate('Müller'), 'mueller');
    assert.equal(foldAlternate('Øst'), 'oest');
    assert.equal(foldAlternate('plain'), undefined);
  });

  test('indexes both spellings, punctuation parts and their join, numerals both ways', () => {
    assert.deepEqual([...indexTokens('Felix Kröcher').tokens].sort(), ['felix', 'krocher', 'kroecher']);
    assert.deepEqual([...indexTokens('AC/DC').tokens].sort(), ['ac', 'acdc', 'dc']);
    assert.deepEqual([...indexTokens('Do-Wah-Doo').tokens].sort(), ['do', 'doo', 'dowahdoo', 'wah']);
    assert.deepEqual([...indexTokens("Don't").tokens], ['dont']);
    assert.deepEqual([...indexTokens('You Me At Six').tokens].sort(), ['6', 'at', 'me', 'six', 'you']);
    assert.deepEqual([...indexTokens('Volume 1').tokens].sort(), ['1', 'one', 'volume']);
    assert.equal(indexTokens('Do-Wah-Doo').words, 3);
  });

  test('indexes CJK by characters and pairs; a lone character stays exact', () => {
    const { tokens, words } = indexTokens('夜に駆ける');
    assert.ok(tokens.has('夜に') && tokens.has('駆け') && tokens.has('ける'));
    assert.ok(!tokens.has('夜'), 'inside a run a character is only a prefix match');
    assert.equal(words, 4);
    assert.ok(indexTokens('光').tokens.has('光'));
    assert.deepEqual(queryWords('夜に駆ける'), ['夜に', 'に駆', '駆け', 'ける']);
    assert.deepEqual(queryWords('宇多田 first'), ['宇多', '多田', 'first']);
  });

  test('query words split on spaces and punctuation', () => {
    assert.deepEqual(queryWords('  Kate NASH, do-wah '), ['kate', 'nash', 'do', 'wah']);
    assert.deepEqual(queryWords('R.E.M.'), ['r', 'e', 'm']);
    assert.deepEqual(queryWords('...'), []);
  });

  test('typo budget: none under 4 letters or with digits, one from 4, two from 8', () => {
    assert.equal(allowedEdits('abc'), 0);
    assert.equal(allowedEdits('robin'), 1);
    assert.equal(allowedEdits('philharmonik'), 2);
    assert.equal(allowedEdits('1999x'), 0);
  });
});

describe('query syntax', () => {
  test('field filters, quoted phrases and years', () => {
    assert.deepEqual(parseQuery('artist:"kate nash" do year:2010'), {
      words: [
        { text: 'kate', fields: Field.artist },
        { text: 'nash', fields: Field.artist },
        { text: 'do', fields: TEXT_FIELDS },
      ],
      year: { from: 2010, to: 2010 },
    });
    assert.deepEqual(parseQuery('year:1999-1990').year, { from: 1990, to: 1999 });
    assert.deepEqual(parseQuery('genre:techno').words, [{ text: 'techno', fields: Field.genre }]);
    assert.deepEqual(parseQuery('album:bloom track:myth').words, [
      { text: 'bloom', fields: Field.album },
      { text: 'myth', fields: Field.title },
    ]);
    assert.deepEqual(
      parseQuery('foo:bar').words.map((w) => w.text),
      ['foo', 'bar'],
    );
    assert.equal(parseQuery('year:abc').year, undefined);
    assert.equal(parseQuery('a b c d e f g h i j k l').words.length, 10);
  });
});
