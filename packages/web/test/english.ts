import { readFileSync } from 'node:fs';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Page } from 'playwright-core';

/** A web player catalogue, key → ICU message. */
export const catalogue = (language: string) =>
  JSON.parse(readFileSync(new URL(`../src/i18n/messages/${language}.json`, import.meta.url), 'utf8')) as Record<string, string>;

/** Where a placeholder's value goes in a variant (a character no message contains). */
const HOLE = '\u0000';

/**
 * Every text a message can read as: one for each choice of branch in each of its plurals and
 * selects (nested ones too), a tag's content in place, every value (a name, a number, `#`)
 * as a HOLE. `{count, plural, one {# file} other {# files}} found` → `␀ file found`, `␀ files found`.
 */
export function variants(message: string): string[] {
  const of = (elements: MessageFormatElement[]): string[] => {
    let texts = [''];
    for (const el of elements) {
      let choices: string[];
      if (el.type === TYPE.literal) choices = [el.value];
      else if (el.type === TYPE.tag) choices = of(el.children);
      else if (el.type === TYPE.plural || el.type === TYPE.select) choices = Object.values(el.options).flatMap((option) => of(option.value));
      else choices = [HOLE];
      texts = texts.flatMap((text) => choices.map((choice) => text + choice));
    }
    return texts;
  };
  return [...new Set(of(parse(message)).map((text) => text.replace(/\s+/g, ' ').trim()))];
}

/** A variant as a whole-text pattern: its values match anything. */
const pattern = (variant: string) => new RegExp(`^${variant.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(HOLE, '.+')}$`, 'u');

export interface EnglishText {
  key: string;
  /** How the message can read (a plural's or select's branch), values as `{}`. */
  text: string;
  match: RegExp;
}

/** The words between a variant's values, where there are two or more (`␀ sent you this` → `sent you this`). */
const fragments = (variant: string) =>
  variant.includes(HOLE) ? variant.split(HOLE).flatMap((part) => (((part = part.trim()).match(/\p{L}+/gu)?.length ?? 0) >= 2 ? [part] : [])) : [];

/**
 * Every way an English message can read that no Swedish message reads: the same words in both
 * ("Radio", "Album", "{kbps} kbps") are not English. A variant of values and punctuation
 * only (`{name} · {count}`) says nothing of a language and would match anything: left out.
 * Also each run of two or more words between its values, alone: a sentence with an element
 * in it (`t.rich`: `<strong>Ann</strong> sent you this`) is text nodes around the element.
 */
export function englishTexts(en: Record<string, string>, sv: Record<string, string>): EnglishText[] {
  const swedishVariants = Object.values(sv).flatMap(variants);
  const swedish = new Set([...swedishVariants, ...swedishVariants.flatMap(fragments)]);
  return Object.entries(en).flatMap(([key, message]) => {
    const english = variants(message).filter((variant) => !swedish.has(variant) && /\p{L}/u.test(variant.replaceAll(HOLE, '')));
    const parts = [...new Set(english.flatMap(fragments))].filter((part) => !swedish.has(part));
    return [
      ...english.map((variant) => ({ key, text: variant.replaceAll(HOLE, '{}'), match: pattern(variant) })),
      ...parts.map((part) => ({ key, text: `…${part}…`, match: pattern(part) })),
    ];
  });
}

/**
 * The texts a person sees or hears on the page: each visible text, the whole text of an
 * element that mixes text with elements (a sentence with a link or a name in bold in it,
 * as `t.rich` makes), the choices of a visible list, and the names, hints and placeholders
 * of elements.
 */
export const pageTexts = (p: Page) =>
  p.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const mixed = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.replace(/\s+/g, ' ').trim();
      const parent = node.parentElement;
      if (!text || !parent?.checkVisibility()) continue;
      found.push(text);
      if (parent.childElementCount > 0) mixed.add(parent);
    }
    for (const el of mixed) {
      const text = el.textContent?.replace(/\s+/g, ' ').trim();
      if (text && text.length <= 300) found.push(text);
    }
    // A list's choices, shown when it opens.
    for (const select of document.body.querySelectorAll('select'))
      if (select.checkVisibility()) for (const option of select.options) if (option.text.trim()) found.push(option.text.trim());
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value) found.push(value);
      }
    return found;
  });

/** A detector of English catalogue text: which texts are English, and as which message. */
export function englishDetector(options: { data?: Iterable<string> } = {}) {
  const en = catalogue('en');
  const sv = catalogue('sv');
  const english = englishTexts(en, sv);
  /** Names of music and people: data, never a catalogue's text. */
  const data = new Set(options.data);
  const which = (text: string) => (data.has(text) ? undefined : english.find(({ match }) => match.test(text)));
  return {
    english,
    /** The message a text is the English of, if it is. */
    which,
    /** What on the page is English, each as `text (key)`. */
    async on(page: Page): Promise<string[]> {
      return [...new Set(await pageTexts(page))].flatMap((text) => {
        const found = which(text);
        return found ? [`${text} (${found.key})`] : [];
      });
    },
  };
}
