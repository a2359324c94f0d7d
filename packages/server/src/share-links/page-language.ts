import { pageCatalogues } from '../language/page-words.ts';
import en from './messages/en.json' with { type: 'json' };
import sv from './messages/sv.json' with { type: 'json' };

/** A key of the share page's messages (English, messages/en.json, is the source). */
export type PageKey = keyof typeof en;

/** The share page's words in one language: `pageWords(language)('page.kind', { kind })`. */
export const pageWords = pageCatalogues<PageKey>({ en, sv });
