import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/** A file of an archive read from a stream, such as an audio file on disk. */
export interface ZipFile {
  /** Path inside the archive; the writer makes it safe to extract and unique. */
  name: string;
  mtime: Date;
  /**
   * Byte length, when known before reading. A file known to be under 4 GiB is written without
   * ZIP64 fields, and only archives whose sizes are all known have a length up front (`zipSize`).
   * The stream fails if the file turns out to have another length.
   */
  size?: number;
  /** Opens the content when the entry's turn comes, so one file is open at a time. */
  data: () => Promise<Readable> | Readable;
}

/** Small content held in memory, such as an M3U playlist or a cover picture. */
export interface ZipBytes {
  name: string;
  mtime: Date;
  bytes: Uint8Array;
}

export type ZipEntry = ZipFile | ZipBytes;

export interface ZipOptions {
  /** Aborting it destroys the archive stream and the file being read. */
  signal?: AbortSignal;
  /**
   * Sizes and offsets from this value up are written as ZIP64 (default 0xFFFFFFFF, where the
   * 32-bit fields run out). Only tests lower it, to exercise ZIP64 without writing 4 GiB.
   */
  zip64From?: number;
}

const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
/** Bit 3: CRC and sizes follow the data (they are not known when the header is sent). Bit 11: names are UTF-8. */
const FLAGS = 0x0808;
/** Made on Unix, spec version 4.5: the external attributes then carry a file mode unzip applies. */
const MADE_BY = (3 << 8) | 45;
const FILE_MODE = (0o100644 << 16) >>> 0;
/** The extended timestamp field (0x5455) with the modification time: id, length, flags, seconds. */
const TIMESTAMP_LENGTH = 9;

/** An entry as it lies in the archive: what its central directory record needs. */
interface Placed {
  /** The safe, unique name as UTF-8. */
  name: Buffer;
  mtime: Date;
  /**
   * Written with 64-bit sizes (ZIP64 field in the local header, 8-byte data descriptor): the
   * size was unknown or too large for 32 bits when the local header was sent.
   */
  wide: boolean;
  offset: number;
  size: number;
  crc: number;
}

// Every record's length comes from these; the writers check they filled exactly that much,
// so zipSize cannot drift from what zipStream sends.
const localLength = (nameLength: number, wide: boolean) => 30 + nameLength + TIMESTAMP_LENGTH + (wide ? 20 : 0);
const descriptorLength = (wide: boolean) => (wide ? 24 : 16);
const zip64FieldCount = (wide: boolean, farOffset: boolean) => (wide ? 2 : 0) + (farOffset ? 1 : 0);
const zip64ExtraLength = (fields: number) => (fields === 0 ? 0 : 4 + 8 * fields);
const centralLength = (nameLength: number, wide: boolean, farOffset: boolean) =>
  46 + nameLength + TIMESTAMP_LENGTH + zip64ExtraLength(zip64FieldCount(wide, farOffset));
const needsZip64End = (count: number, directoryOffset: number, directorySize: number, limit: number) =>
  count >= MAX16 || directoryOffset >= limit || directorySize >= limit;
const endLength = (zip64: boolean) => (zip64 ? 56 + 20 : 0) + 22;

/**
 * Streams a ZIP archive of `entries` as it is read: nothing is buffered beyond the stream's
 * high-water marks and no temporary file is written, so an album of any size can be sent.
 * Entries are stored uncompressed (audio does not compress). Files are read only as fast as
 * the consumer takes bytes; destroying the stream (the client went away) or aborting
 * `options.signal` destroys the file being read. A file that cannot be read destroys the
 * stream with that error rather than ending a broken archive.
 */
