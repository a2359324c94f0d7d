import { Stream } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Control characters other than tab, line feed and carriage return (C0, DEL and C1), and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). No name,
 * message or id has them; NUL cannot even be stored by PostgreSQL (it answered 500 where
 * SQLite stored it); the others hide text, break a terminal, or make a name read otherwise
 * than it is stored (a display name that shows as someone else's). The left-to-right and
 * right-to-left marks (U+200E, U+200F) stay: right-to-left text uses them. Refused
 * everywhere, alike on both databases, rather than stripped: the client learns its text
 * was not taken as sent.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Deeper JSON than any schema of ours describes; deeper still is refused, not walked. */
const MAX_DEPTH = 64;

/**
 * Checks every string (and key) of the parsed body, the query string and the path
 * parameters of every request, before validation and before any handler: 400
 * `invalid_text` for a control character, 400 `invalid_json` for a body nested too deeply.
 */
export function installTextCheck(app: FastifyInstance) {
  // A callback hook: it never waits, and an async one costs a promise per request.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      checkValue(request.params, 'path');
      checkValue(request.query, 'query');
      checkValue(request.body, 'body');
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}

/** Walks a parsed value without recursion (a 10,000-level body must not overflow the stack). */
function checkValue(root: unknown, part: string) {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (CONTROL_CHARACTERS.test(value)) throw refused(part);
      continue;
    }
    if (value === null || typeof value !== 'object' || !isPlain(value)) continue;
    if (depth >= MAX_DEPTH) throw new AppError('invalid_json', 400, `The ${part} is nested more than ${MAX_DEPTH} levels deep`);
    for (const [key, inner] of Object.entries(value)) {
      if (CONTROL_CHARACTERS.test(key)) throw refused(part);
      stack.push({ value: inner, depth: depth + 1 });
    }
  }
}

/** Parsed JSON and query objects (some without a prototype); not bytes, nor a file streamed through unparsed (a history import). */
function isPlain(value: object): boolean {
  return !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) && !(value instanceof Stream);
}

const refused = (part: string) =>
  new AppError('invalid_text', 400, `Text in the ${part} must not contain NUL or other control characters (tab and line breaks are fine)`);
