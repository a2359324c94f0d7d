import { useEffect, useMemo, type ReactNode } from 'react';
import { RawIntlProvider } from 'react-intl';
import type { Language } from '@runnel/api';
import { pickLanguage } from './languages.ts';
import { setActiveLanguage } from './translate.ts';

/**
 * Speaks the user's language (`choice`, from GET /me; null or signed out: the browser's)
 * to everything below it, and to the code outside React; `<html lang>` follows, so screen
 * readers pronounce it and the browser hyphenates it right. A new choice applies at once.
 */
export function LanguageProvider({ choice, children }: { choice: Language | null | undefined; children: ReactNode }) {
  const language = pickLanguage(choice, navigator.languages);
  // Set while rendering, not after: the views below format with it in this same render.
  const intl = useMemo(() => setActiveLanguage(language), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <RawIntlProvider value={intl}>{children}</RawIntlProvider>;
}
