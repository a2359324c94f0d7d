import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { SearchKind } from './documents.ts';
import { packStrings, unpackStrings } from './packed-strings.ts';
import { runSliced, type SlicedOptions } from './run-steps.ts';
import { Segment, type SegmentParts } from './segment.ts';

/**
 * A base segment saved in the data folder, so a restart reads one file instead of
 * tokenising every row again (13M tracks: minutes of CPU and gigabytes of garbage).
 *
 *   "RNLSEG" format(u16) | crc32 of the body (u32) | header length (u32) | header (JSON) | body
 *
 * The body is the segment's typed arrays, each at an 8-byte-aligned offset, so loading is
 * one read into one buffer and a view per array (no copy, no per-document objects). Ids and
 * terms are UTF-8 in one byte array each, with an Int32Array of offsets (packed-strings.ts);
 * ids stay so in memory, terms become JS strings when loaded (in slices). The header names the kind and the table's generation
 * (search_generations) the segment was built from: the loader applies what was written
 * since (kind-loader.ts); a file newer than the table is another database's and ignored.
 */

/**
 * Raised whenever the layout or the meaning of a file changes: files of another format are
 * ignored and the kind rebuilt from the table. 2: rows carry the generation of their write,
 * so a file may be caught up (files of format 1 may predate the stamps).
 */
const FORMAT = 2;
const MAGIC = 'RNLSEG';
const PREFIX = 16;
/** Bytes read or checksummed between two turns of the event loop. */
const PIECE = 16 << 20;

const ARRAYS = {
  popularity: Float64Array,
  year: Int16Array,
  titleWords: Uint8Array,
  audience: Int32Array,
  postingStart: Int32Array,
  postingDoc: Int32Array,
  postingField: Uint8Array,
  termFields: Uint8Array,
  forwardStart: Int32Array,
  forwardTerm: Int32Array,
  forwardField: Uint8Array,
  nodeChar: Uint16Array,
  nodeChild: Int32Array,
  nodeSibling: Int32Array,
  nodeLo: Int32Array,
  nodeHi: Int32Array,
  nodeDocs: Int32Array,
  nodeDepth: Uint8Array,
  byId: Int32Array,
  idBytes: Uint8Array,
  idStart: Int32Array,
  // Last: read apart from the arrays above and dropped once decoded (see readSegmentFile).
  termBytes: Uint8Array,
  termStart: Int32Array,
} as const;
type ArrayName = keyof typeof ARRAYS;
/** Any of the arrays above. */
type Typed = ArrayBufferView & { readonly length: number };

interface Header {
  kind: SearchKind;
  generation: number;
  size: number;
  audiences: string[][];
  /** Name, element count and byte offset in the body of every array. */
  arrays: Array<[ArrayName, number, number]>;
}

/** What a saved segment was built from: its kind and the table's generation. */
export interface SegmentStamp {
  kind: SearchKind;
  generation: number;
}

const align = (n: number) => (n + 7) & ~7;
const bytesOf = (a: Typed) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function* checksum(pieces: readonly Uint8Array[]): Generator<void, number> {
  let crc = 0;
  for (const piece of pieces) {
    for (let at = 0; at < piece.byteLength; at += PIECE) {
      crc = crc32(piece.subarray(at, Math.min(piece.byteLength, at + PIECE)), crc);
      yield;
    }
  }
  return crc;
}

/**
 * Writes a segment to `path` (through a temporary file of a unique name and a rename, so a
 * crash leaves the old file or none, and nodes sharing the data folder that save the same
 * kind at once each rename a whole file: the last one stays). The work between two turns
 * of the event loop stays small.
 */
