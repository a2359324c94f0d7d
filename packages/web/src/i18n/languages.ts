import { LANGUAGES, type Language } from '@runnel/api';
import en from './messages/en.json' with { type: 'json' };
import sv from './messages/sv.json' with { type: 'json' };

/** A message's key: English (en.json) is the source, so the keys are its keys. */
export type MessageKey = keyof typeof en;

/** A language's catalogue: a message, in ICU MessageFormat, for every key of the English one. */
export type Messages = Record<MessageKey, string>;

/**
 * Every language's catalogue, one file each in messages/. A language the API lists
 * (`LANGUAGES` in @runnel/api) cannot be left out here: the type asks for its file.
 */
export const CATALOGUES: Record<Language, Messages> = { en, sv };

/**
 * The language the player speaks: the user's choice, else the first of the browser's
 * languages (navigator.languages, in the user's order) that we have, by its primary subtag
 * (sv-FI → sv), else English.
 */
export function pickLanguage(choice: Language | null | undefined, browser: readonly string[]): Language {
  if (choice) return choice;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    const found = LANGUAGES.find((language) => language === primary);
    if (found) return found;
  }
  return 'en';
}
