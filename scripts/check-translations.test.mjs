import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { checkSet } from './check-translations.mjs';

const fixture = (name) => ({
  messages: fileURLToPath(new URL(`i18n-fixtures/${name}/messages`, import.meta.url)),
  source: fileURLToPath(new URL(`i18n-fixtures/${name}/src`, import.meta.url)),
});
const script = fileURLToPath(new URL('check-translations.mjs', import.meta.url));
const run = (set) => spawnSync(process.execPath, [script, set.messages, set.source], { encoding: 'utf8' });

test('a complete catalogue set passes', () => {
  assert.deepEqual(checkSet(fixture('complete')), []);
  const result = run(fixture('complete'));
  assert.equal(result.status, 0, result.stderr);
});

test('a key missing in Swedish fails the check, naming the language and the key', () => {
  const result = run(fixture('missing-key'));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /sv\.json: "queue\.count" is missing/);
});

test('an unused key and placeholders that differ from English fail it too', () => {
  const problems = checkSet(fixture('bad'));
  assert.ok(
    problems.some((p) => /"sidebar\.unused" is used nowhere/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /sv\.json: "queue\.count" has placeholders \{antal:text\}, English has \{count:plural\}/.test(p)),
    problems.join('\n'),
  );
  assert.equal(problems.length, 2, problems.join('\n'));
});

test("the project's own catalogues pass", () => {
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) });
  assert.equal(result.status, 0, result.stderr);
});