export function zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, options: ZipOptions = {}): Readable {
  const limit = options.zip64From ?? MAX32;
  const stopped = new Error('zip: the archive stream was destroyed');
  let started = false;
  let wanted = false;
  let wake = () => {};
  let source: Readable | undefined;

  const archive = new Readable({
    signal: options.signal,
    read() {
      wanted = true;
      wake();
      if (!started) {
        started = true;
        // Once destroyed (which is when `stopped` is thrown) the stream ignores this.
        pump().catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
      }
    },
    destroy(error, callback) {
      source?.destroy();
      wake();
      callback(error);
    },
  });

  /** Hands a piece to the consumer once it wants more. */
  async function send(piece: Uint8Array) {
    while (!wanted && !archive.destroyed) await new Promise<void>((resolve) => (wake = resolve));
    if (archive.destroyed) throw stopped;
    wanted = archive.push(piece);
  }

  async function copy(entry: ZipFile, known: number | undefined): Promise<{ size: number; crc: number }> {
    let size = 0;
    let crc = 0;
    source = await entry.data();
    try {
      if (archive.destroyed) throw stopped; // destroyed while the file was opening
      for await (const chunk of source as AsyncIterable<unknown>) {
        if (!(chunk instanceof Uint8Array)) throw new TypeError(`zip: ${entry.name} gave a ${typeof chunk}, not bytes`);
        size += chunk.length;
        if (known !== undefined && size > known) throw new Error(`zip: ${entry.name} has more than the ${known} bytes its entry gave`);
        crc = crc32(chunk, crc);
        await send(chunk);
      }
    } finally {
      source.destroy();
      source = undefined;
    }
    return { size, crc };
  }

  async function pump() {
    const nameFor = uniqueNames();
    const placed: Placed[] = [];
    let offset = 0;
    for await (const entry of entries) {
      const known = 'bytes' in entry ? entry.bytes.length : entry.size;
      const header: Placed = { name: nameFor(entry.name), mtime: entry.mtime, wide: known === undefined || known >= limit, offset, size: 0, crc: 0 };
      await send(localHeader(header, limit));
      if ('bytes' in entry) {
        header.size = entry.bytes.length;
        header.crc = crc32(entry.bytes);
        if (header.size > 0) await send(entry.bytes);
      } else {
        Object.assign(header, await copy(entry, known));
      }
      if (known !== undefined && header.size !== known) throw new Error(`zip: ${entry.name} has fewer than the ${known} bytes its entry gave`);
      await send(descriptor(header));
      offset += localLength(header.name.length, header.wide) + header.size + descriptorLength(header.wide);
      placed.push(header);
    }
    let directorySize = 0;
    for (const entry of placed) {
      const record = centralRecord(entry, limit);
      directorySize += record.length;
      await send(record);
    }
    await send(endRecords(placed.length, offset, directorySize, limit));
    archive.push(null);
  }

  return archive;
}

/**
 * The exact byte length `zipStream` will send for these entries (same order, same names), or
 * undefined when a size is unknown: what lets a download carry a Content-Length.
 */
export function zipSize(entries: Iterable<ZipEntry | { name: string; size?: number }>, options: Pick<ZipOptions, 'zip64From'> = {}): number | undefined {
  const limit = options.zip64From ?? MAX32;
  const nameFor = uniqueNames();
  let offset = 0;
  let count = 0;
  let directorySize = 0;
  for (const entry of entries) {
    const size = 'bytes' in entry ? entry.bytes.length : entry.size;
    if (size === undefined) return undefined;
    const nameLength = nameFor(entry.name).length;
    const wide = size >= limit;
    directorySize += centralLength(nameLength, wide, offset >= limit);
    offset += localLength(nameLength, wide) + size + descriptorLength(wide);
    count += 1;
  }
  return offset + directorySize + endLength(needsZip64End(count, offset, directorySize, limit));
}

/**
 * A path that extracts inside the target folder on any system: forward slashes only, no
 * leading slash, no `.` or `..` segments, control characters replaced by `_`.
 */
export function safeZipName(name: string): string {
  const segments = name
    .replace(/\p{Cc}/gu, '_')
    .split(/[\\/]/)
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return segments.length > 0 ? segments.join('/') : 'unnamed';
}

/**
 * Names each entry safely, and a repeated name as a file manager names a copy ("a (2).mp3").
 * Names are compared ignoring case and Unicode normalization, as macOS and Windows do when
 * the archive is extracted.
 */
function uniqueNames() {
  const taken = new Set<string>();
  const key = (name: string) => name.normalize('NFC').toLowerCase();
  return (wanted: string): Buffer => {
    const safe = safeZipName(wanted);
    let name = safe;
    for (let copy = 2; taken.has(key(name)); copy += 1) name = withCopyNumber(safe, copy);
    taken.add(key(name));
    const bytes = Buffer.from(name, 'utf8');
    if (bytes.length > MAX16) throw new RangeError(`zip: the name ${name.slice(0, 40)}… is longer than 65535 bytes`);
    return bytes;
  };
}

function withCopyNumber(name: string, copy: number): string {
  const fileStart = name.lastIndexOf('/') + 1;
  const dot = name.lastIndexOf('.');
  const at = dot > fileStart ? dot : name.length;
  return `${name.slice(0, at)} (${copy})${name.slice(at)}`;
}

function localHeader(entry: Placed, limit: number): Buffer {
  const extraLength = TIMESTAMP_LENGTH + (entry.wide ? 20 : 0);
  const out = new RecordWriter(localLength(entry.name.length, entry.wide));
  out.u32(0x04034b50).u16(versionNeeded(entry, limit)).u16(FLAGS).u16(0).u32(dosDateTime(entry.mtime));
  out.u32(0).u32(0).u32(0); // CRC and sizes: in the data descriptor
  out.u16(entry.name.length).u16(extraLength).bytes(entry.name);
  out.u16(0x5455).u16(5).u8(1).u32(unixSeconds(entry.mtime));
  // Zero sizes, as the data descriptor has them; its presence tells readers the descriptor's sizes are 8 bytes.
  if (entry.wide) out.u16(1).u16(16).u64(0).u64(0);
  return out.done();
}

