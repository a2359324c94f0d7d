import { AppError } from '../errors.ts';

/** Longest click-through address kept: what every browser and proxy handles. */
export const CLICK_URL_MAX_CHARS = 2000;

/**
 * The address an ad opens when clicked, normalised (`URL.href`). Only absolute https URLs:
 * `javascript:` and `data:` would run in Runnel's page, an http page can be altered on the way
 * to the listener, and a user name in the address is a phishing trick
 * (`https://runnel.example@evil.example/` opens evil.example). Anything else is refused with `ad_url_invalid`.
 */
export function checkClickUrl(url: string): string {
  const refuse = (why: string) => new AppError('ad_url_invalid', 400, `The ad's click-through address ${why}`);
  const text = url.trim();
  if (text.length > CLICK_URL_MAX_CHARS) throw refuse(`is longer than ${CLICK_URL_MAX_CHARS} characters`);
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  if (/[\u0000-\u001f\u007f]/.test(text)) throw refuse('holds control characters');
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw refuse('must be an absolute https:// URL');
  }
  if (parsed.protocol !== 'https:') throw refuse('must be an absolute https:// URL');
  if (parsed.username || parsed.password) throw refuse('must not hold a user name or password');
  if (parsed.href.length > CLICK_URL_MAX_CHARS) throw refuse(`is longer than ${CLICK_URL_MAX_CHARS} characters`);
  return parsed.href;
}
