import type { FormatEnum, Metadata } from 'sharp';
import { sniffRaster, type RasterMime } from '../catalog/raster.ts';
import { loadSharp } from '../catalog/sharp.ts';
import { AppError } from '../errors.ts';

/** Largest upload looked at: far above any banner, small enough to hold in memory. */
export const BANNER_MAX_BYTES = 8 * 1024 * 1024;
/** The ad slot, 728×90 CSS px (the leaderboard size), at 2× for high-density screens. */
export const BANNER_MAX_WIDTH = 1456;
export const BANNER_MAX_HEIGHT = 180;
/** Largest picture decoded (24 megapixels, a camera photo): a few small bytes can claim a picture that would fill the server's memory. */
const MAX_INPUT_PIXELS = 24_000_000;

/** What sharp calls each sniffed type; anything else means the bytes are not what they start as. */
const DECODED_AS: Record<RasterMime, keyof FormatEnum> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'heif',
};

export interface AcceptedBanner {
  /** The re-encoded picture: none of the uploaded bytes, metadata or frames beyond the first. */
  bytes: Uint8Array;
  /** WebP today (every browser shows it); PNG and JPEG are left open for a later choice. */
  mime: 'image/webp' | 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Turns an uploaded banner into one Runnel can serve from its own origin: a raster picture,
 * by its bytes (never its name or declared type), decoded with a pixel limit, shrunk to fit
 * the ad slot (never enlarged), turned upright, and re-encoded as WebP without its metadata;
 * an animation keeps its first frame. Anything else is refused with `ad_banner_invalid`.
 */
export async function acceptBanner(bytes: Uint8Array): Promise<AcceptedBanner> {
  if (bytes.byteLength > BANNER_MAX_BYTES) throw new AppError('ad_banner_invalid', 400, `The banner is larger than ${BANNER_MAX_BYTES / 1024 / 1024} MB`);
  const sniffed = sniffRaster(bytes);
  if (!sniffed) throw new AppError('ad_banner_invalid', 400, 'The banner is not a JPEG, PNG, GIF, WebP or AVIF picture');
  const sharp = await loadSharp();
  let header: Metadata;
  try {
    // The header only: nothing is decoded yet, so no limit is needed to read the size it claims.
    header = await sharp(bytes, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (error) {
    throw unreadable(error);
  }
  if (header.format !== DECODED_AS[sniffed]) throw unreadable(`starts as ${sniffed} but decodes as ${header.format}`);
  if (header.width * header.height > MAX_INPUT_PIXELS)
    throw new AppError('ad_banner_invalid', 400, `The banner is ${header.width}×${header.height} pixels, more than ${MAX_INPUT_PIXELS / 1e6} megapixels`);
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, pages: 1 })
      .autoOrient()
      .resize(BANNER_MAX_WIDTH, BANNER_MAX_HEIGHT, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 90 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), mime: 'image/webp', width: info.width, height: info.height };
  } catch (error) {
    throw unreadable(error);
  }
}

function unreadable(reason: unknown): AppError {
  const why = reason instanceof Error ? reason.message : String(reason);
  return new AppError('ad_banner_invalid', 400, `The banner could not be read as a picture (${why})`);
}
