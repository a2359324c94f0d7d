const collators = new Map<string, Intl.Collator>();

/**
 * Compares names as the language's A–Z does (the browser's CLDR collation: Swedish files Å, Ä,
 * Ö after Z, English with A and O), for the lists the player sorts itself; the server's lists
 * come sorted in the same language.
 */
export function compareNames(language: string): (a: string, b: string) => number {
  let collator = collators.get(language);
  if (!collator) collators.set(language, (collator = new Intl.Collator(language)));
  return collator.compare;
}
