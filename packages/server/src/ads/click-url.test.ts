import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkClickUrl } from './click-url.ts';

test('an absolute https URL is kept, normalised', () => {
  assert.equal(checkClickUrl('https://shop.example/summer?utm=runnel#deals'), 'https://shop.example/summer?utm=runnel#deals');
  assert.equal(checkClickUrl('  HTTPS://Shop.Example/a b '), 'https://shop.example/a%20b');
  assert.equal(checkClickUrl('https://shop.example'), 'https://shop.example/');
});

test('anything but an absolute https URL without credentials is refused', () => {
  for (const url of [
    'http://shop.example/',
    'javascript:alert(1)',
    'JavaScript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://shop.example/',
    '/summer-sale',
    'shop.example/summer',
    '//shop.example/summer',
    '',
    'https://user:secret@shop.example/',
    'https://runnel.example@evil.example/',
    'https://shop.example/\u0000',
    'https://shop.ex\nample/',
    `https://shop.example/${'a'.repeat(2000)}`,
  ]) {
    assert.throws(() => checkClickUrl(url), { name: 'AppError', code: 'ad_url_invalid', status: 400 }, url);
  }
});
