// `npm run check:i18n`: every catalogue of messages against the source that uses it. Fails when
// a key is missing in a language, a key is used nowhere, a message is not valid ICU
// MessageFormat, or a language's placeholders differ from English's (a name, or its kind:
// plural, select, number, date, a rich-text tag). English is the source language.
//
// A catalogue set is a folder of <language>.json files (flat: key → message) and the source
// folder whose files use the keys, each as a quoted literal ('sidebar.home'), so that a search
// finds every use. `node scripts/check-translations.mjs [MESSAGES_DIR SOURCE_DIR]` checks one
// set (the test runs it on a fixture); without arguments, every set of the project.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';

/** The project's catalogues: the web player's, and the public pages' the server renders (a share link's, a shared year). */
const SETS = [
  { messages: 'packages/web/src/i18n/messages', source: 'packages/web/src' },
  { messages: 'packages/server/src/share-links/messages', source: 'packages/server/src/share-links' },
  { messages: 'packages/server/src/history/messages', source: 'packages/server/src/history' },
];
const SOURCE_FILE = /\.(ts|tsx|mts|mjs|js)$/;

/** The placeholders of a message, as `name:kind` (nested plural and select branches included). */
function placeholders(message) {
  const found = new Set();
  const walk = (elements) => {
    for (const el of elements) {
      if (el.type === TYPE.argument) found.add(`${el.value}:text`);
      else if (el.type === TYPE.number) found.add(`${el.value}:number`);
      else if (el.type === TYPE.date || el.type === TYPE.time) found.add(`${el.value}:date`);
      else if (el.type === TYPE.tag) {
        found.add(`<${el.value}>:tag`);
        walk(el.children);
      } else if (el.type === TYPE.plural || el.type === TYPE.select) {
        found.add(`${el.value}:${el.type === TYPE.select ? 'select' : 'plural'}`);
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return found;
}

function sourceFiles(dir, skip) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === skip || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path, skip));
    else if (SOURCE_FILE.test(name) && !/\.test\.(ts|mjs)$/.test(name)) files.push(path);
  }
  return files;
}

/** The problems of one catalogue set, as lines to print; none when it is sound. */
export function checkSet({ messages, source }) {
  const problems = [];
  const languages = readdirSync(messages)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length));
  const catalogues = Object.fromEntries(languages.map((l) => [l, JSON.parse(readFileSync(join(messages, `${l}.json`), 'utf8'))]));
  const english = catalogues.en;
  if (!english) return [`${messages}: no en.json (English is the source language)`];
  const keys = new Set(languages.flatMap((l) => Object.keys(catalogues[l])));

  for (const key of [...keys].sort()) {
    const shapes = {};
    for (const language of languages) {
      const message = catalogues[language][key];
      if (typeof message !== 'string') {
        problems.push(`${language}.json: "${key}" is missing`);
        continue;
      }
      try {
        shapes[language] = [...placeholders(message)].sort().join(', ');
      } catch (error) {
        problems.push(`${language}.json: "${key}" is not valid ICU MessageFormat (${error.message})`);
      }
    }
    for (const language of languages)
      if (language !== 'en' && shapes.en !== undefined && shapes[language] !== undefined && shapes[language] !== shapes.en)
        problems.push(`${language}.json: "${key}" has placeholders {${shapes[language]}}, English has {${shapes.en}}`);
  }

  const text = sourceFiles(source, messages)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const key of Object.keys(english))
    if (!text.includes(`'${key}'`) && !text.includes(`"${key}"`)) problems.push(`${relative('.', messages)}: "${key}" is used nowhere in ${source}`);
  return problems;
}

const args = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  const sets = args.length === 2 ? [{ messages: args[0], source: args[1] }] : SETS;
  const problems = sets.flatMap(checkSet);
  for (const line of problems) console.error(line);
  const keys = sets.reduce((sum, set) => sum + Object.keys(JSON.parse(readFileSync(join(set.messages, 'en.json'), 'utf8'))).length, 0);
  if (problems.length) {
    console.error(`Translations: ${problems.length} problem${problems.length === 1 ? '' : 's'}.`);
    process.exit(1);
  }
  console.log(`Translations: ${keys} keys in ${sets.length} catalogue set${sets.length === 1 ? '' : 's'}, every language complete, used and matching.`);
}
