import { LANGUAGES, type Language } from '@runnel/api';

const DEFAULT: Language = 'en';
const supported = new Set<string>(LANGUAGES);

/**
 * The best supported language an Accept-Language header asks for (RFC 9110: by q-value, then
 * order; `sv-SE` matches `sv`; `q=0` refuses), else English.
 */
export function bestLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return DEFAULT;
  const wanted = acceptLanguage
    .slice(0, 1000)
    .split(',')
    .map((part, order) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: range.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), order };
    })
    .filter((w) => w.q > 0 && supported.has(w.language))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return (wanted[0]?.language as Language | undefined) ?? DEFAULT;
}

/** The listener's language: the one they chose in Settings, else their browser's (Accept-Language), else English. */
export function listenerLanguage(chosen: Language | null | undefined, acceptLanguage: string | undefined): Language {
  return chosen ?? bestLanguage(acceptLanguage);
}
