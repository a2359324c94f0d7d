import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '@runnel/api';
import en from './messages/en.json' with { type: 'json' };
import sv from './messages/sv.json' with { type: 'json' };

/** A key of the share page's messages (English, messages/en.json, is the source). */
export type PageKey = keyof typeof en;

/** The share page's catalogues, one file per language (checked with the web player's by `npm run check:i18n`). */
const CATALOGUES: Record<Language, Record<PageKey, string>> = { en, sv };

const compiled = new Map<string, IntlMessageFormat>();

/** The share page's words in one language: `say('page.kind', { kind })`, ICU plurals and selects included. */
export function pageWords(language: Language) {
  return (key: PageKey, values?: Record<string, string | number>): string => {
    const id = `${language}:${key}`;
    let format = compiled.get(id);
    if (!format) compiled.set(id, (format = new IntlMessageFormat(CATALOGUES[language][key], language)));
    return String(format.format(values));
  };
}
