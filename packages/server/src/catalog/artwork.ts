import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { acceptPicture } from './picture-intake.ts';
import { extensionOf, type RasterMime } from './raster.ts';
import { loadSharp } from './sharp.ts';

/** Largest picture Runnel keeps; bigger embedded or folder pictures are ignored (and reported). */
export const MAX_PICTURE_BYTES = 16 * 1024 * 1024;

/** A content-derived artwork id: the same picture in 500 files is stored and served once. */
export function artworkId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

/** Where an embedded picture went: stored (under the type its bytes are), or refused with the reason. */
export type StoredEmbedded = { id: string; path: string; mime: RasterMime; size: number } | { refused: string };

/** Writes bytes atomically (temp file + rename), so a crash never leaves half a picture. */
async function writeAtomic(path: string, bytes: Uint8Array) {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

/**
 * Where embedded pictures and thumbnails live inside the data folder. Embedded pictures are
 * copied out once (content-addressed) so serving artwork never re-parses an audio file;
 * cover files in music folders are served from where they are.
 */
export function createArtworkStore(dataDir: string) {
  const originals = join(dataDir, 'artwork', 'originals');
  const thumbs = join(dataDir, 'artwork', 'thumbs');
  // Originals known to be on disk: an album's picture is embedded in each of its files, and a
  // scan would otherwise stat the same path once per file.
  const known = new LRUCache<string, true>({ max: 10_000 });
  // The last few pictures and what became of them: comparing bytes costs far less than
  // hashing (or re-encoding) them, and files of one album, read one after another, carry the same picture.
  const recent: { bytes: Buffer; outcome: StoredEmbedded }[] = [];

  async function store(bytes: Uint8Array, declared: string): Promise<StoredEmbedded> {
    const picture = await acceptPicture(bytes, declared);
    if ('refused' in picture) return picture;
    const id = artworkId(picture.bytes);
    const path = join(originals, id.slice(0, 2), `${id}.${extensionOf(picture.mime)}`);
    if (known.get(path)) return { id, path, mime: picture.mime, size: picture.bytes.length };
    try {
      await stat(path);
    } catch {
      await mkdir(join(originals, id.slice(0, 2)), { recursive: true });
      await writeAtomic(path, picture.bytes);
    }
    known.set(path, true);
    return { id, path, mime: picture.mime, size: picture.bytes.length };
  }

  return {
    /**
     * Stores an embedded picture if it is not stored yet; returns where it is. Only raster
     * images are stored (see acceptPicture): the declared type is the file writer's word.
     */
    async storeEmbedded(bytes: Uint8Array, declared: string): Promise<StoredEmbedded> {
      const hit = recent.find((r) => r.bytes.length === bytes.length && r.bytes.equals(bytes));
      if (hit) return hit.outcome;
      const outcome = await store(bytes, declared);
      if (bytes.length <= 1024 * 1024) {
        recent.unshift({ bytes: Buffer.from(bytes), outcome });
        recent.length = Math.min(recent.length, 4);
      }
      return outcome;
    },

    /**
     * A thumbnail no larger than `size` on its longer side, made once with sharp and cached
     * as JPEG (WebP/PNG originals with transparency get a white background).
     */
    async thumbnail(id: string, originalPath: string, size: number): Promise<string> {
      const path = join(thumbs, id.slice(0, 2), `${id}-${size}.jpg`);
      try {
        await stat(path);
        return path;
      } catch {
        // not cached yet
      }
      const sharp = await loadSharp();
      const input = await readFile(originalPath);
      const output = await sharp(input)
        .rotate()
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 85, mozjpeg: false })
        .toBuffer();
      await mkdir(join(thumbs, id.slice(0, 2)), { recursive: true });
      await writeAtomic(path, output);
      return path;
    },
  };
}

export type ArtworkStore = ReturnType<typeof createArtworkStore>;
