import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { invalidFile, readListen, type Listen } from './listenbrainz.ts';
import { zipEntries, zipEntryStream } from './zip.ts';

/** Longest one listen may be as text: real ones are well under 4 kB. */
const MAX_LISTEN = 1 << 20;
/** Most listens one file may hold. */
export const MAX_LISTENS = 5_000_000;
/** Files of ListenBrainz's newer export (a zip) that hold listens: `listens/2026/3.jsonl`. */
const LISTEN_FILE = /(^|\/)listens\/.+\.jsonl$/;

/**
 * Every listen of a ListenBrainz export on disk, in file order, read a piece at a time (a
 * file of any size takes the memory of one listen): a JSON array, JSON lines, or the zip of
 * the newer export (its `listens/**.jsonl` files). A file that is none of these, or a
 * listen that cannot be read, is 400 `history_import_invalid`.
 */
export async function* readListens(path: string): AsyncIterable<Listen> {
  const head = Buffer.alloc(4);
  const file = await open(path);
  const { bytesRead } = await file.read(head, 0, 4, 0).finally(() => file.close());
  let count = 0;
  const counted = (listen: Listen) => {
    if (++count > MAX_LISTENS) throw invalidFile(`A file may hold at most ${MAX_LISTENS} listens`);
    return listen;
  };
  if (bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50) {
    const entries = (await zipEntries(path)).filter((e) => LISTEN_FILE.test(e.name));
    if (!entries.length) throw invalidFile('The zip file has no listens (listens/YEAR/MONTH.jsonl), so it is not a ListenBrainz export');
    for (const entry of entries) for await (const listen of readText(await zipEntryStream(path, entry), entry.name)) yield counted(listen);
    return;
  }
  for await (const listen of readText(createReadStream(path), 'The file')) yield counted(listen);
}

/** Listens of one text file: a JSON array, or one JSON listen a line. */
async function* readText(stream: Readable, name: string): AsyncIterable<Listen> {
  stream.setEncoding('utf8');
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  let first = await chunks.next();
  while (!first.done && !first.value.replace(/^\uFEFF/, '').trim()) first = await chunks.next();
  if (first.done) return;
  const start = first.value.replace(/^\uFEFF/, '').trimStart();
  const rest = { [Symbol.asyncIterator]: () => chunks };
  async function* all() {
    yield start;
    yield* rest;
  }
  if (start.startsWith('[')) yield* arrayListens(all(), name);
  else if (start.startsWith('{')) yield* lineListens(all(), name);
  else throw invalidFile(`${name} is not JSON: a ListenBrainz export is a JSON array of listens, JSON lines or a zip`);
}

const parse = (text: string, where: string) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidFile(`${where} is not valid JSON`);
  }
};

async function* lineListens(chunks: AsyncIterable<string>, name: string): AsyncIterable<Listen> {
  let carry = '';
  let line = 0;
  const one = (text: string) => (text.trim() ? readListen(parse(text, `${name}, line ${line}`), `${name}, line ${line}`) : null);
  for await (const chunk of chunks) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    if (carry.length > MAX_LISTEN) throw invalidFile(`${name}, line ${line + 1} is longer than any listen`);
    for (const text of lines) {
      line += 1;
      const listen = one(text);
      if (listen) yield listen;
    }
  }
  line += 1;
  const last = one(carry);
  if (last) yield last;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** The items of a JSON array, each parsed on its own as it ends. */
async function* arrayListens(chunks: AsyncIterable<string>, name: string): AsyncIterable<Listen> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let ended = false;
  let carry = '';
  let index = 0;
  const item = (text: string) => {
    const where = `${name}, listen ${++index}`;
    return readListen(parse(text, where), where);
  };
  for await (const chunk of chunks) {
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (ended) {
        if (c > 32) throw invalidFile(`${name} goes on after its closing ]`);
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === 123 || c === 91) {
        depth += 1;
        if (depth === 1) from = i + 1;
      } else if (c === 125 || c === 93) {
        depth -= 1;
        if (depth < 0) throw invalidFile(`${name} is not valid JSON`);
        if (depth === 0) {
          const text = carry + chunk.slice(from, i);
          carry = '';
          if (text.trim() || index > 0) yield item(text);
          ended = true;
        }
      } else if (c === 44 && depth === 1) {
        yield item(carry + chunk.slice(from, i));
        carry = '';
        from = i + 1;
      }
    }
    if (!ended && depth > 0) carry += chunk.slice(from);
    if (carry.length > MAX_LISTEN) throw invalidFile(`${name}, listen ${index + 1} is longer than any listen`);
  }
  if (!ended) throw invalidFile(`${name} ends before its closing ]: the file is cut short`);
}
