/**
 * Many strings as UTF-8 in one byte array, with the offset of each: a segment's ids cost
 * their bytes plus 4, where a JS string costs ~16 bytes of header plus a slot in an array
 * and is one more object for every full garbage collection to mark (17M at 13M tracks).
 */
export interface PackedStrings {
  bytes: Uint8Array;
  /** String i is bytes [start[i], start[i + 1]). */
  start: Int32Array;
}

/** Packs strings, yielding every 64k of them (run it with runNow or runSliced). */
export function* packStrings(strings: readonly string[]): Generator<void, PackedStrings> {
  const start = new Int32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) {
    start[i + 1] = start[i]! + Buffer.byteLength(strings[i]!);
    if ((i & 0xffff) === 0xffff) yield;
  }
  const bytes = Buffer.allocUnsafeSlow(start[strings.length]!);
  for (let i = 0; i < strings.length; i++) {
    bytes.write(strings[i]!, start[i]!);
    if ((i & 0xffff) === 0xffff) yield;
  }
  return { bytes, start };
}

/** String i of a packed list. */
export function stringAt({ bytes, start }: PackedStrings, i: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start[i]!, start[i + 1]!);
}

/** Every string of a packed list, yielding every 32k of them. */
export function* unpackStrings(packed: PackedStrings): Generator<void, string[]> {
  const n = packed.start.length - 1;
  const buffer = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.bytes.byteLength);
  const strings = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    strings[i] = buffer.toString('utf8', packed.start[i]!, packed.start[i + 1]!);
    if ((i & 0x7fff) === 0x7fff) yield;
  }
  return strings;
}
