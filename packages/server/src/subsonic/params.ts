import { invalid, missing } from './errors.ts';

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
