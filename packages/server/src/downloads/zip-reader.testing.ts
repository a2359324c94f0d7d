import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';

/** One entry as a strict reader sees it, with what the tests check about how it was written. */
export interface ReadEntry {
  name: string;
  data: Buffer;
  crc: number;
  flags: number;
  versionNeeded: number;
  /** MS-DOS date and time fields, decoded (local time). */
  dosTime: Date;
  /** Seconds from the extended timestamp field (0x5455), when present. */
  unixSeconds: number | undefined;
  /** The local header carried a ZIP64 field, so the data descriptor has 8-byte sizes. */
  wideLocal: boolean;
  /** Which central directory fields came from its ZIP64 field. */
  zip64Central: { sizes: boolean; offset: boolean };
}

export interface ReadArchive {
  entries: ReadEntry[];
  /** The archive ends with a ZIP64 end of central directory record and locator. */
  zip64End: boolean;
}

const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/**
 * Reads a whole archive the way careful readers do (Info-ZIP, Python's zipfile, yauzl): from
 * the end records through the central directory, then checks every local header, data and
 * data descriptor against it and that the records tile the file with no gap or overlap.
 * Stored (uncompressed) entries only, which is all the writer makes.
 */
export function readZip(zip: Buffer): ReadArchive {
  const endAt = zip.length - 22;
  assert.equal(zip.readUInt32LE(endAt), 0x06054b50, 'end of central directory record at the end (no comment)');
  assert.equal(zip.readUInt16LE(endAt + 20), 0, 'no archive comment');
  let count = zip.readUInt16LE(endAt + 10);
  assert.equal(zip.readUInt16LE(endAt + 8), count, 'entries on this disk = total entries');
  let directorySize = zip.readUInt32LE(endAt + 12);
  let directoryOffset = zip.readUInt32LE(endAt + 16);
  let directoryEnd = endAt;
  const zip64End = endAt >= 20 && zip.readUInt32LE(endAt - 20) === 0x07064b50;
  if (zip64End) {
    assert.ok(count === MAX16 || directoryOffset === MAX32, 'a ZIP64 end record is announced by the 32-bit record (yauzl looks only then)');
    assert.equal(zip.readUInt32LE(endAt - 16), 0, 'ZIP64 end record on disk 0');
    const recordAt = Number(zip.readBigUInt64LE(endAt - 12));
    assert.equal(zip.readUInt32LE(endAt - 4), 1, 'one disk');
    assert.equal(recordAt, endAt - 20 - 56, 'ZIP64 end record right before its locator');
    assert.equal(zip.readUInt32LE(recordAt), 0x06064b50, 'ZIP64 end record signature');
    assert.equal(Number(zip.readBigUInt64LE(recordAt + 4)), 44, 'ZIP64 end record length');
    const total = Number(zip.readBigUInt64LE(recordAt + 32));
    assert.equal(Number(zip.readBigUInt64LE(recordAt + 24)), total);
    if (count === MAX16) count = total;
    if (directorySize === MAX32) directorySize = Number(zip.readBigUInt64LE(recordAt + 40));
    if (directoryOffset === MAX32) directoryOffset = Number(zip.readBigUInt64LE(recordAt + 48));
    directoryEnd = recordAt;
  }
  assert.equal(directoryOffset + directorySize, directoryEnd, 'central directory ends where the end records start');

  const entries: ReadEntry[] = [];
  let at = directoryOffset;
  let expectedLocal = 0;
  for (let i = 0; i < count; i += 1) {
    const { entry, offset, size, next } = centralRecord(zip, at);
    assert.equal(offset, expectedLocal, `${entry.name}: local header right after the previous entry`);
    expectedLocal = localEntry(zip, offset, size, entry);
    entries.push(entry);
    at = next;
  }
  assert.equal(at, directoryEnd, 'entry count matches the central directory');
  assert.equal(expectedLocal, directoryOffset, 'central directory right after the last entry');
  return { entries, zip64End };
}

