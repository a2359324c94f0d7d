import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Largest picture Runnel keeps; bigger embedded or folder pictures are ignored (and reported). */
export const MAX_PICTURE_BYTES = 16 * 1024 * 1024;

/** A content-derived artwork id: the same picture in 500 files is stored and served once. */
export function artworkId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

export function extensionOf(mime: string): string {
  if (/png/i.test(mime)) return 'png';
  if (/webp/i.test(mime)) return 'webp';
  if (/gif/i.test(mime)) return 'gif';
  return 'jpg';
}

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
  const known = new Set<string>();
  // The last few pictures and their ids: comparing bytes costs far less than hashing them,
  // and files of one album, read one after another, carry the same picture.
  const recent: { bytes: Buffer; id: string }[] = [];
  const recentId = (bytes: Uint8Array): string => {
    const hit = recent.find((r) => r.bytes.length === bytes.length && r.bytes.equals(bytes));
    if (hit) return hit.id;
    const id = artworkId(bytes);
    if (bytes.length <= 1024 * 1024) {
      recent.unshift({ bytes: Buffer.from(bytes), id });
      recent.length = Math.min(recent.length, 4);
    }
    return id;
  };

  return {
    /** Stores an embedded picture if it is not stored yet; returns where it is. */
    async storeEmbedded(bytes: Uint8Array, mime: string): Promise<{ id: string; path: string }> {
      const id = recentId(bytes);
      const path = join(originals, id.slice(0, 2), `${id}.${extensionOf(mime)}`);
      if (known.has(path)) return { id, path };
      try {
        await stat(path);
      } catch {
        await mkdir(join(originals, id.slice(0, 2)), { recursive: true });
        await writeAtomic(path, bytes);
      }
      if (known.size >= 10_000) known.clear();
      known.add(path);
      return { id, path };
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
      // sharp (libvips) is loaded on first use, so scanner workers that only store pictures never load it.
      const { default: sharp } = await import('sharp');
      const input = await readFile(originalPath);
      const output = await sharp(input, { limitInputPixels: 100_000_000 })
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
