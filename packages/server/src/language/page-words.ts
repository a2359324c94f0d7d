import { IntlMessageFormat } from 'intl-messageformat';
import type { Language } from '@runnel/api';

/**
 * The words of a page the server renders for visitors without an account (a share link's
 * page, a shared year summary): one catalogue per language, English the source, ICU
 * MessageFormat (plurals and selects). `npm run check:i18n` holds each set complete and used.
 */
export function pageCatalogues<K extends string>(catalogues: Record<Language, Record<K, string>>) {
  const compiled = new Map<string, IntlMessageFormat>();
  /** The words in one language: `say(key, values)`. */
  return (language: Language) =>
    (key: K, values?: Record<string, string | number>): string => {
      const id = `${language}:${key}`;
      let format = compiled.get(id);
      if (!format) compiled.set(id, (format = new IntlMessageFormat(catalogues[language][key], language)));
      return String(format.format(values));
    };
}