function descriptor(entry: Placed): Buffer {
  const out = new RecordWriter(descriptorLength(entry.wide)).u32(0x08074b50).u32(entry.crc);
  if (entry.wide) out.u64(entry.size).u64(entry.size);
  else out.u32(entry.size).u32(entry.size);
  return out.done();
}

function centralRecord(entry: Placed, limit: number): Buffer {
  const farOffset = entry.offset >= limit;
  const zip64Fields = zip64FieldCount(entry.wide, farOffset);
  const extraLength = TIMESTAMP_LENGTH + zip64ExtraLength(zip64Fields);
  const size32 = entry.wide ? MAX32 : entry.size;
  const offset32 = farOffset ? MAX32 : entry.offset;
  const out = new RecordWriter(centralLength(entry.name.length, entry.wide, farOffset));
  out.u32(0x02014b50).u16(MADE_BY).u16(versionNeeded(entry, limit)).u16(FLAGS).u16(0).u32(dosDateTime(entry.mtime));
  out.u32(entry.crc).u32(size32).u32(size32).u16(entry.name.length).u16(extraLength);
  out.u16(0).u16(0).u16(0).u32(FILE_MODE).u32(offset32).bytes(entry.name); // no comment, disk 0, no internal attributes
  out.u16(0x5455).u16(5).u8(1).u32(unixSeconds(entry.mtime));
  if (zip64Fields > 0) out.u16(1).u16(8 * zip64Fields);
  if (entry.wide) out.u64(entry.size).u64(entry.size);
  if (farOffset) out.u64(entry.offset);
  return out.done();
}

/** The end of central directory, preceded by its ZIP64 record and locator when a count, size or offset outgrows it. */
function endRecords(count: number, directoryOffset: number, directorySize: number, limit: number): Buffer {
  const zip64 = needsZip64End(count, directoryOffset, directorySize, limit);
  const zip64RecordOffset = directoryOffset + directorySize;
  const out = new RecordWriter(endLength(zip64));
  if (zip64) {
    out.u32(0x06064b50).u64(44).u16(MADE_BY).u16(45).u32(0).u32(0);
    out.u64(count).u64(count).u64(directorySize).u64(directoryOffset);
    out.u32(0x07064b50).u32(0).u64(zip64RecordOffset).u32(1);
  }
  // With a ZIP64 record every field says "see ZIP64", as Go's writer does: some readers look only at one of them.
  const [count16, size32, offset32] = zip64 ? [MAX16, MAX32, MAX32] : [count, directorySize, directoryOffset];
  out.u32(0x06054b50).u16(0).u16(0).u16(count16).u16(count16).u32(size32).u32(offset32).u16(0);
  return out.done();
}

const versionNeeded = (entry: Placed, limit: number) => (entry.wide || entry.offset >= limit ? 45 : 20);

/** MS-DOS date and time in local time, as unzip restores it; clamped to the years it can hold (1980–2107). */
function dosDateTime(mtime: Date): number {
  const year = mtime.getFullYear();
  const at = Number.isNaN(year) || year < 1980 ? new Date(1980, 0, 1) : year > 2107 ? new Date(2107, 11, 31, 23, 59, 58) : mtime;
  const date = ((at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  const time = (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1);
  return ((date << 16) | time) >>> 0;
}

/** Seconds since 1970 as the timestamp field's signed 32 bits hold them (to 2038). */
function unixSeconds(mtime: Date): number {
  const seconds = Math.floor(mtime.getTime() / 1000);
  return Number.isNaN(seconds) ? 0 : Math.min(Math.max(seconds, -(2 ** 31)), 2 ** 31 - 1) >>> 0;
}

/** Writes little-endian fields into a record of a known length, and checks it was filled exactly. */
class RecordWriter {
  readonly #buffer: Buffer;
  #at = 0;

  constructor(length: number) {
    this.#buffer = Buffer.alloc(length);
  }

  u8 = (value: number) => this.#moveTo(this.#buffer.writeUInt8(value, this.#at));
  u16 = (value: number) => this.#moveTo(this.#buffer.writeUInt16LE(value, this.#at));
  u32 = (value: number) => this.#moveTo(this.#buffer.writeUInt32LE(value, this.#at));
  u64 = (value: number) => this.#moveTo(this.#buffer.writeBigUInt64LE(BigInt(value), this.#at));
  bytes = (value: Buffer) => this.#moveTo(this.#at + value.copy(this.#buffer, this.#at));

  done(): Buffer {
    if (this.#at !== this.#buffer.length) throw new Error(`zip: a ${this.#buffer.length}-byte record was given ${this.#at} bytes`);
    return this.#buffer;
  }

  #moveTo(at: number): this {
    this.#at = at;
    return this;
  }
}