function centralRecord(zip: Buffer, at: number) {
  assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory record at ${at}`);
  assert.equal(zip.readUInt16LE(at + 10), 0, 'stored');
  const nameLength = zip.readUInt16LE(at + 28);
  const extraLength = zip.readUInt16LE(at + 30);
  const commentLength = zip.readUInt16LE(at + 32);
  const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
  let compressed = zip.readUInt32LE(at + 20);
  let size = zip.readUInt32LE(at + 24);
  let offset = zip.readUInt32LE(at + 42);
  const zip64Central = { sizes: size === MAX32, offset: offset === MAX32 };
  const extras = readExtras(zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
  const zip64 = extras.get(0x0001);
  if (zip64Central.sizes || zip64Central.offset) {
    assert.ok(zip64, `${name}: a 0xFFFFFFFF field needs a ZIP64 extra field`);
    let field = 0;
    const next = () => Number(zip64.readBigUInt64LE(8 * field++));
    if (size === MAX32) size = next();
    if (compressed === MAX32) compressed = next();
    if (offset === MAX32) offset = next();
    assert.equal(zip64.length, 8 * field, `${name}: ZIP64 field holds exactly the fields marked 0xFFFFFFFF`);
  } else {
    assert.equal(zip64, undefined, `${name}: no ZIP64 field without a 0xFFFFFFFF field`);
  }
  assert.equal(compressed, size, `${name}: stored, so compressed size = size`);
  const entry: ReadEntry = {
    name,
    data: Buffer.alloc(0),
    crc: zip.readUInt32LE(at + 16),
    flags: zip.readUInt16LE(at + 8),
    versionNeeded: zip.readUInt16LE(at + 6),
    dosTime: dosDate(zip.readUInt32LE(at + 12)),
    unixSeconds: timestamp(extras),
    wideLocal: false,
    zip64Central,
  };
  return { entry, offset, size, next: at + 46 + nameLength + extraLength + commentLength };
}

/** Checks the local header, data and descriptor of an entry; fills in its data; returns where the next record starts. */
function localEntry(zip: Buffer, at: number, size: number, entry: ReadEntry): number {
  const { name } = entry;
  assert.equal(zip.readUInt32LE(at), 0x04034b50, `${name}: local header signature`);
  assert.equal(zip.readUInt16LE(at + 4), entry.versionNeeded, `${name}: same version needed as the central record`);
  assert.equal(zip.readUInt16LE(at + 6), entry.flags, `${name}: same flags as the central record`);
  assert.equal(zip.readUInt16LE(at + 8), 0, `${name}: stored`);
  assert.equal(dosDate(zip.readUInt32LE(at + 10)).getTime(), entry.dosTime.getTime(), `${name}: same time as the central record`);
  const nameLength = zip.readUInt16LE(at + 26);
  const extraLength = zip.readUInt16LE(at + 28);
  assert.equal(zip.toString('utf8', at + 30, at + 30 + nameLength), name, 'same name in the local header');
  const extras = readExtras(zip.subarray(at + 30 + nameLength, at + 30 + nameLength + extraLength));
  assert.equal(timestamp(extras), entry.unixSeconds, `${name}: same timestamp as the central record`);
  const zip64 = extras.get(0x0001);
  entry.wideLocal = zip64 !== undefined;
  const dataAt = at + 30 + nameLength + extraLength;
  if (entry.flags & 0x08) {
    // With a data descriptor, the local CRC and sizes are zero (in the ZIP64 field too).
    assert.deepEqual([zip.readUInt32LE(at + 14), zip.readUInt32LE(at + 18), zip.readUInt32LE(at + 22)], [0, 0, 0], `${name}: local CRC and sizes`);
    if (zip64) assert.deepEqual(zip64, Buffer.alloc(16), `${name}: local ZIP64 sizes are zero`);
  }
  entry.data = zip.subarray(dataAt, dataAt + size);
  assert.equal(entry.data.length, size, `${name}: data within the archive`);
  assert.equal(crc32(entry.data), entry.crc, `${name}: CRC-32 of the data`);
  let next = dataAt + size;
  if (entry.flags & 0x08) {
    assert.equal(zip.readUInt32LE(next), 0x08074b50, `${name}: data descriptor signature`);
    assert.equal(zip.readUInt32LE(next + 4), entry.crc, `${name}: data descriptor CRC`);
    const sizes = entry.wideLocal ? [zip.readBigUInt64LE(next + 8), zip.readBigUInt64LE(next + 16)] : [zip.readUInt32LE(next + 8), zip.readUInt32LE(next + 12)];
    assert.deepEqual(sizes.map(Number), [size, size], `${name}: data descriptor sizes`);
    next += entry.wideLocal ? 24 : 16;
  }
  return next;
}

function readExtras(field: Buffer): Map<number, Buffer> {
  const extras = new Map<number, Buffer>();
  let at = 0;
  while (at < field.length) {
    const id = field.readUInt16LE(at);
    const length = field.readUInt16LE(at + 2);
    assert.ok(at + 4 + length <= field.length, 'extra field within its record');
    assert.ok(!extras.has(id), `extra field ${id} once`);
    extras.set(id, field.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return extras;
}

function timestamp(extras: Map<number, Buffer>): number | undefined {
  const field = extras.get(0x5455);
  if (!field) return undefined;
  assert.equal(field.readUInt8(0) & 1, 1, 'extended timestamp has the modification time');
  return field.readInt32LE(1);
}

function dosDate(value: number): Date {
  const date = value >>> 16;
  const time = value & 0xffff;
  return new Date(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2);
}
