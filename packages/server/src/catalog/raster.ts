import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../errors.ts';

/** The picture types Runnel stores and serves: raster formats a browser shows in <img> and never runs. */
export type RasterMime = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/avif';

/** Bytes of a file's start that sniffRaster needs. */
export const SNIFF_BYTES = 32;

const startsWith = (bytes: Uint8Array, at: number, signature: number[]) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The raster type the bytes really are, by their magic number, or null. A picture's declared
 * type (ID3 APIC, FLAC picture block, file extension) is whatever its writer chose — an
 * attacker can declare text/html or image/svg+xml — so only the bytes decide what Runnel
 * stores and which content-type it answers with.
 */
export function sniffRaster(bytes: Uint8Array): RasterMime | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, ascii('GIF87a')) || startsWith(bytes, 0, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'image/webp';
  // ISO-BMFF: a `ftyp` box whose major brand is AVIF (still image or sequence).
  if (startsWith(bytes, 4, ascii('ftyp')) && (startsWith(bytes, 8, ascii('avif')) || startsWith(bytes, 8, ascii('avis')))) return 'image/avif';
  return null;
}

/** The file extension Runnel stores a raster type under. */
export function extensionOf(mime: RasterMime): string {
  return { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/avif': 'avif' }[mime];
}

/** Sniffs an open file from its start. */
export async function sniffFile(handle: FileHandle): Promise<RasterMime | null> {
  const head = Buffer.alloc(SNIFF_BYTES);
  const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
  return sniffRaster(head.subarray(0, bytesRead));
}

/**
 * Opens a picture to serve, with the type its bytes are; null when the file is gone. Throws
 * image_not_raster when the bytes are not a raster image, whatever the catalogue says the
 * file is: rows and files stored by older versions (or a cover file swapped since the scan)
 * are checked at every request. The bytes sent are read from the handle that was sniffed.
 */
export async function openRaster(path: string): Promise<{ handle: FileHandle; mime: RasterMime } | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const mime = await sniffFile(handle);
    if (!mime) throw new AppError('image_not_raster', 404, 'Image not found (not a JPEG, PNG, GIF, WebP or AVIF picture)');
    return { handle, mime };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