export async function writeSegmentFile(path: string, segment: Segment, stamp: SegmentStamp, options: SlicedOptions = {}): Promise<void> {
  const ids = segment.packedIds ?? (await runSliced(packStrings(segment.ids), options));
  const terms = await runSliced(packStrings(segment.terms), options);
  const all: Record<ArrayName, Typed> = {
    ...segment.parts(),
    idBytes: ids.bytes,
    idStart: ids.start,
    termBytes: terms.bytes,
    termStart: terms.start,
  };
  const arrays: Header['arrays'] = [];
  const pieces: Uint8Array[] = [];
  let offset = 0;
  for (const name of Object.keys(ARRAYS) as ArrayName[]) {
    const array = all[name];
    arrays.push([name, array.length, offset]);
    pieces.push(bytesOf(array));
    const end = offset + array.byteLength;
    offset = align(end);
    if (offset > end) pieces.push(new Uint8Array(offset - end));
  }
  const header: Header = { ...stamp, size: segment.size, audiences: segment.audiences, arrays };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(PREFIX);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt16LE(FORMAT, 6);
  prefix.writeUInt32LE(await runSliced(checksum(pieces), options), 8);
  prefix.writeUInt32LE(headerBytes.length, 12);
  const bodyAt = align(PREFIX + headerBytes.length);

  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.write(prefix, 0, PREFIX, 0);
    await file.write(headerBytes, 0, headerBytes.length, PREFIX);
    let at = bodyAt;
    for (const piece of pieces) {
      for (let from = 0; from < piece.byteLength; from += PIECE) {
        const part = piece.subarray(from, Math.min(piece.byteLength, from + PIECE));
        await file.write(part, 0, part.byteLength, at);
        at += part.byteLength;
        options.signal?.throwIfAborted();
      }
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
}

/** A segment read back, and the generation of the table it was built from. */
export interface SavedSegment {
  segment: Segment;
  generation: number;
}

/**
 * Reads a segment saved by writeSegmentFile: undefined when there is no file, or it is of
 * another format or kind, or built at a generation above `upTo` (the table's now: the file
 * is not this database's), or its checksum does not match (then the caller builds from the
 * table). Reads off the event loop; checksum and strings run in slices.
 */
export async function readSegmentFile(
  path: string,
  { kind, upTo }: { kind: SearchKind; upTo: number },
  options: SlicedOptions = {},
): Promise<SavedSegment | undefined> {
  const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!file) return undefined;
  try {
    const { size: fileSize } = await file.stat();
    const prefix = Buffer.alloc(PREFIX);
    if (fileSize < PREFIX || (await file.read(prefix, 0, PREFIX, 0)).bytesRead < PREFIX) return undefined;
    if (prefix.toString('latin1', 0, 6) !== MAGIC || prefix.readUInt16LE(6) !== FORMAT) return undefined;
    const crc = prefix.readUInt32LE(8);
    const headerLength = prefix.readUInt32LE(12);
    const headerBytes = Buffer.alloc(headerLength);
    await file.read(headerBytes, 0, headerLength, PREFIX);
    const header = JSON.parse(headerBytes.toString()) as Header;
    if (header.kind !== kind || !Number.isSafeInteger(header.generation) || header.generation > upTo) return undefined;

    // The typed arrays the segment keeps are read into one buffer; the terms' bytes (last in
    // the body) into another that is dropped once they are decoded.
    const bodyAt = align(PREFIX + headerLength);
    const stringsAt = header.arrays.find(([name]) => name === 'termBytes')?.[2];
    if (stringsAt === undefined || bodyAt + stringsAt > fileSize) return undefined;
    const kept = new Uint8Array(new ArrayBuffer(stringsAt));
    const strings = new Uint8Array(new ArrayBuffer(fileSize - bodyAt - stringsAt));
    for (const [into, from] of [
      [kept, bodyAt],
      [strings, bodyAt + stringsAt],
    ] as const) {
      for (let at = 0; at < into.byteLength;) {
        const { bytesRead } = await file.read(into, at, Math.min(PIECE, into.byteLength - at), from + at);
        if (bytesRead === 0) return undefined;
        at += bytesRead;
        options.signal?.throwIfAborted();
      }
    }
    if ((await runSliced(checksum([kept, strings]), options)) !== crc) return undefined;

    const view = {} as Record<ArrayName, Typed>;
    for (const [name, length, offset] of header.arrays) {
      const Type = ARRAYS[name];
      const [buffer, start] = offset < stringsAt ? [kept, offset] : [strings, offset - stringsAt];
      if (start + length * Type.BYTES_PER_ELEMENT > buffer.byteLength) return undefined;
      view[name] = new Type(buffer.buffer, start, length);
    }
    const { idBytes, idStart, termBytes, termStart, ...arrays } = view;
    const ids = { bytes: idBytes as Uint8Array, start: idStart as Int32Array };
    const terms = await runSliced(unpackStrings({ bytes: termBytes as Uint8Array, start: termStart as Int32Array }), options);
    const segment = new Segment({ ...(arrays as Omit<SegmentParts, 'ids' | 'terms' | 'audiences'>), ids, terms, audiences: header.audiences });
    return { segment, generation: header.generation };
  } finally {
    await file.close();
  }
}
