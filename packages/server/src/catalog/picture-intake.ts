import { loadSharp } from './sharp.ts';
import { sniffRaster, type RasterMime } from './raster.ts';

export type Intake = { bytes: Uint8Array; mime: RasterMime } | { refused: string };

/** Formats sharp decodes that are raster images but not ones Runnel serves as they are: re-encoded to JPEG. */
const REENCODED = new Set(['tiff', 'heif']);

/**
 * What Runnel stores for a picture whose writer declared `declared`: the bytes as they are
 * when they are a JPEG, PNG, GIF, WebP or AVIF; a JPEG re-encoded from a TIFF or HEIF; or a
 * refusal, with the reason to report. The declared type never decides anything — a picture
 * frame that says image/png may hold HTML — and a document format (SVG, HTML, script) is
 * refused, never stored, so it can never be served from Runnel's origin.
 */
export async function acceptPicture(bytes: Uint8Array, declared: string): Promise<Intake> {
  const sniffed = sniffRaster(bytes);
  if (sniffed) return { bytes, mime: sniffed };
  const refused = { refused: `embedded picture is not a JPEG, PNG, GIF or WebP image (declared ${JSON.stringify(declared.slice(0, 60))}), ignored` };
  // Text (markup, script) is not worth handing to a decoder at all.
  if (looksLikeText(bytes)) return refused;
  try {
    const sharp = await loadSharp();
    const { format } = await sharp(bytes).metadata();
    if (!format || !REENCODED.has(format)) return refused;
    const jpeg = await sharp(bytes).rotate().flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
    return sniffRaster(jpeg) === 'image/jpeg' ? { bytes: jpeg, mime: 'image/jpeg' } : refused;
  } catch {
    return refused;
  }
}

/** True when the first bytes are printable text (after an optional BOM): no raster format starts like that. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 64);
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  if ((head[0] === 0xfe && head[1] === 0xff) || (head[0] === 0xff && head[1] === 0xfe)) return true; // UTF-16 text
  for (let i = start; i < head.length; i++) {
    const b = head[i]!;
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  }
  return head.length > start;
}
