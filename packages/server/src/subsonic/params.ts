import { CONTROL_CHARACTERS } from '../http/text.ts';
import { CODES, SubsonicError, invalid, missing } from './errors.ts';

/**
 * The longest value each parameter may have: the same limits as the REST API's schemas
 * (search text 300, names 100, comments 300, user names 64), and room for what only
 * Subsonic sends (a directory id encodes a folder path; `p` may be `enc:` and hex).
 * Any other parameter may be at most DEFAULT_LENGTH long.
 */
const MAX_LENGTH: Record<string, number> = {
  query: 300,
  name: 100,
  comment: 300,
  username: 64,
  u: 64,
  title: 300,
  artist: 300,
  album: 300,
  genre: 200,
  p: 2 * 1024 + 4,
  password: 2 * 1024 + 4,
  t: 128,
  s: 128,
  apiKey: 400,
  c: 200,
  f: 16,
  callback: 400,
  v: 32,
  type: 64,
  format: 32,
  id: 6000,
  current: 6000,
};
const DEFAULT_LENGTH = 1000;
/** The furthest a paging offset may reach, as in the REST API. */
export const MAX_OFFSET = 10_000_000;
/**
 * How often a parameter may be repeated: id lists (star, queue) as the REST API's queue
 * (1,000); a playlist's songs more, since Subsonic replaces a whole playlist in one call.
 */
const MAX_REPEATS: Record<string, number> = { songId: 5000, songIdToAdd: 5000 };
const DEFAULT_REPEATS = 1000;
/** All values of a request together (a form body may hold many names). */
const MAX_VALUES = 10_000;

/**
 * A request's parameters: the query string and, for a form POST, the body, merged (Subsonic
 * apps may send either, and repeat a name: `id=1&id=2`). `+` is a space, as in any form.
 */
export class Params {
  private readonly values = new Map<string, string[]>();

  constructor(...sources: URLSearchParams[]) {
    for (const source of sources) {
      for (const [name, value] of source) {
        const list = this.values.get(name);
        if (list) list.push(value);
        else this.values.set(name, [value]);
      }
    }
  }

  static of(url: string, body: unknown): Params {
    const query = url.indexOf('?');
    const sources = [new URLSearchParams(query === -1 ? '' : url.slice(query + 1))];
    if (typeof body === 'string') sources.push(new URLSearchParams(body));
    return new Params(...sources);
  }

  /**
   * Refuses, before any work, a request whose parameters are longer, more repeated or
   * hold characters no text has; every endpoint is covered, whatever it reads.
   */
  check(): void {
    let count = 0;
    for (const values of this.values.values()) count += values.length;
    if (count > MAX_VALUES) throw new SubsonicError(CODES.generic, `A request may hold at most ${MAX_VALUES} parameter values`);
    for (const [name, values] of this.values) {
      const shown = name.slice(0, 40);
      if (CONTROL_CHARACTERS.test(name)) throw invalid(JSON.stringify(shown), 'is not a valid parameter name');
      const repeats = Object.hasOwn(MAX_REPEATS, name) ? MAX_REPEATS[name]! : DEFAULT_REPEATS;
      if (values.length > repeats) throw invalid(shown, `may be given at most ${repeats} times`);
      const length = Object.hasOwn(MAX_LENGTH, name) ? MAX_LENGTH[name]! : DEFAULT_LENGTH;
      for (const value of values) {
        if (value.length > length) throw invalid(shown, `may be at most ${length} characters long`);
        if (CONTROL_CHARACTERS.test(value)) throw invalid(shown, 'must not contain control characters');
      }
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** The first value, if any. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** Every value given for the name, in order. */
  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw missing(name);
    return value;
  }

  /** An integer within [min, max]; `fallback` when absent; a clear error when not a number or out of range. */
  int(name: string, options: { min?: number; max?: number; fallback?: number } = {}): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') return options.fallback;
    if (!/^-?\d{1,15}$/.test(raw.trim())) throw invalid(name, `must be a whole number, not "${raw.slice(0, 40)}"`);
    const value = Number(raw.trim());
    if (options.min !== undefined && value < options.min) throw invalid(name, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) throw invalid(name, `must be at most ${options.max}`);
    return value;
  }

  requireInt(name: string, options: { min?: number; max?: number } = {}): number {
    const value = this.int(name, options);
    if (value === undefined) throw missing(name);
    return value;
  }

  /** `true`/`false` (any case; also 1/0); `fallback` when absent. */
  bool(name: string, fallback = false): boolean {
    const raw = this.get(name)?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw invalid(name, 'must be true or false');
  }
}
