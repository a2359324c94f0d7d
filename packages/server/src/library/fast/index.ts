import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { CommonCollector, Unsure, type CommonFields, type FormatFields } from './common.ts';
import { flacMetadataEnd, readFlac } from './flac.ts';
import { id3v2Length, readId3v2 } from './id3v2.ts';
import { readMpeg } from './mpeg.ts';
import { readMp4 } from './mp4.ts';
import { readOgg } from './ogg.ts';

/** What the fast reader learnt about one file, in music-metadata's terms. */
export interface FastRead {
  common: CommonFields;
  format: FormatFields;
  /** A native tag (TCMP, TXXX:COMPILATION, COMPILATION) says "1" or "true". */
  compilationFlag: boolean;
  contentHash: string;
}

/** First read of a file: enough for the tags of most files and for the MPEG frames after them. */
const HEAD = 64 * 1024;
/** Bytes wanted after an ID3v2 tag: the first four MPEG frames and music-metadata's 1 KiB sync window. */
const AFTER_TAG = 16 * 1024;
/** The content hash's windows (see read.ts contentHash). */
const WINDOW = 4 * 1024;

/**
 * Reads an MP3 (ID3v2.3/2.4), FLAC, Ogg Vorbis, Opus or M4A (AAC, ALAC) file with a few synchronous reads of the bytes it
 * needs, and its content hash from the same reads. Returns null whenever music-metadata has
 * to read the file instead: another format, ID3v1 or APE tags, or anything the fast
 * readers do not reproduce exactly (they throw Unsure). Any other error also returns null,
 * so music-metadata is the one that decides a file is unreadable and says why.
 */
/**
 * Read buffers reused from file to file (readFast is synchronous, and what it returns is
 * decoded or copied out): a scan would otherwise allocate tens of KiB per file outside the
 * V8 heap, and the garbage collector runs on external memory too.
 */
const EXTENSIONS = new Set(['.mp3', '.flac', '.ogg', '.oga', '.opus', '.m4a', '.m4b', '.mp4']);
const OGG = new Set(['.ogg', '.oga', '.opus']);
const headScratch = Buffer.allocUnsafe(HEAD);
const tailScratch = Buffer.allocUnsafe(WINDOW);
const middleScratch = Buffer.allocUnsafe(WINDOW);

export function readFast(path: string, size: number): FastRead | null {
  const ext = extname(path).toLowerCase();
  if (!EXTENSIONS.has(ext) || size <= 3 * WINDOW) return null; // smaller files are hashed whole
  const fd = openSync(path, 'r');
  try {
    const readAt = (offset: number, length: number, into = Buffer.allocUnsafe(length)) => {
      const buffer = into.subarray(0, length);
      const n = readSync(fd, buffer, 0, length, offset);
      if (n !== length) throw new Unsure('short read');
      return buffer;
    };
    let head: Buffer = readAt(0, Math.min(size, HEAD), headScratch);
    const extend = (to: number) => {
      if (to > head.length) head = Buffer.concat([head, readAt(head.length, Math.min(size, to) - head.length)]);
    };
    const tail = size <= head.length ? head.subarray(size - WINDOW) : readAt(size - WINDOW, WINDOW, tailScratch);
    if (size >= 128 && tail.toString('latin1', WINDOW - 128, WINDOW - 125) === 'TAG') return null;
    if (tail.toString('latin1', WINDOW - 32, WINDOW - 24) === 'APETAGEX') return null;

    const collect = new CommonCollector();
    let format: FormatFields;
    if (ext === '.mp3') {
      let audioStart = 0;
      const tagLength = id3v2Length(head);
      if (tagLength !== null) {
        if (tagLength > size) return null;
        extend(tagLength + AFTER_TAG);
        audioStart = readId3v2(head, collect);
        if (id3v2Length(head, audioStart) !== null) return null; // a second ID3v2 tag
      }
      format = readMpeg(head, audioStart, size);
    } else if (ext !== '.flac' && !OGG.has(ext)) {
      format = readMp4(
        { at: (offset, length) => (offset + length <= head.length ? head.subarray(offset, offset + length) : readAt(offset, length)) },
        size,
        collect,
      );
    } else if (ext !== '.flac') {
      format = readOgg(
        {
          bytes: (length) => (extend(length), head),
          tail: (length) =>
            length <= WINDOW ? tail.subarray(WINDOW - length) : size <= head.length ? head.subarray(size - length) : readAt(size - length, length),
        },
        size,
        collect,
      );
    } else {
      let metadata = flacMetadataEnd(head);
      while (metadata && !metadata.complete && metadata.end <= size) {
        extend(metadata.end + HEAD);
        metadata = flacMetadataEnd(head);
      }
      if (!metadata?.complete || metadata.end > size) return null;
      extend(metadata.end);
      format = readFlac(head, size, collect);
    }
    const middle = Math.floor(size / 2) - WINDOW / 2;
    const hash = createHash('sha1').update(String(size)).update(head.subarray(0, WINDOW));
    hash.update(middle + WINDOW <= head.length ? head.subarray(middle, middle + WINDOW) : readAt(middle, WINDOW, middleScratch)).update(tail);
    const common = collect.result();
    // Pictures point into the read buffer, which the next file reuses.
    common.picture = common.picture?.map((p) => ({ ...p, data: Buffer.from(p.data) }));
    return { common, format, compilationFlag: collect.compilationFlag, contentHash: hash.digest('base64url') };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
