import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import type { Language } from '@runnel/api';
import { CATALOGUES, type MessageKey } from './languages.ts';

/** What a plain-text message's placeholders take. */
export type MessageValues = Record<string, string | number | Date>;

const cache = createIntlCache();

/** An ICU formatter for a language: its catalogue, its plural rules, numbers and dates. */
export function intlFor(language: Language): IntlShape {
  return createIntl({ locale: language, defaultLocale: 'en', messages: CATALOGUES[language] }, cache);
}

let active = intlFor('en');

/** Makes `language` the one `translate` speaks (the LanguageProvider does, as the player's language changes). */
export function setActiveLanguage(language: Language): IntlShape {
  if (active.locale !== language) active = intlFor(language);
  return active;
}

/** The language the player speaks now. */
export function activeLanguage(): string {
  return active.locale;
}

/**
 * A message in the player's current language, for code outside React (the audio engine,
 * the player's glue, the offline store); components use `useT`. English until the
 * LanguageProvider has chosen, so the engine's unit tests read English.
 */
export function translate(key: MessageKey, values?: MessageValues): string {
  return active.formatMessage({ id: key }, values);
}
